/**
 * Records summed by trust, month (or year) and a key within them, kept in first-seen order.
 * Bundle files come grouped by trust and month, and the org and month cells are memoised (the
 * same string for the same text), so the current group is recognised by identity without
 * building or hashing a key per row; one flat map over hundreds of thousands of long keys was
 * the largest part of reading a seven-year bundle.
 */
export class GroupedTotals<T> {
  private readonly groups = new Map<string, Map<string, T>>();
  private lastOrg: string | null = null;
  private lastPeriod: string | number | null = null;
  private current: Map<string, T> | null = null;
  /** Every record, in the order its key was first seen. */
  readonly records: T[] = [];

  /** The record summed so far under these keys, if any. */
  find(org: string, period: string | number, key: string): T | undefined {
    return this.group(org, period).get(key);
  }

  /** Starts a record under these keys (call only when `find` found none). */
  add(org: string, period: string | number, key: string, record: T): void {
    this.group(org, period).set(key, record);
    this.records.push(record);
  }

  private group(org: string, period: string | number): Map<string, T> {
    if (this.current && org === this.lastOrg && period === this.lastPeriod) return this.current;
    const id = `${org}\u0000${period}`;
    let group = this.groups.get(id);
    if (!group) this.groups.set(id, (group = new Map()));
    this.lastOrg = org;
    this.lastPeriod = period;
    this.current = group;
    return group;
  }
}

/**
 * The key of a pair of memoised cells (POD and currency, measure and dimension), made once per
 * distinct pair. V8 keeps a string's hash in the string, so looking up the same string objects
 * costs little; a new concatenation on every row was allocated and hashed on every row.
 */
export class PairKeys {
  private readonly keys = new Map<string, Map<string, string>>();

  constructor(private readonly separator: string) {}

  of(first: string, second: string): string {
    let seconds = this.keys.get(first);
    if (!seconds) this.keys.set(first, (seconds = new Map()));
    let key = seconds.get(second);
    if (key === undefined) seconds.set(second, (key = `${first}${this.separator}${second}`));
    return key;
  }
}
