// The ledger a run's plan view is computed from (methodology §8–§10 read the trust's history
// from the index base year): per trust-month the weighed units of libs/methodology's ledger,
// stored once per (activity submission, finance submission, weight set and equalisation) and
// reused by every later run, so a run weighs only the months no run has weighed before. The
// weighing and every formula are the methodology's (weighMonth, ledgerSumsFromUnits,
// planInputsFromLedgers), as the CLI uses them; this file only keys, reads and stores.
import { EntityManager } from 'typeorm';
import { CostWeights, decodeMonthUnits, encodeMonthUnits, LedgerSums, ledgerSumsFromUnits, MethodSettings, MonthUnits, weighMonth } from '@nhsp/methodology';
import { indexesFromRows } from './bundle-rows';
import { HistoryRepository, LedgerKey, StoredLedgerMonth } from './repositories/history.repository';
import { RunInputs } from './run-inputs';

/** What the ledger of a weight set is weighed with: the set and the equalisation setting. */
export function weightsKey(inputs: Pick<RunInputs, 'weightSetId'>, settings: Pick<MethodSettings, 'equalisation'>): string {
  return `${inputs.weightSetId}|${settings.equalisation}`;
}

const keyOf = (k: LedgerKey) => `${k.org_code}|${k.month}|${k.activity_sha256}|${k.finance_sha256}`;

/** Every trust-month of the run's history (its own months included), for the trusts of its list. */
export function ledgerKeys(inputs: RunInputs): LedgerKey[] {
  const byMonth = new Map<string, LedgerKey>();
  for (const r of inputs.history ?? []) {
    if (!inputs.trusts[r.org_code] || (r.kind !== 'activity' && r.kind !== 'finance')) continue;
    const at = `${r.org_code}|${r.month}`;
    const key = byMonth.get(at) ?? { org_code: r.org_code, month: r.month, activity_sha256: '', finance_sha256: '' };
    key[r.kind === 'activity' ? 'activity_sha256' : 'finance_sha256'] = r.content_sha256;
    byMonth.set(at, key);
  }
  return [...byMonth.values()];
}

/** What a run reads of its ledger inside its snapshot: the months stored, and the rows of those not yet weighed. */
export interface LedgerRead {
  key: string;
  stored: StoredLedgerMonth[];
  missing: LedgerKey[];
  rows: Awaited<ReturnType<HistoryRepository['monthRows']>>;
}

export async function readLedger(db: EntityManager, inputs: RunInputs, settings: Pick<MethodSettings, 'equalisation'>): Promise<LedgerRead> {
  const repository = new HistoryRepository(db);
  const key = weightsKey(inputs, settings);
  const keys = ledgerKeys(inputs);
  const wanted = new Set(keys.map(keyOf));
  // Months of submissions since superseded are stored too: only the current ones count.
  const stored = (await repository.ledgerMonths(key, inputs.historyFrom ?? inputs.period, inputs.period)).filter((m) => wanted.has(keyOf(m)));
  const found = new Set(stored.map(keyOf));
  const missing = keys.filter((k) => !found.has(keyOf(k)));
  return { key, stored, missing, rows: await repository.monthRows(missing) };
}

/** Weighs the months the ledger lacks with the run's weights (the methodology's weighMonth), ready to store. */
export function weighMissing(read: LedgerRead, weights: CostWeights): StoredLedgerMonth[] {
  if (!read.missing.length) return [];
  const { activity, finance } = indexesFromRows(read.rows);
  const inputs = { activity, finance, weights };
  return read.missing.map((k) => ({ ...k, units: encodeMonthUnits(weighMonth(k.org_code, k.month, inputs)) }));
}

/** Each trust's ledger sums, from its stored and just weighed months (read back from the same text either way). */
export function trustLedgerSums(months: readonly StoredLedgerMonth[]): Map<string, LedgerSums> {
  const byOrg = new Map<string, MonthUnits[]>();
  for (const m of months) {
    const list = byOrg.get(m.org_code) ?? [];
    list.push(decodeMonthUnits(m.month, m.units));
    byOrg.set(m.org_code, list);
  }
  return new Map([...byOrg].map(([orgCode, list]) => [orgCode, ledgerSumsFromUnits(orgCode, list.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)))]));
}
