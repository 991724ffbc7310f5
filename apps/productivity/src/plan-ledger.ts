// The ledger a run's plan view is computed from (methodology §8–§10 read the trust's history
// from the index base year): per trust-month the weighed units of libs/methodology's ledger,
// stored once per (activity submission, finance submission, weight set and equalisation) and
// reused by every later run, so a run weighs only the months no run has weighed before. The
// weighing and every formula are the methodology's (weighMonth, ledgerSumsFromUnits,
// planInputsFromLedgers), as the CLI uses them; this file only keys, reads and stores.
import { EntityManager } from 'typeorm';
import { ActivityIndex, CostWeights, decodeMonthUnits, encodeMonthUnits, FinanceIndex, LedgerSums, ledgerSumsFromUnits, MethodSettings, MonthUnits, weighMonth } from '@nhsp/methodology';
import { HistoryCache, MonthRecords } from './history-cache';
import { HistoryRepository, LedgerKey, StoredLedgerMonth } from './repositories/history.repository';
import { RunInputs } from './run-inputs';
import { identitiesOfMonths, ledgerKeysOfHistory } from './submission-rows';

/** What the ledger of a weight set is weighed with: the set and the equalisation setting. */
export function weightsKey(inputs: Pick<RunInputs, 'weightSetId'>, settings: Pick<MethodSettings, 'equalisation'>): string {
  return `${inputs.weightSetId}|${settings.equalisation}`;
}

const keyOf = (k: LedgerKey) => `${k.org_code}|${k.month}|${k.activity_sha256}|${k.finance_sha256}`;

/** Every trust-month of the run's history (its own months included), for the trusts of its list. */
export function ledgerKeys(inputs: RunInputs): LedgerKey[] {
  return ledgerKeysOfHistory(inputs.history ?? [], (org) => Boolean(inputs.trusts[org]));
}

/**
 * What a run reads of its ledger in its snapshot: the trust-months held or stored, and the rows
 * (parsed, shared through the HistoryCache) of the months of those still to weigh. The rows are
 * indexed only when weighed (weighLedger): the runs of a recompute start together and each finds
 * the whole history unweighed, but all except the first find it weighed by their turn, and
 * indexing 84 months of rows in each of them was a third of a second of CPU a run and hundreds of
 * MB the garbage collector copied while they waited.
 */
export interface LedgerRead {
  key: string;
  months: Array<{ orgCode: string; units: MonthUnits }>;
  missing: LedgerKey[];
  records: ReadonlyMap<string, MonthRecords>;
}

/**
 * The run's ledger inside its snapshot: the trust-months the process holds (HistoryCache), then
 * those stored in productivity.ledger_month, and the rows of the rest (read through the cache).
 * Weighing them (weighLedger) comes after the snapshot, so no connection waits on it.
 */
export async function readLedger(db: EntityManager, inputs: RunInputs, settings: Pick<MethodSettings, 'equalisation'>, cache: HistoryCache): Promise<LedgerRead> {
  const key = weightsKey(inputs, settings);
  const months: LedgerRead['months'] = [];
  const none = new Map<string, MonthRecords>();
  const unheld: LedgerKey[] = [];
  const held = cache.heldLedger(key);
  for (const k of ledgerKeys(inputs)) {
    const units = held.get(k);
    if (units) months.push({ orgCode: k.org_code, units });
    else unheld.push(k);
  }
  if (!unheld.length) return { key, months, missing: [], records: none };
  const wanted = new Set(unheld.map(keyOf));
  const span = unheld.map((k) => k.month).sort();
  // Months of submissions since superseded are stored too: only the current ones count.
  const stored = (await new HistoryRepository(db).ledgerMonths(key, span[0], span[span.length - 1])).filter((m) => wanted.has(keyOf(m)));
  for (const m of stored) months.push({ orgCode: m.org_code, units: kept(cache, key, m) });
  const found = new Set(stored.map(keyOf));
  const missing = unheld.filter((k) => !found.has(keyOf(k)));
  if (!missing.length) return { key, months, missing, records: none };
  const toRead = [...new Set(missing.map((k) => k.month))];
  const records = await cache.monthRecords(db, toRead, identitiesOfMonths(inputs.history ?? [], toRead));
  return { key, months, missing, records };
}

/** The rows of the trust-months to weigh (those of their months and trusts), indexed as weighMonth reads them. */
function indexOf(records: ReadonlyMap<string, MonthRecords>, toWeigh: readonly LedgerKey[]): { activity: ActivityIndex; finance: FinanceIndex } {
  const activity = new ActivityIndex();
  const finance = new FinanceIndex();
  const orgs = new Set(toWeigh.map((k) => k.org_code));
  for (const month of new Set(toWeigh.map((k) => k.month))) {
    const rows = records.get(month)!;
    for (const r of rows.activity) if (orgs.has(r.orgCode)) activity.add(r);
    for (const r of rows.finance) if (orgs.has(r.orgCode)) finance.add(r);
  }
  return { activity, finance };
}

/**
 * Weighs the trust-months the ledger lacked with the run's weights (the methodology's weighMonth),
 * one weighing at a time per weights key, so runs started together (a recompute's periods) weigh
 * the shared history once: a later one finds the months held and weighs only the rest. Returns
 * every trust-month of the run's ledger, and those weighed here, to store.
 */
export function weighLedger(read: LedgerRead, weights: CostWeights, cache: HistoryCache): Promise<{ months: LedgerRead['months']; weighed: StoredLedgerMonth[] }> {
  if (!read.missing.length) return Promise.resolve({ months: read.months, weighed: [] });
  return cache.oneWeighingAtATime(read.key, async () => {
    const months = [...read.months];
    const weighed: StoredLedgerMonth[] = [];
    const toWeigh: LedgerKey[] = [];
    const held = cache.heldLedger(read.key);
    for (const k of read.missing) {
      const units = held.get(k);
      if (units) months.push({ orgCode: k.org_code, units });
      else toWeigh.push(k);
    }
    if (!toWeigh.length) return { months, weighed };
    const { activity, finance } = indexOf(read.records, toWeigh);
    for (const k of toWeigh) {
      const m = { ...k, units: encodeMonthUnits(weighMonth(k.org_code, k.month, { activity, finance, weights })) };
      // Read back from the text stored, as a later run reads it: the same figures either way.
      months.push({ orgCode: m.org_code, units: kept(cache, read.key, m) });
      weighed.push(m);
    }
    return { months, weighed };
  });
}

function kept(cache: HistoryCache, key: string, m: StoredLedgerMonth): MonthUnits {
  const units = decodeMonthUnits(m.month, m.units);
  cache.heldLedger(key).keep(m, units);
  return units;
}

/** Each trust's ledger sums from its weighed months. */
export function trustLedgerSums(months: LedgerRead['months']): Map<string, LedgerSums> {
  const byOrg = new Map<string, MonthUnits[]>();
  for (const m of months) {
    const list = byOrg.get(m.orgCode) ?? [];
    list.push(m.units);
    byOrg.set(m.orgCode, list);
  }
  return new Map([...byOrg].map(([orgCode, list]) => [orgCode, ledgerSumsFromUnits(orgCode, list.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)))]));
}
