// What the runs of one process share of their inputs. A whole-history recompute is up to 84
// periods, each reading up to 24 months of every trust's activity and finance and the ledger of up
// to 84 months (methodology §8–§10); read and parsed per run, the same months went through
// PostgreSQL, the pg parser, decimal.js and the garbage collector again and again (a profile of
// twelve periods: two thirds of the services' time). Here each is parsed once:
//
// - a month's activity and finance rows, keyed by the current submissions that make them (org,
//   kind, batch, content sha256: ingestion's v_current_activity/v_current_finance are exactly the
//   rows of those submissions). The key is taken from the submissions the run read in its own
//   snapshot, and a month is read in that snapshot when it is not held, so a held month is the
//   rows the snapshot would return;
// - a trust-month's weighed ledger units, keyed as productivity.ledger_month is (weights key and
//   the trust-month's submissions' sha256);
// - a weight set's cost weights per equalisation setting (a set is immutable).
//
// Everything held is immutable once made (records, Exact amounts, bigint units), so runs share
// it without copying. Bounded, the least recently used dropped first.
import { ActivityRecord, activityRecordFromText, FinanceRecord, financeRecordFromText } from '@nhsp/domain';
import { BundleInputs, CostWeights, MonthUnits } from '@nhsp/methodology';
import { Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BundleRowsRepository } from './repositories/bundle-rows.repository';
import { HistoryRepository, LedgerKey } from './repositories/history.repository';
import { HeldIndexes, holdsMonths, Indexes, indexesOf } from './held-indexes';
import { SubmissionDigests } from './submission-digests';
import { monthIdentities } from './submission-rows';

export interface MonthRecords {
  activity: ActivityRecord[];
  finance: FinanceRecord[];
}

/** A map that forgets its least recently used entries beyond `size`. */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly size: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get count(): number {
    return this.entries.size;
  }
}

/**
 * Months held: the whole history of the platform's data (seven years) and then some, so that
 * the runs of a recompute, which all weigh the history's ledger when they start together, share
 * one read of it (about 1 MB a month of 194 trusts).
 */
export const MONTHS_HELD = 96;
/** Ledger trust-months held per weights key: 84 months of 194 trusts is 16,296 (one entry each). */
export const LEDGER_MONTHS_HELD = 40_000;

/** The rows of `months` as the views return them, parsed, in two queries. */
export async function readMonthRecords(db: EntityManager, months: readonly string[]): Promise<Map<string, MonthRecords>> {
  const byMonth = new Map<string, MonthRecords>(months.map((m) => [m, { activity: [], finance: [] }]));
  if (!months.length) return byMonth;
  const repository = new BundleRowsRepository(db);
  const activity = await repository.activity(months);
  for (const r of activity) byMonth.get(r.month)?.activity.push(activityRecordFromText(r));
  const finance = await repository.finance(months);
  for (const r of finance) byMonth.get(r.month)?.finance.push(financeRecordFromText(r));
  return byMonth;
}

/** A trust-month's units and the submissions weighed; `held` until replaced or dropped. */
interface LedgerEntry {
  activity: string;
  finance: string;
  units: MonthUnits;
  held: boolean;
}

/**
 * Weighed trust-months of one weights key, one per trust and month: the units of the submissions
 * last weighed (a restated month replaces its entry). Looked up by trust and month and then
 * compared by submission hash: a run looks up every trust-month of its history (up to 84 months
 * of 194 trusts), and a map keyed by the whole key text (two sha256s) hashed every one of them.
 */
export class HeldLedger {
  private readonly months = new Map<string, LedgerEntry>();
  /**
   * The entry found for a key object, while it is still the one held: the keys of a state's
   * submissions are shared by its runs (submission-rows.ts), each of which looks up every
   * trust-month of its history, and the text key hashed for each lookup was most of its cost.
   */
  private readonly found = new WeakMap<LedgerKey, LedgerEntry>();

  constructor(private readonly size: number) {}

  get(k: LedgerKey): MonthUnits | undefined {
    const known = this.found.get(k);
    if (known?.held) return known.units;
    const held = this.months.get(`${k.org_code}|${k.month}`);
    if (!held || held.activity !== k.activity_sha256 || held.finance !== k.finance_sha256) return undefined;
    this.found.set(k, held);
    return held.units;
  }

  keep(k: LedgerKey, units: MonthUnits): void {
    const at = `${k.org_code}|${k.month}`;
    this.drop(at);
    this.months.set(at, { activity: k.activity_sha256, finance: k.finance_sha256, units, held: true });
    // Beyond the bound (more trust-months than the data has), the longest unweighed goes first.
    while (this.months.size > this.size) this.drop(this.months.keys().next().value!);
  }

  private drop(at: string): void {
    const entry = this.months.get(at);
    if (!entry) return;
    entry.held = false;
    this.months.delete(at);
  }

  get count(): number {
    return this.months.size;
  }
}

@Injectable()
export class HistoryCache {
  /** By month and identity; a promise, so that runs asking for the same month at once read it once. */
  private readonly months = new Lru<string, Promise<MonthRecords>>(MONTHS_HELD);
  /** Per weights key (a few: set and equalisation), the trust-months weighed. */
  private readonly ledger = new Lru<string, HeldLedger>(4);
  private readonly weights = new Lru<string, CostWeights>(4);
  /** Per weight set, deflator set and series: the parsed schedule and deflator series (sets are immutable). */
  private readonly references = new Lru<string, Promise<Pick<BundleInputs, 'schedule' | 'deflators'>>>(4);
  /** Per weights key: the weighing in progress, so concurrent runs weigh each trust-month once. */
  private readonly weighing = new Map<string, Promise<void>>();
  /** The indexes of every month of the latest snapshot that needed new ones (held-indexes.ts); a promise, so runs asking at once build them once. */
  private held: Promise<HeldIndexes | undefined> = Promise.resolve(undefined);

  /** `digests`: every submission of a snapshot, held per state (read here when absent, as in a spec). */
  constructor(@Optional() private readonly digests?: SubmissionDigests) {}

  /**
   * Activity and finance indexes holding `months` as the run's snapshot (`db`) holds them
   * (`identities`: monthIdentities of its submissions): the held ones when they hold every month
   * under the same identity, else new ones of every month of the snapshot, held for the runs
   * after. A run with a month the snapshot names no submission of, or one older than the latest
   * MONTHS_HELD months, gets indexes of its own months, not held.
   */
  async indexes(db: EntityManager, months: readonly string[], identities: ReadonlyMap<string, string>): Promise<Indexes> {
    const held = await this.held;
    if (holdsMonths(held, months, identities)) return held!;
    if (months.every((m) => identities.has(m))) {
      const building = this.heldOfSnapshot(db, months, identities);
      // Never rejects: a failed build (its run's transaction ended) leaves the indexes held before.
      const before = this.held;
      this.held = building.then(
        (made) => made ?? before,
        () => before,
      );
      const made = await building;
      if (made) return made;
    }
    return indexesOf(await this.monthRecords(db, months, identities), new Map());
  }

  /** Indexes of every month with submissions in `db`'s snapshot (the latest MONTHS_HELD); undefined when the run's months are not among them as its identities name them. */
  private async heldOfSnapshot(db: EntityManager, months: readonly string[], identities: ReadonlyMap<string, string>): Promise<HeldIndexes | undefined> {
    const [from, to] = ['0000-01', '9999-12'];
    const held = await this.digests?.of(db);
    const all = monthIdentities(held ? held.submissions(from, to) : await new HistoryRepository(db).submissions(from, to));
    // The latest months the cache holds: a history longer than that still shares indexes among the runs of its recent periods.
    const recent = new Map([...all].sort(([a], [b]) => (a < b ? -1 : 1)).slice(-MONTHS_HELD));
    if (months.some((m) => recent.get(m) !== identities.get(m))) return undefined;
    return indexesOf(await this.monthRecords(db, [...recent.keys()], recent), recent);
  }

  /**
   * The records of `months` as the run's snapshot (`db`) holds them: held months by the identity
   * its submissions give them, the others read in `db` (one query per kind for all of them).
   * A month without an identity (outside the submissions read) is always read.
   */
  async monthRecords(db: EntityManager, months: readonly string[], identities: ReadonlyMap<string, string>): Promise<Map<string, MonthRecords>> {
    const found = new Map<string, Promise<MonthRecords>>();
    const toRead: string[] = [];
    for (const month of months) {
      const identity = identities.get(month);
      const held = identity === undefined ? undefined : this.months.get(`${month}\n${identity}`);
      if (held) found.set(month, held);
      else toRead.push(month);
    }
    if (toRead.length) {
      const read = readMonthRecords(db, toRead);
      for (const month of toRead) {
        const one = read.then((all) => all.get(month)!);
        found.set(month, one);
        const identity = identities.get(month);
        if (identity === undefined) continue;
        const key = `${month}\n${identity}`;
        this.months.set(key, one);
        // A failed read is not kept: the next run reads the month itself.
        one.catch(() => this.months.delete(key));
      }
    }
    const out = new Map<string, MonthRecords>();
    for (const [month, promise] of found) {
      try {
        out.set(month, await promise);
      } catch (error) {
        // Another run's read of a held month failed (its transaction ended): read it here.
        if (!toRead.includes(month)) out.set(month, (await readMonthRecords(db, [month])).get(month)!);
        else throw error;
      }
    }
    return out;
  }

  /** The trust-months weighed with these weights (weightsKey of plan-ledger.ts) held by this process. */
  heldLedger(weightsKey: string): HeldLedger {
    let held = this.ledger.get(weightsKey);
    if (!held) this.ledger.set(weightsKey, (held = new HeldLedger(LEDGER_MONTHS_HELD)));
    return held;
  }

  /** One weighing at a time per weights key: `task` runs once the ones before it have ended (failed or not). */
  async oneWeighingAtATime<T>(weightsKey: string, task: () => Promise<T>): Promise<T> {
    const before = this.weighing.get(weightsKey) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const chained = before.then(() => mine);
    this.weighing.set(weightsKey, chained);
    try {
      await before;
      return await task();
    } finally {
      release();
      if (this.weighing.get(weightsKey) === chained) this.weighing.delete(weightsKey);
    }
  }

  /** The reference sets' schedule and deflators under `key`, read by `read` once (a failed read is not kept). */
  reference(key: string, read: () => Promise<Pick<BundleInputs, 'schedule' | 'deflators'>>): Promise<Pick<BundleInputs, 'schedule' | 'deflators'>> {
    let held = this.references.get(key);
    if (!held) {
      this.references.set(key, (held = read()));
      held.catch(() => this.references.delete(key));
    }
    return held;
  }

  /** The set's cost weights with this equalisation, derived once. */
  costWeights(key: string, derive: () => CostWeights): CostWeights {
    const held = this.weights.get(key);
    if (held) return held;
    const weights = derive();
    this.weights.set(key, weights);
    return weights;
  }
}
