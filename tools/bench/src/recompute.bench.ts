// bench:recompute — the whole-history recompute through the services and their queues (issue 17,
// target 1): the generated bundle the demo publishes (FY 2019/20 to 2025/26, every trust of the
// reference list, every optional return; tools/demo/demo-bundle.ts, made once into tmp/demo-bundle)
// uploaded to ingestion, then timed from "inputs complete" (the last upload answered: every file
// stored) until every period has a published release; at the end each release is checked to
// hold every output (estimates, benchmarks, plan view: targets, index,
// stability; packs: opportunities, indicators). The automatic trigger runs the latest financial
// year; the earlier periods are asked for with POST /runs at inputs complete, as an operator would.
// Then the incremental path: the latest month submitted again (recompute-incremental.ts). Before
// the services start, the floor: the same periods computed as `nhsp compute` does, in one process
// (recompute-cli-floor.ts). The six services run in this process (as in the demo; `--stack one`,
// the default) or each in its own process (`--stack processes`, as deployed; recompute-stack.ts,
// RESULT `stack`). PostgreSQL is
// DATABASE_URL or a throw-away embedded server; queues are Redis when REDIS_URL is set, else the
// PostgreSQL backend; releases publish as they are assembled (AUTO_PUBLISH=true, serviceEnv).
//
//   npm run bench:recompute -- [--periods N] [--no-floor | --floor-only] [--hash] [--stack one|processes]   (N: the last N months of the history; default all 84)
//
// --floor-only: the floor alone (no services, no database), then `RESULT {json}` with its figures.
// --hash: the floor also hashes every output CSV of every period (cliFloor.outputsSha256), to
// compare two versions' outputs byte for byte.
//
// Prints readable figures and, last, `RESULT {json}` (keys in docs/benchmarks.md).
import { cpus, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';
import { monthsBetween, requestRun, uploadBundle } from '../../demo/client';
import { prepareDemoBundle } from '../../demo/demo-bundle';
import { benchDatabase, serviceEnv } from './bench-database';
import { postgresCpuMs } from './postgres-cpu';
import { cliFloor } from './recompute-cli-floor';
import { incrementalSubmission } from './recompute-incremental';
import { printRecompute } from './recompute-print';
import { startRecomputeProfile } from './recompute-profile';
import { BenchStack, stackKindOption, startBenchStack } from './recompute-stack';
import { readStageTimes, stageDurations } from './recompute-stages';

const HISTORY = monthsBetween('2019-04', '2026-03');
/** The financial year the automatic trigger runs (the latest the data covers). */
const LATEST_YEAR = monthsBetween('2025-04', '2026-03');
const TARGET_MS = 60_000;
/** The first period with a year before it in the data (growth, benchmarks, targets, indicators). */
const FIRST_PERIOD_WITH_BASE = '2020-04';
const FLOOR_RATIO_GOAL = 2;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 1_200_000);

function periodsOption(argv: string[]): number {
  const at = argv.indexOf('--periods');
  if (at < 0) return HISTORY.length;
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < 1 || n > HISTORY.length) throw new Error(`--periods: expected a whole number from 1 to ${HISTORY.length}, got ${argv[at + 1] ?? 'nothing'}`);
  return n;
}

/** Periods with a published release. */
async function publishedPeriods(client: Client, periods: string[]): Promise<{ published: number; runs: number }> {
  const { rows } = await client.query(
    `SELECT (SELECT count(DISTINCT p.period)::int FROM publication.release p WHERE p.status = 'published' AND p.period = ANY($1)) AS published,
            (SELECT count(*)::int FROM productivity.run) AS runs`,
    [periods],
  );
  return rows[0];
}

/**
 * Periods whose published release lacks one of its outputs (none expected). FY 2019/20 is the
 * index base year: with no year before it in the data there is no growth, so its runs have
 * estimates and packs (levels) but no benchmarks, targets or indicators (methodology §2, §9);
 * every later period must have all of them.
 */
async function periodsMissingOutputs(client: Client, periods: string[]): Promise<string[]> {
  const exists = (table: string, key: string) => `EXISTS (SELECT 1 FROM ${table} x WHERE ${key})`;
  const always = [exists('productivity.estimate', 'x.run_id::text = p.run_id'), exists('publication.release_opportunity', 'x.release_id = p.id')];
  const withBase = [
    exists('benchmarking.benchmark', 'x.run_id::text = p.run_id'),
    ...['release_target', 'release_index', 'release_stability', 'release_indicator'].map((t) => exists(`publication.${t}`, 'x.release_id = p.id')),
  ];
  const { rows } = await client.query(
    `SELECT p.period FROM publication.release p WHERE p.status = 'published' AND p.period = ANY($1)
       AND NOT (${always.join(' AND ')} AND (p.period < $2 OR (${withBase.join(' AND ')})))`,
    [periods, FIRST_PERIOD_WITH_BASE],
  );
  return [...new Set(rows.map((r) => r.period as string))].sort();
}

/**
 * POST /runs for each period, oldest first, REQUESTS_IN_FLIGHT at a time: a POST computes its run
 * before it answers, so one at a time left the services' second core to PostgreSQL alone while a
 * run computed, and the computing core idle while a run read and wrote.
 */
/** Quiet: the six services used under QUIET_CPU_SHARE of a core over a QUIET_WINDOW_MS window. */
const QUIET_WINDOW_MS = 2_000;
const QUIET_CPU_SHARE = 0.1;
const QUIET_TIMEOUT_MS = 300_000;

/** Waits until the services are quiet (or QUIET_TIMEOUT_MS); how long it waited, ms. */
async function untilQuiet(stack: BenchStack): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < QUIET_TIMEOUT_MS) {
    const before = stack.cpuMs();
    await new Promise((r) => setTimeout(r, QUIET_WINDOW_MS));
    if (stack.cpuMs() - before < QUIET_CPU_SHARE * QUIET_WINDOW_MS) break;
  }
  return Date.now() - started;
}

const REQUESTS_IN_FLIGHT = Number(process.env.BENCH_REQUESTS_IN_FLIGHT ?? 2);
async function requestInTurn(productivityUrl: string, periods: string[]): Promise<void> {
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < periods.length) {
      const period = periods[next++];
      await requestRun(productivityUrl, period).catch((e: Error) => console.log(`  ${e.message.slice(0, 200)}`));
    }
  };
  await Promise.all(Array.from({ length: REQUESTS_IN_FLIGHT }, one));
}

async function measureFloor(dir: string, periods: string[]) {
  console.log('the floor: the same periods computed as nhsp compute does, in one process ...');
  const floor = await cliFloor(dir, periods, { hash: process.argv.includes('--hash') });
  console.log(`  ${floor.totalMs} ms (CPU ${floor.cpuMs} ms): ${JSON.stringify(floor.stages)}`);
  return floor;
}

async function main(): Promise<void> {
  const periods = HISTORY.slice(HISTORY.length - periodsOption(process.argv.slice(2)));
  const requested = periods.filter((p) => !LATEST_YEAR.includes(p));
  const bundle = await prepareDemoBundle((line) => console.log(line));
  const load = loadavg()[0];
  console.log(`${periods.length} periods ${periods[0]}..${periods[periods.length - 1]}; bundle ${bundle.dir}; load average ${load.toFixed(2)}`);
  // --no-floor: a quicker look at the services alone while changing them (serviceVsCli is then null).
  const floor = process.argv.includes('--no-floor') ? null : await measureFloor(bundle.dir, periods);
  if (floor && process.argv.includes('--floor-only')) {
    console.log(`RESULT ${JSON.stringify({ machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAverage1m: +load.toFixed(2), node: process.version }, periods: periods.length, firstPeriod: periods[0], lastPeriod: periods[periods.length - 1], cliFloorMs: floor.totalMs, cliFloor: { cpuMs: floor.cpuMs, stages: floor.stages, outputsSha256: floor.outputsSha256 } })}`);
    return;
  }

  const pg = await benchDatabase('recompute');
  const env = serviceEnv(pg.url);
  const bootStarted = Date.now();
  const stack = await startBenchStack(stackKindOption(process.argv.slice(2)), env);
  const bootMs = Date.now() - bootStarted;
  const watcher = new Client({ connectionString: pg.url });
  await watcher.connect();
  try {
    const uploadStarted = Date.now();
    await uploadBundle(stack.urls.ingestion, bundle.dir);
    const zero = Date.now(); // inputs complete
    const cpuAtZero = stack.cpuMs();
    const pgCpuAtZero = postgresCpuMs(pg.dataDir);
    // A profile of this process's thread: the services' only with `--stack one`.
    const profile = await startRecomputeProfile(stack.kind === 'one' ? process.env.BENCH_CPU_PROFILE : undefined);
    await requestInTurn(stack.urls.productivity, requested);
    let done: number;
    for (;;) {
      const state = await publishedPeriods(watcher, periods);
      if (state.published === periods.length) {
        done = Date.now();
        break;
      }
      if (Date.now() - zero > TIMEOUT_MS) throw new Error(`timed out after ${TIMEOUT_MS / 1000} s: ${state.published}/${periods.length} periods published, ${state.runs} runs`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const cpuMs = stack.cpuMs() - cpuAtZero;
    const pgCpuAtDone = postgresCpuMs(pg.dataDir);
    await profile.stop();
    const stages = await readStageTimes(pg.url, zero, periods);
    const missing = await periodsMissingOutputs(watcher, periods);
    // The incremental path starts from a quiet pipeline: the releases of the latest year's automatic
    // runs all out, and the work that follows publication done (the sensitivity follow-ups, the
    // API's preload of the new releases' read models once they settle), as when a month's
    // submission arrives in the usual course.
    const quietAfterMs = await untilQuiet(stack);
    const incremental = await incrementalSubmission({ bundle: bundle.dir, month: HISTORY[HISTORY.length - 1], ingestionUrl: stack.urls.ingestion, databaseUrl: pg.url, timeoutMs: 300_000 });
    const recomputeMs = done - zero;
    const result = {
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGb: +(totalmem() / 2 ** 30).toFixed(1), loadAverage1m: +load.toFixed(2), node: process.version },
      database: pg.embedded ? 'embedded' : 'DATABASE_URL',
      queueBackend: env.QUEUE_BACKEND,
      stack: stack.kind,
      dbPoolSize: Number(env.DB_POOL_SIZE),
      workerConcurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
      requestsInFlight: REQUESTS_IN_FLIGHT,
      periods: periods.length,
      firstPeriod: periods[0],
      lastPeriod: periods[periods.length - 1],
      bootMs,
      uploadMs: zero - uploadStarted,
      recomputeMs,
      cliFloorMs: floor?.totalMs ?? null,
      serviceVsCli: floor ? +(recomputeMs / floor.totalMs).toFixed(2) : null,
      incrementalMs: incremental.incrementalMs,
      incremental: { ...incremental, quietAfterMs },
      /** CPU of the six services (this process, or the sum of their processes) from inputs complete to the last release; PostgreSQL not included. */
      recomputeCpuMs: Math.round(cpuMs),
      recomputePostgresCpuMs: pgCpuAtZero === null || pgCpuAtDone === null ? null : pgCpuAtDone - pgCpuAtZero,
      cliFloor: floor ? { cpuMs: floor.cpuMs, stages: floor.stages } : null,
      periodsMissingOutputs: missing,
      stages: {
        batchesStoredLastMs: stages.batchesStored.last,
        firstRunMs: stages.firstRunMs,
        lastRunMs: stages.lastRunMs,
        lastBenchmarksMs: stages.lastBenchmarksMs,
        lastReleaseMs: stages.lastReleaseMs,
        runCount: stages.runs.length,
        extraRuns: stages.extraRuns,
        durations: stageDurations(stages.runs),
      },
      target: { recomputeUnderMs: TARGET_MS, serviceVsCliAtMost: FLOOR_RATIO_GOAL, met: !!floor && recomputeMs < TARGET_MS && recomputeMs / floor.totalMs <= FLOOR_RATIO_GOAL && missing.length === 0 },
    };
    printRecompute(result, stages, floor);
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await watcher.end().catch(() => undefined);
    await stack.stop().catch((e: Error) => console.error(`stopping services: ${e.message}`));
    await pg.stop().catch((e: Error) => console.error(`stopping PostgreSQL: ${e.message}`));
  }
}

main()
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
