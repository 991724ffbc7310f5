import { ActivityRecord, Pod } from '@nhsp/domain';
import { ColumnSpec, ReadOptions, ReadResult, Row, finish, readCsv } from './csv/reader';
import { CsvSource } from './csv/source';
import { currencyCell, podCell } from './csv/codes';
import { GroupedTotals, PairKeys } from './csv/grouped-totals';
import { dateToMonth, knownOrgCode, memo, month, nonNegativeInteger } from './csv/values';
import { ParallelOptions, readActivityRecordsInParallel } from './fast/parallel-records';

export interface ActivityReadOptions extends ReadOptions {
  /** Org codes of trusts.csv; rows for any other trust are bad rows. Omit to accept any well-formed code. */
  knownOrgCodes?: Iterable<string>;
  /**
   * activity_records.csv only: how a large plain file on disk is read by worker threads (same
   * result, several times faster); `false` always streams. Other files always stream.
   */
  parallel?: ParallelOptions | false;
}

export const ACTIVITY_COLUMNS: ColumnSpec = {
  required: ['org_code', 'month', 'pod', 'currency', 'count'],
  optional: ['bed_days'],
};

export const ACTIVITY_RECORDS_COLUMNS: ColumnSpec = {
  required: ['org_code', 'date', 'pod', 'currency'],
  optional: ['los_days'],
};

const pod = podCell;
const currency = currencyCell;
const counts = nonNegativeInteger('counts');
const bedDays = nonNegativeInteger('bed days');
const losDays = nonNegativeInteger('lengths of stay');

/** `activity.csv`: aggregated counts, rows with the same org, month, POD and currency summed. */
export async function readActivity(
  source: CsvSource,
  options: ActivityReadOptions = {},
): Promise<ReadResult<ActivityRecord>> {
  const totals = new ActivityTotals();
  const org = knownOrgCode(knownSet(options.knownOrgCodes));
  const monthOf = memo(month);
  const pass = await readCsv(source, 'activity.csv', ACTIVITY_COLUMNS, options, (row) => {
    const key = activityKey(row, org, 'month', monthOf);
    const count = row.parse('count', counts);
    const days = row.parseOptional('bed_days', bedDays);
    if (row.ok && row.wanted) totals.add(row, key!, count!, days!);
  });
  return finish(pass, totals.records());
}

/**
 * `activity_records.csv`: one row per spell, attendance or contact, aggregated to the
 * `activity.csv` shape as it streams (count = rows, bed_days = Σ los_days), so memory grows
 * with the number of distinct keys, not of rows. A large plain file on disk (a national month
 * is 14 million rows) is read by worker threads instead, with the same result; anything
 * unusual (quotes, odd line breaks or encodings) streams, so that its issues stay as precise.
 */
export async function readActivityRecords(
  source: CsvSource,
  options: ActivityReadOptions = {},
): Promise<ReadResult<ActivityRecord>> {
  const org = knownOrgCode(knownSet(options.knownOrgCodes));
  const monthOfDate = memo(dateToMonth);
  if (options.parallel !== false) {
    const cells = { org, date: monthOfDate, pod, currency, losDays };
    const parallel = { ...options, parallel: options.parallel };
    const read = await readActivityRecordsInParallel(source, ACTIVITY_RECORDS_COLUMNS, parallel, cells);
    if ('result' in read) return read.result;
  }
  const totals = new ActivityTotals();
  const pass = await readCsv(source, 'activity_records.csv', ACTIVITY_RECORDS_COLUMNS, options, (row) => {
    const key = activityKey(row, org, 'date', monthOfDate);
    const days = row.parseOptional('los_days', losDays);
    if (row.ok && row.wanted) totals.add(row, key!, 1, days!);
  });
  return finish(pass, totals.records());
}

export function knownSet(codes: Iterable<string> | undefined): ReadonlySet<string> | null {
  if (codes === undefined) return null;
  return new Set([...codes].map((code) => code.trim().toUpperCase()));
}

interface ActivityKey {
  orgCode: string;
  month: string;
  pod: Pod;
  currency: string;
}

function activityKey(
  row: Row,
  org: (raw: string) => string,
  monthColumn: string,
  monthOf: (raw: string) => string,
): ActivityKey | undefined {
  const orgCode = row.parse('org_code', org);
  const monthValue = row.parse(monthColumn, monthOf);
  const podValue = row.parse('pod', pod);
  const currencyValue = row.parse('currency', currency);
  if (!row.ok) return undefined;
  return { orgCode: orgCode!, month: monthValue!, pod: podValue!, currency: currencyValue! };
}

/** Sums by org, month, POD and currency, in first-seen order. */
class ActivityTotals {
  private readonly totals = new GroupedTotals<ActivityRecord>();
  private readonly keys = new PairKeys('|');

  add(row: Row, key: ActivityKey, count: number, days: number | null): void {
    const inner = this.keys.of(key.pod, key.currency);
    const total = this.totals.find(key.orgCode, key.month, inner);
    if (!total) {
      const record = { orgCode: key.orgCode, month: key.month, pod: key.pod, currency: key.currency, count, bedDays: days };
      this.totals.add(key.orgCode, key.month, inner, record);
      return;
    }
    const sum = total.count + count;
    const daySum = days === null ? total.bedDays : (total.bedDays ?? 0) + days;
    if (!Number.isSafeInteger(sum) || (daySum !== null && !Number.isSafeInteger(daySum))) {
      row.fail(null, null, 'the total for this org, month, POD and currency is too large to be exact');
      return;
    }
    total.count = sum;
    total.bedDays = daySum;
  }

  /** In first-seen order. */
  records(): ActivityRecord[] {
    return this.totals.records;
  }
}
