// One drill = the whole pipeline on a generated bundle, with the six services as child
// processes on a fresh database and queue prefix, a disturbance played against it, and then
// the checks: published figures equal an undisturbed `nhsp compute`, nothing duplicated,
// nothing missing, no job left failed.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { runMigrations } from '@nhsp/persistence';
import { getCsv, progress, uploadBundle } from '../demo/client';
import { createDatabase, DrillPostgres, DrillRedis, query, ROOT, sleep, waitFor } from './infra';
import { QueueWatch } from './queues';
import { Layout, SERVICE_NAMES, ServiceSet } from './services';

const run = promisify(execFile);
const CLI = join(ROOT, 'tools/cli/bin/nhsp.js');
const GROWTHS = ['output_growth', 'input_growth', 'productivity_growth'] as const;
type Row = Record<string, string>;

export interface Shared {
  workDir: string;
  pg: DrillPostgres;
  redis: DrillRedis;
  bundleDir: string;
  periods: string[];
  trusts: number;
  /** `nhsp compute` estimates per period: the undisturbed reference. */
  reference: Map<string, Row[]>;
  /** Settings every service gets (short locks so killed jobs come back in seconds). */
  env: Record<string, string>;
  /** Batches an upload of the bundle stores: one per file (what the undisturbed baseline stores). */
  expectedBatches: number;
}

export interface Scene {
  services: ServiceSet;
  watch: QueueWatch;
  databaseUrl: string;
  shared: Shared;
  /** Lines for the drill's report (what was struck, when, how it ended). */
  note(line: string): void;
  /** Starts the upload (resolves when all files are stored). */
  upload(): Promise<void>;
}

export interface Drill {
  name: string;
  layout: Layout;
  /** Plays the disturbance; may call scene.upload() itself (for strikes during the upload). */
  play(scene: Scene): Promise<void>;
  /** Whether play() uploads the bundle itself. */
  uploadsItself?: boolean;
  /** Settings of this drill's services on top of the shared ones. */
  env?: Record<string, string>;
  /** play() is the whole drill: no upload, no pipeline checks (it checks what it does itself). */
  noPipeline?: boolean;
}

let counter = 0;

export async function runDrill(shared: Shared, drill: Drill, log: (line: string) => void): Promise<string[]> {
  const id = `d${++counter}_${process.pid}`;
  const notes: string[] = [];
  const databaseUrl = await createDatabase(shared.pg, `drill_${id}`);
  await runMigrations(databaseUrl);
  const logDir = join(shared.workDir, 'logs', `${counter}-${drill.name.replace(/[^a-z0-9]+/gi, '-')}`);
  mkdirSync(logDir, { recursive: true });
  const prefix = `drill_${id}`;
  const services = new ServiceSet({ ...shared.env, ...drill.env, DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix }, logDir);
  const watch = new QueueWatch(shared.redis.url, prefix);
  try {
    const started = Date.now();
    await services.start(drill.layout);
    log(`  services up in ${((Date.now() - started) / 1000).toFixed(1)} s (${services.processes.length} processes, logs in ${logDir})`);
    let uploaded: Promise<void> | undefined;
    const scene: Scene = {
      services,
      watch,
      databaseUrl,
      shared,
      note: (line) => {
        notes.push(line);
        log(`  ${line}`);
      },
      upload: () => (uploaded ??= uploadWithRetry(services.url('ingestion'), shared.bundleDir, scene.note)),
    };
    if (drill.noPipeline) {
      await drill.play(scene);
      for (const crash of services.crashes) throw new Error(`process crash: ${crash}`);
      return notes;
    }
    const playing = drill.play(scene);
    if (!drill.uploadsItself) await scene.upload();
    await playing;
    await uploaded;
    await waitForQuiet(services, watch, shared.periods);
    notes.push(...(await verify(scene)));
    return notes;
  } catch (error) {
    (error as Error).message += ` [logs: ${logDir}]`;
    throw error;
  } finally {
    await watch.close();
    await services.stop();
  }
}

/** An upload cut off by a killed ingestion process is sent again, as a user would. */
async function uploadWithRetry(url: string, dir: string, note: (line: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await uploadBundle(url, dir);
      if (attempt > 1) note(`upload completed on attempt ${attempt}`);
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(1000);
    }
  }
}

/** Every period published and no job left to run anywhere. */
async function waitForQuiet(services: ServiceSet, watch: QueueWatch, periods: string[]): Promise<void> {
  await waitFor('every period to be published', 180_000, async () => {
    const p = await progress(services.url('productivity'), services.url('publication'));
    return periods.every((period) => p.publishedPeriods.has(period)) ? true : undefined;
  }, 500);
  // Twice in a row: a job finishing can emit the next one between two reads.
  let quiet = 0;
  await waitFor('all queues to be empty', 120_000, async () => {
    quiet = (await watch.pending()) === 0 ? quiet + 1 : 0;
    return quiet >= 3 ? true : undefined;
  }, 300);
}

async function verify(scene: Scene): Promise<string[]> {
  const { shared, services, databaseUrl } = scene;
  const problems: string[] = [];
  const notes: string[] = [];
  // 1. Published figures equal the undisturbed reference, period by period.
  let compared = 0;
  for (const period of shared.periods) {
    const published = readCsv(await getCsv(`${services.url('publication')}/v1/estimates?period=${period}`));
    const expected = shared.reference.get(period)!;
    if (published.map((r) => r.org_code).join() !== expected.map((r) => r.org_code).join()) {
      problems.push(`${period}: published trusts ${published.map((r) => r.org_code).join(',')} ≠ computed ${expected.map((r) => r.org_code).join(',')}`);
      continue;
    }
    for (const [i, pub] of published.entries()) {
      const exp = expected[i];
      for (const column of GROWTHS) {
        const same = exp[column] === '' ? pub[column] === '' : pub[column] !== '' && Math.abs(Number(pub[column]) - Number(exp[column])) < 1e-9;
        if (!same) problems.push(`${period} ${pub.org_code} ${column}: published ${pub[column]} vs computed ${exp[column]}`);
        compared++;
      }
      if (pub.flags !== exp.flags) problems.push(`${period} ${pub.org_code} flags: published "${pub.flags}" vs computed "${exp.flags}"`);
    }
  }
  // 2. Nothing duplicated, nothing missing, in the services' own tables.
  const runs = await query<{ period: string; runs: number; fingerprints: number }>(databaseUrl, `SELECT period, count(*)::int AS runs, count(DISTINCT input_fingerprint)::int AS fingerprints FROM productivity.run GROUP BY period ORDER BY period`);
  for (const r of runs) if (r.runs !== r.fingerprints) problems.push(`${r.period}: ${r.runs} runs for ${r.fingerprints} input fingerprints`);
  const missingRuns = shared.periods.filter((p) => !runs.some((r) => r.period === p));
  if (missingRuns.length) problems.push(`no run for ${missingRuns.join(', ')}`);
  const badEstimates = await query<{ id: string; n: number }>(databaseUrl, `SELECT r.id, count(e.org_code)::int AS n FROM productivity.run r LEFT JOIN productivity.estimate e ON e.run_id = r.id GROUP BY r.id HAVING count(e.org_code) <> $1`, [shared.trusts]);
  for (const b of badEstimates) problems.push(`run ${b.id} has ${b.n} estimates, not ${shared.trusts}`);
  const [batches] = await query<{ n: number; distinct: number }>(databaseUrl, `SELECT count(*)::int AS n, count(DISTINCT (kind, sha256))::int AS distinct FROM ingestion.batch`);
  if (batches.n !== batches.distinct) problems.push(`${batches.n} batches for ${batches.distinct} distinct files`);
  if (batches.n !== shared.expectedBatches) problems.push(`${batches.n} batches stored for ${shared.expectedBatches} files uploaded`);
  // The published release of each period is its latest run's, and carries that run's benchmarks.
  const releases = await query<{ period: string; latest: boolean; benchmarks: number; stored: number }>(
    databaseUrl,
    `SELECT rel.period,
            rel.run_id = (SELECT r.id::text FROM productivity.run r WHERE r.period = rel.period ORDER BY r.created_at DESC LIMIT 1) AS latest,
            (rel.manifest->'counts'->>'benchmarks')::int AS benchmarks,
            (SELECT count(*)::int FROM benchmarking.benchmark b WHERE b.run_id::text = rel.run_id) AS stored
       FROM publication.release rel WHERE rel.status = 'published' ORDER BY rel.period`,
  );
  for (const r of releases) {
    if (!r.latest) problems.push(`${r.period}: the published release is not of the latest run`);
    if (r.benchmarks !== r.stored || r.stored === 0) problems.push(`${r.period}: release lists ${r.benchmarks} benchmarks, benchmarking stored ${r.stored}`);
  }
  if (releases.length !== shared.periods.length) problems.push(`${releases.length} published releases for ${shared.periods.length} periods`);
  // 3. No process died by itself (the set restarted it, as Kubernetes would; still a defect).
  for (const crash of services.crashes) problems.push(`process crash: ${crash}`);
  // 4. No job left failed, asked the way an operator asks: the CLI over every service's API.
  const failed = await failedJobsViaCli(services);
  if (failed.length) problems.push(`failed jobs: ${failed.join('; ')}`);
  if (problems.length) throw new Error(`${problems.length} problem(s):\n    ${problems.slice(0, 20).join('\n    ')}`);
  const totalRuns = runs.reduce((a, r) => a + r.runs, 0);
  notes.push(
    `checked: ${shared.periods.length} periods published, ${compared} growths equal to nhsp compute (1e-9) with identical flags; ` +
      `${totalRuns} runs (one per period and fingerprint), ${shared.trusts} estimates each; ${batches.n} batches, no duplicate; ` +
      `${releases.reduce((a, r) => a + r.stored, 0)} benchmarks published; failed jobs on all ${SERVICE_NAMES.length} services: 0`,
  );
  return notes;
}

async function failedJobsViaCli(services: ServiceSet): Promise<string[]> {
  const args = [CLI, 'failed-jobs', 'list', '--json', ...SERVICE_NAMES.flatMap((s) => ['--service', `${s}=${services.url(s)}`])];
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, env: { ...process.env, NHSP_API_KEY: process.env.ADMIN_API_KEY } }).catch((error: { stdout?: string; message: string }) => {
    if (error.stdout) return { stdout: error.stdout };
    throw error;
  });
  const answers = JSON.parse(stdout) as Array<{ service: string; jobs?: Array<{ queue: string; id: string; failedReason: string }>; error?: string }>;
  return answers.flatMap((a) => (a.error ? [`${a.service}: ${a.error}`] : (a.jobs ?? []).map((j) => `${a.service} ${j.queue} ${j.id}: ${j.failedReason}`)));
}

export function readCsv(text: string): Row[] {
  return parse(text, { columns: true, skip_empty_lines: true });
}

export function readCsvFile(path: string): Row[] {
  return readCsv(readFileSync(path, 'utf8'));
}
