import Decimal from 'decimal.js';
import { ActivityRecord, Exact, FinanceCategory, FinanceRecord, Pod } from '@nhsp/domain';

export interface ActivityCell {
  pod: Pod;
  currency: string;
  count: number;
  bedDays: number | null;
}

/** Activity by trust and month, duplicate keys summed (data contract: "rows with the same key are summed"). */
export class ActivityIndex {
  private readonly byOrg = new Map<string, Map<string, Map<string, ActivityCell>>>();
  private readonly keys = new CodePairKeys();
  private added = 0;

  /** How many rows were added: what a memo made from the index (history-memo.ts) checks it still holds. */
  get revision(): number {
    return this.added;
  }

  static from(records: Iterable<ActivityRecord>): ActivityIndex {
    const index = new ActivityIndex();
    for (const record of records) index.add(record);
    return index;
  }

  add(record: ActivityRecord): void {
    this.added++;
    let months = this.byOrg.get(record.orgCode);
    if (!months) this.byOrg.set(record.orgCode, (months = new Map()));
    let cells = months.get(record.month);
    if (!cells) months.set(record.month, (cells = new Map()));
    const key = this.keys.of(record.pod, record.currency);
    const cell = cells.get(key);
    // A key's first record is its cell (it has the cell's fields): a seven-year bundle has half a
    // million of them, and a copy of each lived as long as the run. A repeat makes a new cell
    // rather than change a record that the caller still holds.
    if (!cell) cells.set(key, record);
    else {
      const bedDays = record.bedDays === null ? cell.bedDays : (cell.bedDays ?? 0) + record.bedDays;
      cells.set(key, { pod: cell.pod, currency: cell.currency, count: cell.count + record.count, bedDays });
    }
  }

  /** Whether the trust has any activity row for the month (MISSING_DATA). */
  has(orgCode: string, month: string): boolean {
    return this.byOrg.get(orgCode)?.has(month) ?? false;
  }

  cells(orgCode: string, month: string): Iterable<ActivityCell> {
    return this.byOrg.get(orgCode)?.get(month)?.values() ?? [];
  }

  /** The months the trust has activity rows for, `YYYY-MM`, in no particular order. */
  monthsOf(orgCode: string): string[] {
    return [...(this.byOrg.get(orgCode)?.keys() ?? [])];
  }

  get orgCodes(): string[] {
    return [...this.byOrg.keys()];
  }
}

/**
 * `first|second` for a pair of codes (POD and currency, measure and dimension), made once per
 * distinct pair: an index of a seven-year bundle is built from a million rows that repeat a few
 * thousand pairs, and a new string per row was made and hashed for each of them. The codes come
 * from the readers' memoised cells, so looking them up finds the same strings each time.
 */
export class CodePairKeys {
  private readonly keys = new Map<string, Map<string, string>>();

  of(first: string, second: string): string {
    let seconds = this.keys.get(first);
    if (seconds === undefined) this.keys.set(first, (seconds = new Map()));
    let key = seconds.get(second);
    if (key === undefined) seconds.set(second, (key = `${first}|${second}`));
    return key;
  }
}

/**
 * sum + value, where a first value is kept as read: the same number as 0 + value, without a new
 * decimal per row of a seven-year bundle. Only an Exact of at most 40 significant digits (what the
 * readers and services make) is kept; any other value, and a zero (so that −0 still becomes 0),
 * is added to 0 as before, so that later sums keep the platform's precision.
 */
export function addTo(sum: Decimal | undefined, value: Decimal): Decimal {
  if (sum !== undefined) return sum.plus(value);
  const keep = value.constructor === Exact && !value.isZero() && value.sd() <= Exact.precision;
  return keep ? value : new Exact(0).plus(value);
}

/** Nominal spend by trust, month and category, duplicate keys summed. */
export class FinanceIndex {
  private readonly byOrg = new Map<string, Map<string, Map<FinanceCategory, Decimal>>>();
  private added = 0;

  /** How many rows were added: what a memo made from the index (history-memo.ts) checks it still holds. */
  get revision(): number {
    return this.added;
  }

  static from(records: Iterable<FinanceRecord>): FinanceIndex {
    const index = new FinanceIndex();
    for (const record of records) index.add(record);
    return index;
  }

  add(record: FinanceRecord): void {
    this.added++;
    let months = this.byOrg.get(record.orgCode);
    if (!months) this.byOrg.set(record.orgCode, (months = new Map()));
    let categories = months.get(record.month);
    if (!categories) months.set(record.month, (categories = new Map()));
    categories.set(record.category, addTo(categories.get(record.category), record.amount));
  }

  /** Whether the trust has any finance row, of any category, for the month (MISSING_DATA). */
  has(orgCode: string, month: string): boolean {
    return this.byOrg.get(orgCode)?.has(month) ?? false;
  }

  amounts(orgCode: string, month: string): Iterable<[FinanceCategory, Decimal]> {
    return this.byOrg.get(orgCode)?.get(month)?.entries() ?? [];
  }

  /** The months the trust has finance rows for, `YYYY-MM`, in no particular order. */
  monthsOf(orgCode: string): string[] {
    return [...(this.byOrg.get(orgCode)?.keys() ?? [])];
  }
}
