// bench:compute — the methodology engine on the committed sample bundle: read the bundle, then
// compute every month of FY 2025/26. Prints readable figures and, last, `RESULT {json}`.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CostWeights, computePeriod, resolveSettings } from '@nhsp/methodology';
import { loadBundleInputs } from '../../cli/src/bundle-inputs';

const SAMPLE = resolve(__dirname, '../../fixtures/sample');
const PERIODS = ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];

async function main(): Promise<void> {
  const started = performance.now();
  const { bundle, inputs } = await loadBundleInputs(SAMPLE);
  const readMs = performance.now() - started;
  const settings = resolveSettings();
  const weights = CostWeights.fromSchedule(inputs.schedule, settings.equalisation);
  const perPeriod: Record<string, number> = {};
  for (const period of PERIODS) {
    const t = performance.now();
    computePeriod(inputs, period, settings, { weights });
    perPeriod[period] = Math.round(performance.now() - t);
  }
  const totalMs = performance.now() - started;
  const result = {
    bundle: SAMPLE,
    trusts: bundle.trusts.rows.length,
    activityRows: bundle.activity?.rows.length ?? 0,
    financeRows: bundle.finance?.rows.length ?? 0,
    readMs: Math.round(readMs),
    computeMsPerPeriod: perPeriod,
    singlePeriodMs: Math.round(readMs + perPeriod['2026-03']),
    totalMs: Math.round(totalMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(`read ${result.activityRows} activity and ${result.financeRows} finance rows for ${result.trusts} trusts in ${result.readMs} ms`);
  for (const [period, ms] of Object.entries(perPeriod)) console.log(`  compute ${period}: ${ms} ms`);
  console.log(`one period end to end (read + compute 2026-03): ${result.singlePeriodMs} ms (target: under 10 s)`);
  console.log(`all 12 periods: ${result.totalMs} ms; peak RSS ${result.peakRssMb} MB`);
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
