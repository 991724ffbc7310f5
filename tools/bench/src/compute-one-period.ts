// The `computeOnePeriodMs` figure of bench:compute: `nhsp compute` on one period of the full
// generated bundle (FY 2019/20-2025/26, 194 trusts, every optional return; `nhsp generate` with
// its defaults, written once to tmp/bench/full-bundle), each run a fresh process as a user runs
// it, wall and CPU time (the first run with an empty bundle cache, then from the cache, then one
// with the cache off); and, in this process, where the time goes (read, index, estimates,
// plan view, packs and indicators, output files).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CostWeights, resolveSettings } from '@nhsp/methodology';
import { loadBundleInputs } from '../../cli/src/bundle-inputs';
import { computeStagedPeriod } from './compute-stages';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'tools/cli/bin/nhsp.js');
export const FULL_BUNDLE = join(ROOT, 'tmp/bench/full-bundle');
export const FULL_PERIOD = '2025-10';
export const TARGET_MS = 2000;

/** The full bundle, generated on first use (about 5 s) and reused. */
export function ensureFullBundle(): string {
  if (!existsSync(join(FULL_BUNDLE, 'medicines.csv'))) {
    console.log(`generating the full bundle into ${FULL_BUNDLE} (nhsp generate, defaults) ...`);
    execFileSync(process.execPath, [CLI, 'generate', '--out', FULL_BUNDLE], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return FULL_BUNDLE;
}

export interface ProcessRuns {
  /** Best wall time of the runs, ms (the figure least disturbed by other work on a shared machine). */
  wallMs: number;
  /** CPU (user + system, all threads) of the best run, ms. */
  cpuMs: number;
  runsMs: number[];
  cpuRunsMs: number[];
  peakRssMb: number;
}

export interface CliComputeRuns extends ProcessRuns {
  /** The first run, with an empty bundle cache: it reads and validates every file, and fills the cache. */
  coldWallMs: number;
  coldCpuMs: number;
  /** One run with the cache off (NHSP_BUNDLE_CACHE=off): every file read, nothing written, as before the cache. */
  cacheOffWallMs: number;
  cacheOffCpuMs: number;
}

/**
 * `nhsp compute --data BUNDLE --period P`, `runs` times, each in its own process, with a bundle
 * cache of its own (empty at the start: the first run fills it, the others read it, as a user's
 * second command does); then once with the cache off.
 */
export function timeCliCompute(bundle: string, period: string, runs: number): CliComputeRuns {
  const out = mkdtempSync(join(tmpdir(), 'nhsp-bench-compute-'));
  const cache = mkdtempSync(join(tmpdir(), 'nhsp-bench-cache-'));
  try {
    const cacheOn = { NHSP_BUNDLE_CACHE: 'on', NHSP_BUNDLE_CACHE_DIR: cache };
    const cached = cliRuns(bundle, period, runs, out, cacheOn);
    const off = cliRuns(bundle, period, 1, out, { NHSP_BUNDLE_CACHE: 'off' });
    return {
      ...cached,
      coldWallMs: cached.runsMs[0],
      coldCpuMs: cached.cpuRunsMs[0],
      cacheOffWallMs: off.wallMs,
      cacheOffCpuMs: off.cpuMs,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}

function cliRuns(bundle: string, period: string, runs: number, out: string, env: Record<string, string>): ProcessRuns {
  const wall: number[] = [];
  const cpu: number[] = [];
  let peak = 0;
  {
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      // /usr/bin/time reports the child's own CPU and peak RSS.
      const run = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %M', process.execPath, CLI, 'compute', '--data', bundle, '--period', period, '--out', out], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
      wall.push(Math.round(performance.now() - started));
      if (run.status !== 0) throw new Error(`nhsp compute exited ${run.status}: ${run.stderr.slice(-800)}`);
      const [, user, system, rssKb] = /TIME (\S+) (\S+) (\d+)/.exec(run.stderr) ?? [];
      cpu.push(Math.round((Number(user) + Number(system)) * 1000));
      peak = Math.max(peak, Math.round(Number(rssKb) / 1024));
    }
  }
  const best = wall.indexOf(Math.min(...wall));
  return { wallMs: wall[best], cpuMs: cpu[best], runsMs: wall, cpuRunsMs: cpu, peakRssMb: peak };
}

/** compute's steps in this process (TypeScript already loaded), ms each; the bundle is read from the files, not the cache. */
export async function computeStages(bundle: string, period: string): Promise<Record<string, number>> {
  const stages: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    stages[name] = Math.round(now - t);
    t = now;
  };
  const saved = process.env.NHSP_BUNDLE_CACHE;
  process.env.NHSP_BUNDLE_CACHE = 'off';
  const { inputs } = await loadBundleInputs(bundle).finally(() => {
    if (saved === undefined) delete process.env.NHSP_BUNDLE_CACHE;
    else process.env.NHSP_BUNDLE_CACHE = saved;
  });
  lap('readAndIndexMs');
  const settings = resolveSettings();
  const weights = CostWeights.fromSchedule(inputs.schedule, settings.equalisation);
  computeStagedPeriod(inputs, period, settings, weights, lap);
  return stages;
}
