// bench:compute — the methodology engine on the committed sample bundle: read the bundle, then
// compute every month of FY 2025/26 with its plan view (§8–§10); then one period of the golden
// history bundle (FY 2019/20–2025/26); then `nhsp compute` of one period of the full generated
// bundle (194 trusts, seven years, every return) as a user runs it: `computeOnePeriodMs`
// (compute-one-period.ts). BENCH_RUNS (3) processes; the best wall time is the figure. Prints
// readable figures and, last, `RESULT {json}`.
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BundleInputs, CostWeights, computePeriod, MethodSettings, planInputsFromBundle, planView, resolveSettings } from '@nhsp/methodology';
import { loadBundleInputs } from '../../cli/src/bundle-inputs';
import { computeStages, ensureFullBundle, FULL_PERIOD, TARGET_MS, timeCliCompute } from './compute-one-period';

const SAMPLE = resolve(__dirname, '../../fixtures/sample');
const HISTORY = resolve(__dirname, '../../fixtures/golden/history-bundle');
const HISTORY_PERIOD = '2025-10';

/** The plan view of a period, as compute writes it; its time in ms. */
function timePlan(inputs: BundleInputs, period: string, settings: MethodSettings, weights: CostWeights): number {
  const t = performance.now();
  planView(planInputsFromBundle(inputs, period, weights, { deflators: inputs.deflators, settings }), period, settings);
  return Math.round(performance.now() - t);
}

/** One period of the history bundle end to end: read, estimates, plan view. */
async function historyPeriod() {
  const started = performance.now();
  const { inputs } = await loadBundleInputs(HISTORY);
  const readMs = performance.now() - started;
  const settings = resolveSettings();
  const weights = CostWeights.fromSchedule(inputs.schedule, settings.equalisation);
  const t = performance.now();
  computePeriod(inputs, HISTORY_PERIOD, settings, { weights });
  const computeMs = performance.now() - t;
  const planMs = timePlan(inputs, HISTORY_PERIOD, settings, weights);
  return { period: HISTORY_PERIOD, trusts: inputs.trusts.length, readMs: Math.round(readMs), computeMs: Math.round(computeMs), planMs, totalMs: Math.round(performance.now() - started) };
}
const PERIODS = ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];

async function main(): Promise<void> {
  // The sample and history figures read their files, as they did before the bundle cache; only
  // the `nhsp compute` runs below use it.
  process.env.NHSP_BUNDLE_CACHE = 'off';
  const started = performance.now();
  const { bundle, inputs } = await loadBundleInputs(SAMPLE);
  const readMs = performance.now() - started;
  const settings = resolveSettings();
  const weights = CostWeights.fromSchedule(inputs.schedule, settings.equalisation);
  const perPeriod: Record<string, number> = {};
  const planPerPeriod: Record<string, number> = {};
  for (const period of PERIODS) {
    const t = performance.now();
    computePeriod(inputs, period, settings, { weights });
    perPeriod[period] = Math.round(performance.now() - t);
    planPerPeriod[period] = timePlan(inputs, period, settings, weights);
  }
  const totalMs = performance.now() - started;
  const history = await historyPeriod();
  const full = ensureFullBundle();
  const loadAtStart = loadavg()[0];
  const cli = timeCliCompute(full, FULL_PERIOD, Number(process.env.BENCH_RUNS ?? 3));
  const stages = await computeStages(full, FULL_PERIOD);
  const result = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', loadAverage1m: +loadAtStart.toFixed(2), loadAverage1mAtEnd: +loadavg()[0].toFixed(2), node: process.version },
    bundle: SAMPLE,
    trusts: bundle.trusts.rows.length,
    activityRows: bundle.activity?.rows.length ?? 0,
    financeRows: bundle.finance?.rows.length ?? 0,
    readMs: Math.round(readMs),
    computeMsPerPeriod: perPeriod,
    planMsPerPeriod: planPerPeriod,
    singlePeriodMs: Math.round(readMs + perPeriod['2026-03'] + planPerPeriod['2026-03']),
    history,
    totalMs: Math.round(totalMs),
    computeOnePeriodMs: cli.wallMs,
    computeOnePeriod: { bundle: full, period: FULL_PERIOD, process: cli, inProcessStages: stages, targetMs: TARGET_MS, met: cli.wallMs < TARGET_MS },
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(`read ${result.activityRows} activity and ${result.financeRows} finance rows for ${result.trusts} trusts in ${result.readMs} ms`);
  for (const [period, ms] of Object.entries(perPeriod)) console.log(`  compute ${period}: ${ms} ms, plan view ${planPerPeriod[period]} ms`);
  console.log(`one period end to end (read + compute + plan view 2026-03): ${result.singlePeriodMs} ms (target: under 10 s)`);
  console.log(
    `history bundle (${history.trusts} trusts, FY 2019/20-2025/26), ${history.period}: read ${history.readMs} ms, compute ${history.computeMs} ms, ` +
      `plan view ${history.planMs} ms, in all ${history.totalMs} ms`,
  );
  console.log(`all 12 periods: ${result.totalMs} ms; peak RSS ${result.peakRssMb} MB`);
  console.log(
    `nhsp compute, full bundle (${full}), ${FULL_PERIOD}: best ${cli.wallMs} ms wall, ${cli.cpuMs} ms CPU (runs ${cli.runsMs.join(', ')} ms; ` +
      `peak RSS ${cli.peakRssMb} MB; load ${result.machine.loadAverage1m}) - target under ${TARGET_MS} ms: ${cli.wallMs < TARGET_MS ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    `  first run (empty bundle cache, fills it) ${cli.coldWallMs} ms wall, ${cli.coldCpuMs} ms CPU; cache off ${cli.cacheOffWallMs} ms wall, ${cli.cacheOffCpuMs} ms CPU`,
  );
  console.log(`  in one process: ${Object.entries(stages).map(([k, v]) => `${k.replace(/Ms$/, '')} ${v} ms`).join(', ')}`);
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
