import { Month } from '@nhsp/domain';

/**
 * What one generator run produces. Every field has the default the CLI documents, so a test can
 * say `{ ...DEFAULT_OPTIONS, trusts: 6 }` and mean exactly what `--trusts 6` means.
 */
export interface GenerateOptions {
  seed: number;
  /** All trusts of the reference list, or the first N (keeping one of each sector). */
  trusts: 'all' | number;
  from: Month;
  to: Month;
  /** Write `activity_records.csv` (one row per spell) instead of `activity.csv`. */
  records: boolean;
  /**
   * Activity records a month for all the trusts of the reference list together (at the volume of
   * FY 2024/25). Both modes use it: `activity.csv` holds exactly the counts that aggregating the
   * records would give.
   */
  monthRecordsTarget: number;
  /**
   * Write only the files every bundle has (trusts, cost weights, deflators, activity, finance),
   * not the optional returns (trust costs, workforce, operations, medicines, unit costs).
   */
  coreOnly: boolean;
}

export const DEFAULT_MONTH_RECORDS_TARGET = 16_000_000;

/** The history bundle: FY 2019/20 (the index base year) to FY 2025/26, every trust, every file. */
export const DEFAULT_OPTIONS: GenerateOptions = {
  seed: 1,
  trusts: 'all',
  from: Month.of(2019, 4),
  to: Month.of(2026, 3),
  records: false,
  monthRecordsTarget: DEFAULT_MONTH_RECORDS_TARGET,
  coreOnly: false,
};

/**
 * The committed sample (tools/fixtures/sample) that many tests read: the first 150 trusts of the
 * list (the 150 it had before it grew to 194), FY 2024/25 and 2025/26, the core files only, so it
 * stays under 10 MB. Its planted trusts are those of the history bundle wherever they are among
 * the 150, and its FY 2025/26 data-quality cases are the same.
 */
export const SAMPLE_OPTIONS: GenerateOptions = {
  ...DEFAULT_OPTIONS,
  trusts: 150,
  from: Month.of(2024, 4),
  to: Month.of(2026, 3),
  coreOnly: true,
};

/**
 * The deflator series (published 2015–2023 plus the illustrative 2024 and 2025 rows) covers
 * FY 2015/16 to FY 2025/26; spend outside that span would need an inflation rate we do not have.
 */
export const FIRST_SUPPORTED_MONTH = Month.of(2015, 4);
export const LAST_SUPPORTED_MONTH = Month.of(2026, 3);

export function monthsBetween(from: Month, to: Month): Month[] {
  const months: Month[] = [];
  for (let m = from; m.compare(to) <= 0; m = m.plus(1)) months.push(m);
  return months;
}

/** Returns the reason the options cannot be generated, or undefined when they can. */
export function checkOptions(options: GenerateOptions): string | undefined {
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    return `--seed must be an integer from 0 to ${0xffffffff} (got ${options.seed})`;
  }
  if (options.trusts !== 'all' && (!Number.isInteger(options.trusts) || options.trusts < 4)) {
    return `--trusts must be "all" or a whole number of at least 4, one trust for each sector (got ${options.trusts})`;
  }
  if (options.from.compare(options.to) > 0) return `--from ${options.from} is after --to ${options.to}`;
  if (options.from.compare(FIRST_SUPPORTED_MONTH) < 0 || options.to.compare(LAST_SUPPORTED_MONTH) > 0) {
    return `months must lie within ${FIRST_SUPPORTED_MONTH}..${LAST_SUPPORTED_MONTH}, the years the deflator series covers`;
  }
  if (!Number.isInteger(options.monthRecordsTarget) || options.monthRecordsTarget < 1000) {
    return `--month-records-target must be a whole number of at least 1000 (got ${options.monthRecordsTarget})`;
  }
  return undefined;
}
