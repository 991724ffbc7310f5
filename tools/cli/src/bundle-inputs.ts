import { Bundle, BundleError, readBundle } from '@nhsp/data-contract';
import { ActivityIndex, BundleInputs, DeflatorSeries, FinanceIndex } from '@nhsp/methodology';

/** The deflator series a bundle's deflators.csv holds, in the NHS Cost Inflation Index layout. */
export const BUNDLE_DEFLATOR_SERIES = 'nhs-cost-inflation-index';

/** Reads a bundle folder and shapes it for the methodology; a bundle missing a file it needs is refused. */
export async function loadBundleInputs(dir: string, onError: 'reject' | 'quarantine' = 'reject'): Promise<{ bundle: Bundle; inputs: BundleInputs }> {
  const bundle = await readBundle(dir, { onError });
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
    bundle,
    inputs: {
      trusts: bundle.trusts.rows,
      activity: ActivityIndex.from(bundle.activity!.rows),
      finance: FinanceIndex.from(bundle.finance!.rows),
      schedule: bundle.costWeights!.rows,
      deflators: new DeflatorSeries(BUNDLE_DEFLATOR_SERIES, bundle.deflators!.rows),
    },
  };
}
