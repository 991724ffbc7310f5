import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BadFileError, Bundle, bundleCacheOn, BundleError, bundleKey, BundleRowsKept, NotificationRecord, readBundleCached, readNotifications } from '@nhsp/data-contract';
import { YearToDate } from '@nhsp/domain';
import {
  activityMonthsRead,
  ActivityIndex,
  BundleInputs,
  DeflatorSeries,
  FinanceIndex,
  indexReturns,
  MethodSettings,
  returnMonthsRead,
  trustCostsYearUpTo,
} from '@nhsp/methodology';
import { BundleLedger, readLedger, storeLedger } from './ledger-cache';

/** The deflator series a bundle's deflators.csv holds, in the NHS Cost Inflation Index layout. */
export const BUNDLE_DEFLATOR_SERIES = 'nhs-cost-inflation-index';

/** Optional bundle file: the data notifications trusts raised (TRUST_NOTIFICATION). */
export const NOTIFICATIONS_FILE = 'notifications.csv';

export interface LoadOptions {
  /**
   * The inputs serve this one period only: the monthly returns keep the rows of the months its
   * packs and indicators read, trust_costs.csv each trust's return year its cost index reads
   * (every row is still read and validated).
   */
  forPeriod?: string;
  /**
   * With forPeriod and the bundle cache on: the bundle's weighed ledger for these settings, from
   * the ledger cache (ledger-cache.ts); when it is there, activity and finance keep only the rows
   * of the months the period reads besides the plan view's history (activityMonthsRead).
   */
  ledgerFor?: Pick<MethodSettings, 'equalisation'>;
}

/** The bundle's ledger as the cache has it (held: null when it has none yet), and how to store it there. */
export interface CachedLedger {
  held: BundleLedger | null;
  store(ledger: BundleLedger): Promise<void>;
}

/** Reads a bundle folder and shapes it for the methodology; a bundle missing a file it needs is refused. */
export async function loadBundleInputs(
  dir: string,
  onError: 'reject' | 'quarantine' = 'reject',
  { forPeriod, ledgerFor }: LoadOptions = {},
): Promise<{ bundle: Bundle; inputs: BundleInputs; notifications: NotificationRecord[]; ledger: CachedLedger | null }> {
  // A bundle read before comes from the cache of parsed bundles (keyed by its files' bytes).
  const only: BundleRowsKept =
    forPeriod === undefined ? {} : { returnMonths: returnMonthsRead(forPeriod), trustCostsUpTo: trustCostsYearUpTo(YearToDate.of(forPeriod)) };
  let ledger: CachedLedger | null = null;
  let key: string | undefined;
  if (forPeriod !== undefined && ledgerFor && bundleCacheOn()) {
    const entry = (key = await bundleKey(dir, { onError }));
    const held = await readLedger(entry, ledgerFor);
    if (held) only.activityMonths = activityMonthsRead(forPeriod);
    ledger = { held, store: (made) => storeLedger(entry, ledgerFor, made) };
  }
  const bundle = await readBundleCached(dir, { onError }, only, key);
  const inputs = bundleInputsOf(bundle);
  return { bundle, notifications: await loadNotifications(dir, bundle, onError), inputs, ledger };
}

/** A bundle as the methodology's inputs; a bundle missing a file it needs is refused. */
export function bundleInputsOf(bundle: Bundle): BundleInputs {
  const missing = [
    !bundle.activity && 'activity.csv (or activity_records.csv)',
    !bundle.finance && 'finance.csv',
    !bundle.costWeights && 'cost_weights.csv',
    !bundle.deflators && 'deflators.csv',
  ].filter(Boolean);
  if (missing.length) {
    throw new BundleError(
      missing.map((name) => ({ file: String(name), line: null, column: null, value: null, reason: 'is missing: computing a period needs it' })),
      missing.length,
      missing.map(String),
    );
  }
  return {
    trusts: bundle.trusts.rows,
    activity: ActivityIndex.from(bundle.activity!.rows),
    finance: FinanceIndex.from(bundle.finance!.rows),
    schedule: bundle.costWeights!.rows,
    deflators: new DeflatorSeries(BUNDLE_DEFLATOR_SERIES, bundle.deflators!.rows),
    // The optional returns, indexed once by trust and month: a period reads only its own months.
    returns: indexReturns({
      trustCosts: bundle.returns.trustCosts?.rows,
      workforce: bundle.returns.workforce?.rows,
      operations: bundle.returns.operations?.rows,
      medicines: bundle.returns.medicines?.rows,
      unitCosts: bundle.returns.unitCosts?.rows,
    }),
  };
}

/** notifications.csv when the folder has one, its org codes checked against trusts.csv; bad rows reject or are quarantined like the other files'. */
async function loadNotifications(dir: string, bundle: Bundle, onError: 'reject' | 'quarantine'): Promise<NotificationRecord[]> {
  const path = join(dir, NOTIFICATIONS_FILE);
  if (!(await stat(path).catch(() => null))?.isFile()) return [];
  try {
    const result = await readNotifications(path, { onError, knownOrgCodes: bundle.trusts.rows.map((t) => t.orgCode) });
    bundle.issues.push(...result.issues);
    bundle.issueCount += result.issueCount;
    return result.rows;
  } catch (error) {
    if (error instanceof BadFileError) throw new BundleError(error.issues, error.issueCount, [error.file]);
    throw error;
  }
}
