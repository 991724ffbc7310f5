// Each month's trust data parsed once per process, for the packs and indicators of every run that
// reads it. A whole-history recompute benchmarks up to 84 runs, each reading 24 months of every
// trust's activity, finance, workforce, operations and medicines: read and parsed per run, the
// same months went through PostgreSQL, the pg parser and decimal.js again and again (a profile of
// 24 periods: the largest part of benchmarking's time). A month is held by its identity - the
// current submissions and monthly returns that make its rows (org, kind, batch, sha256), read in
// the same snapshot as any rows read - so a held month is exactly the rows the views would give.
// A month without an identity (no submissions, or a stand-in without ingestion's submissions
// view) is always read. Records are immutable once made, so runs share them without copying.
import { Injectable } from '@nestjs/common';
import { ActivityRecord, activityRecordFromText, FinanceRecord, financeRecordFromText, MedicineRecord, OperationsRecord, WorkforceRecord } from '@nhsp/domain';
import { ActivityIndex, FinanceIndex, monthsHeldAsNamed, OperationalReturns } from '@nhsp/methodology';
import { medicineRecordOf, operationsRecordOf, workforceRecordOf } from './pack-sources';
import { MonthRowsText, TrustDataRepository } from './repositories/trust-data.repository';

export interface MonthData {
  activity: ActivityRecord[];
  finance: FinanceRecord[];
  workforce: WorkforceRecord[];
  operations: OperationsRecord[];
  medicines: MedicineRecord[];
}

/**
 * The whole history and then some: the held indexes (below) are of every month of the snapshot,
 * seven years of the platform's data (a month of every kind is a few MB parsed).
 */
export const MONTHS_HELD = 96;

/**
 * Every month of a snapshot indexed once, for every run whose months it holds under the same
 * identities (issue 17): the methodology keeps what the packs and indicators work out of the
 * history (month prefixes of spend, activity by POD, operations and workforce sums, a year's
 * cost-index rows) by the identity of the indexes a run passes, and indexes built per run made
 * all of it again for every period of a recompute, as `nhsp compute` of many periods, which
 * indexes its bundle once, does not. A run reads only its own months of them (the year to date
 * and the same months a year earlier: returnMonthsRead), so they give it the rows its snapshot
 * holds. A month restated, or one they lack, makes new ones (new objects: no memo of the old
 * ones is reused) of every month then held; nothing is added to them once shared.
 */
export interface HeldMonths {
  activity: ActivityIndex;
  finance: FinanceIndex;
  workforce: WorkforceRecord[];
  operations: OperationsRecord[];
  medicines: MedicineRecord[];
  /** Month → identity of each month indexed. */
  identities: ReadonlyMap<string, string>;
  /** The returns' indexes (trust costs aside) per unit-cost rows (their JSON), made once: see RunPacksService. */
  returns: Map<string, OperationalReturns>;
}

/** Whether `held` holds each of `months` as the snapshot's `identities` name it (a month without one is never held). */
export function holdsMonths(held: HeldMonths | undefined, months: readonly string[], identities: ReadonlyMap<string, string>): held is HeldMonths {
  return monthsHeldAsNamed(held?.identities, months, identities);
}

export function heldOf(data: ReadonlyMap<string, MonthData>, identities: ReadonlyMap<string, string>): HeldMonths {
  const held: HeldMonths = { activity: new ActivityIndex(), finance: new FinanceIndex(), workforce: [], operations: [], medicines: [], identities, returns: new Map() };
  for (const month of [...data.keys()].sort()) {
    const d = data.get(month)!;
    for (const r of d.activity) held.activity.add(r);
    for (const r of d.finance) held.finance.add(r);
    // One at a time: a spread of a month's rows as arguments could exceed the engine's limit.
    for (const r of d.workforce) held.workforce.push(r);
    for (const r of d.operations) held.operations.push(r);
    for (const r of d.medicines) held.medicines.push(r);
  }
  return held;
}

@Injectable()
export class MonthDataCache {
  /** By month and identity, the least recently used dropped first. */
  private readonly held = new Map<string, MonthData>();
  /** The indexes of every month of the latest snapshot that needed new ones. */
  private indexed?: HeldMonths;
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly trustData: TrustDataRepository) {}

  /**
   * What a run reading `months` computes on, in one snapshot: the held indexes when they hold
   * every month as the snapshot does; else, when the snapshot names submissions of each of its
   * months, new held indexes of every month of the snapshot (the latest MONTHS_HELD); else (a
   * month without submissions, or one older than those) its own months' records.
   */
  async sources(months: readonly string[]): Promise<{ held: HeldMonths } | { months: Map<string, MonthData> }> {
    // One at a time: runs started together (a recompute's first periods) would each read and
    // index every month; the next one finds the indexes the one before made.
    const prior = this.turn;
    let done!: () => void;
    this.turn = new Promise<void>((resolve) => (done = resolve));
    await prior;
    try {
      return await this.sourcesInTurn(months);
    } finally {
      done();
    }
  }

  private async sourcesInTurn(months: readonly string[]): Promise<{ held: HeldMonths } | { months: Map<string, MonthData> }> {
    const before = this.indexed;
    let whole = false;
    const widen = (ids: Map<string, string>) => (whole = !holdsMonths(before, months, ids) && months.every((m) => ids.has(m)));
    let reuse = false;
    const out = new Map<string, MonthData>();
    let wanted: readonly string[] = months;
    const { identities, all, rows } = await this.trustData.monthsInOneSnapshot(
      months,
      (ids) => {
        if (!whole && holdsMonths(before, months, ids)) return ((reuse = true), []);
        if (whole) {
          // The latest months held: a longer history still shares indexes among its recent periods.
          const recent = [...ids.keys()].sort().slice(-MONTHS_HELD);
          if (months.every((m) => recent.includes(m))) wanted = recent;
        }
        return this.unheld(wanted, ids, out);
      },
      widen,
    );
    if (reuse) return { held: before! };
    const known = wanted === months ? identities : new Map(wanted.map((m) => [m, all!.get(m)!]));
    this.keep(wanted, known, rows, out);
    if (wanted === months) return { months: out };
    const made = heldOf(out, known);
    this.indexed = made;
    return { held: made };
  }

  async months(months: readonly string[]): Promise<Map<string, MonthData>> {
    const out = new Map<string, MonthData>();
    const { identities, rows } = await this.trustData.monthsInOneSnapshot(months, (ids) => this.unheld(months, ids, out));
    this.keep(months, identities, rows, out);
    return out;
  }

  /** The months of `months` not held under their identity, to read; those held go into `out`. */
  private unheld(months: readonly string[], ids: ReadonlyMap<string, string>, out: Map<string, MonthData>): string[] {
    return months.filter((month) => {
      const identity = ids.get(month);
      const data = identity ? this.held.get(`${month}\n${identity}`) : undefined;
      if (!data) return true;
      // Used again: to the back of the queue.
      this.held.delete(`${month}\n${identity}`);
      this.held.set(`${month}\n${identity}`, data);
      out.set(month, data);
      return false;
    });
  }

  /** Parses the rows read into `out` (every month of `months` not there yet) and holds each month that has an identity. */
  private keep(months: readonly string[], identities: ReadonlyMap<string, string>, rows: MonthRowsText, out: Map<string, MonthData>): void {
    const read = new Map<string, MonthData>();
    const of = (month: string): MonthData => {
      let data = read.get(month);
      if (!data) read.set(month, (data = { activity: [], finance: [], workforce: [], operations: [], medicines: [] }));
      return data;
    };
    for (const r of rows.activity) of(r.month).activity.push(activityRecordFromText(r));
    for (const r of rows.finance) of(r.month).finance.push(financeRecordFromText(r));
    for (const r of rows.workforce) of(r.month).workforce.push(workforceRecordOf(r));
    for (const r of rows.operations) of(r.month).operations.push(operationsRecordOf(r));
    for (const r of rows.medicines) of(r.month).medicines.push(medicineRecordOf(r));
    for (const month of months) {
      if (out.has(month)) continue;
      const data = of(month);
      out.set(month, data);
      const identity = identities.get(month);
      if (!identity) continue;
      this.held.set(`${month}\n${identity}`, data);
      while (this.held.size > MONTHS_HELD) this.held.delete(this.held.keys().next().value!);
    }
  }
}
