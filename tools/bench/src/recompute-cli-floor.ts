// The floor of bench:recompute: what `nhsp compute` does for each period (estimates, benchmarks,
// the plan view from the whole history, every trust's opportunity pack and indicators, every
// output file's CSV text), for all the periods the services recompute, in ONE process: the bundle
// is read and indexed once, then each period computed in turn. Nothing goes over a queue or into
// a database, so this is the least work the same outputs can cost on this machine. The CSV text
// is made but not written to disk (as bench:compute's stage profile does). The methodology keeps
// what a period computes from the history by the identity of the bundle's indexes and weights
// (libs/methodology/src/history-memo.ts): each trust-month is weighed once and each window's
// measures made once, so the periods after the first find the history computed, as one
// `nhsp compute` of many periods would; the outputs are those of each period computed alone.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CostWeights, resolveSettings } from '@nhsp/methodology';
import { loadBundleInputs } from '../../cli/src/bundle-inputs';
import { computeStagedPeriod } from './compute-stages';

export interface CliFloor {
  /** Wall time, read + every period, ms. */
  totalMs: number;
  cpuMs: number;
  periods: number;
  /** Sums over the periods, ms. */
  stages: { readAndIndexMs: number; estimatesMs: number; planViewMs: number; packsAndIndicatorsMs: number; outputFilesMs: number };
  /** Per period: wall ms (after the one read). */
  perPeriodMs: Record<string, number>;
  /** With `hash`: sha256 over every period's output CSV texts in order, to prove a change leaves the outputs byte-identical. */
  outputsSha256?: string;
}

export async function cliFloor(bundle: string, periods: string[], { hash = false }: { hash?: boolean } = {}): Promise<CliFloor> {
  const cpuAt = process.cpuUsage();
  const started = performance.now();
  const stages = { readAndIndexMs: 0, estimatesMs: 0, planViewMs: 0, packsAndIndicatorsMs: 0, outputFilesMs: 0 };
  let t = started;
  const lap = (name: keyof typeof stages) => {
    const now = performance.now();
    stages[name] += now - t;
    t = now;
  };
  const { inputs } = await loadBundleInputs(bundle);
  const settings = resolveSettings();
  const weights = CostWeights.fromSchedule(inputs.schedule, settings.equalisation);
  lap('readAndIndexMs');
  const perPeriodMs: Record<string, number> = {};
  // Hashing costs time of its own, so it is asked for (--hash), not done on every measurement.
  const sha = hash ? createHash('sha256') : undefined;
  const csv = sha && ((text: string) => sha.update(`${text.length}\n`).update(text));
  for (const period of periods) {
    const periodStarted = t;
    computeStagedPeriod(inputs, period, settings, weights, lap, csv);
    perPeriodMs[period] = Math.round(t - periodStarted);
  }
  const cpu = process.cpuUsage(cpuAt);
  const rounded = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v)])) as CliFloor['stages'];
  return { totalMs: Math.round(performance.now() - started), cpuMs: Math.round((cpu.user + cpu.system) / 1000), periods: periods.length, stages: rounded, perPeriodMs, ...(sha && { outputsSha256: sha.digest('hex') }) };
}
