// The ledger a run's plan view is computed from (methodology §8–§10 read the trust's history
// from the index base year): per trust-month the weighed units of libs/methodology's ledger,
// stored once per (activity submission, finance submission, weight set and equalisation) and
// reused by every later run, so a run weighs only the months no run has weighed before. The
// weighing and every formula are the methodology's (ledgerMonth, ledgerSums, planInputsFromLedgers),
// as the CLI uses them; this file only keys, reads and stores.
import { EntityManager } from 'typeorm';
import { CostWeights, ledgerFromJson, ledgerMonth, LedgerSums, ledgerSums, MethodSettings } from '@nhsp/methodology';
import { indexesFromRows } from './bundle-rows';
import { HistoryRepository, LedgerKey, StoredLedgerMonth } from './repositories/history.repository';
import { RunInputs, SubmissionHashes } from './run-inputs';

/** What the ledger of a weight set is weighed with: the set and the equalisation setting. */
export function weightsKey(inputs: Pick<RunInputs, 'weightSetId'>, settings: Pick<MethodSettings, 'equalisation'>): string {
  return `${inputs.weightSetId}|${settings.equalisation}`;
}

/** Every trust-month of the run's history and period months, for the trusts of its list. */
export function ledgerKeys(inputs: RunInputs): LedgerKey[] {
  const keys: LedgerKey[] = [];
  const add = (hashes: SubmissionHashes | undefined) => {
    for (const [org, months] of Object.entries(hashes ?? {})) {
      if (!inputs.trusts[org]) continue;
      for (const [month, kinds] of Object.entries(months)) {
        keys.push({ org_code: org, month, activity_sha256: kinds.activity ?? '', finance_sha256: kinds.finance ?? '' });
      }
    }
  };
  add(inputs.submissions);
  add(inputs.history);
  return keys;
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
  const stored = await repository.ledgerMonths(key, keys);
  const found = new Set(stored.map((s) => `${s.org_code}|${s.month}`));
  const missing = keys.filter((k) => !found.has(`${k.org_code}|${k.month}`));
  return { key, stored, missing, rows: await repository.monthRows(missing) };
}

/** Weighs the months the ledger lacks, with the run's weights (the methodology's ledgerMonth). */
export function weighMissing(read: LedgerRead, weights: CostWeights): StoredLedgerMonth[] {
  if (!read.missing.length) return [];
  const { activity, finance } = indexesFromRows(read.rows);
  const inputs = { activity, finance, weights };
  return read.missing.map((k) => ({ ...k, month_units: ledgerMonth(k.org_code, k.month, inputs) }));
}

/** Each trust's ledger sums, from the stored months and the ones just weighed. */
export function trustLedgerSums(months: readonly StoredLedgerMonth[]): Map<string, LedgerSums> {
  const byOrg = new Map<string, unknown[]>();
  for (const m of [...months].sort((a, b) => (a.org_code === b.org_code ? a.month.localeCompare(b.month) : a.org_code.localeCompare(b.org_code)))) {
    const list = byOrg.get(m.org_code) ?? [];
    list.push(m.month_units);
    byOrg.set(m.org_code, list);
  }
  // Through JSON both ways, so a month just weighed reads exactly as one read back from storage.
  return new Map([...byOrg].map(([orgCode, list]) => [orgCode, ledgerSums(ledgerFromJson(JSON.parse(JSON.stringify({ orgCode, months: list }))))]));
}
