// The disturbances. Each strikes while the named work is actually running (seen in the queue's
// active set, or in ingestion's table mid-upload), then restarts what it struck; the harness
// then checks the published figures and the tables.
import { PATTERNS } from '@nhsp/queue';
import { Drill, Scene } from './harness';
import { query, sleep, waitFor } from './infra';
import { ServiceName } from './services';

const ALL_IN_ONE = { all: [] as ServiceName[], split: [] as ServiceName[] };

/** Waits until a job of `pattern` is running on the service's queue; returns its id. */
async function jobRunning(scene: Scene, service: ServiceName, pattern: string): Promise<string> {
  return waitFor(`a ${pattern} job running on ${service}`, 120_000, async () => {
    const [job] = await scene.watch.active(service, pattern);
    return job?.id;
  }, 20);
}

/** After the pipeline settled: the struck job itself finished (it was handed back, not lost). */
async function endedCompleted(scene: Scene, service: ServiceName, jobId: string): Promise<void> {
  await waitFor(`struck job ${jobId} to complete`, 120_000, async () => ((await scene.watch.state(service, jobId)) === 'completed' ? true : undefined));
}

export const baseline: Drill = {
  name: 'baseline (undisturbed)',
  layout: ALL_IN_ONE,
  async play(scene) {
    scene.note('no disturbance: the reference the other drills are held to');
  },
};

const KILL_TARGETS: Array<{ service: ServiceName; pattern: string; what: string }> = [
  { service: 'productivity', pattern: PATTERNS.runRequested, what: 'while computing a run' },
  { service: 'benchmarking', pattern: PATTERNS.runCompleted, what: 'while benchmarking a run' },
  { service: 'publication', pattern: PATTERNS.benchmarksCompleted, what: 'while publishing a release' },
  { service: 'cost-weights', pattern: PATTERNS.referenceStored, what: 'while loading a weight schedule' },
];

type KillTarget = (typeof KILL_TARGETS)[number];

async function strikeWorker(scene: Scene, target: KillTarget): Promise<void> {
  const jobId = await jobRunning(scene, target.service, target.pattern);
  const worker = scene.services.worker(target.service);
  const exit = await worker.signal('SIGKILL');
  scene.note(`killed ${target.service} worker (pid ${worker.pid}, ${exit.signal}) with job ${jobId} active`);
  const restarted = Date.now();
  await worker.start();
  scene.note(`${target.service}: worker restarted in ${((Date.now() - restarted) / 1000).toFixed(1)} s`);
  // Stalled-job recovery must hand the job back; wait here so the check sees its outcome.
  const back = Date.now();
  await endedCompleted(scene, target.service, jobId);
  scene.note(`${target.service}: struck job completed ${((Date.now() - back) / 1000).toFixed(1)} s after the restart (stalled-job recovery)`);
}

export function killWorker(target: KillTarget): Drill {
  return {
    name: `SIGKILL ${target.service} worker ${target.what}`,
    layout: { all: [], split: [target.service] },
    play: (scene) => strikeWorker(scene, target),
  };
}

export const killWorkers = KILL_TARGETS.map(killWorker);

/** ingestion has no queue work of its own: uploads are processed in the HTTP request, so kill the API mid-upload. */
export const killIngestionMidUpload: Drill = {
  name: 'SIGKILL ingestion mid-upload',
  layout: ALL_IN_ONE,
  uploadsItself: true,
  play: strikeIngestion,
};

/** The short form: every worker type killed mid-job in one pipeline, plus ingestion mid-upload. */
export const killEverything: Drill = {
  name: `SIGKILL every worker type mid-job (${KILL_TARGETS.map((t) => t.service).join(', ')}) and ingestion mid-upload, in one run`,
  layout: { all: [], split: KILL_TARGETS.map((t) => t.service) },
  uploadsItself: true,
  async play(scene) {
    await Promise.all([strikeIngestion(scene), ...KILL_TARGETS.map((t) => strikeWorker(scene, t))]);
  },
};

async function strikeIngestion(scene: Scene): Promise<void> {
  const uploading = scene.upload();
  // Three reference files are small; strike during the activity upload that follows.
  await waitFor('trusts, cost weights and deflators to be stored', 60_000, async () => {
    const [{ n }] = await query<{ n: number }>(scene.databaseUrl, 'SELECT count(*)::int AS n FROM ingestion.batch');
    return n >= 3 ? true : undefined;
  }, 20);
  await sleep(30);
  const ingestion = scene.services.worker('ingestion');
  const [{ n }] = await query<{ n: number }>(scene.databaseUrl, 'SELECT count(*)::int AS n FROM ingestion.batch');
  await ingestion.signal('SIGKILL');
  scene.note(`killed ingestion (pid ${ingestion.pid}) with ${n} batch(es) stored, the next file in flight`);
  await ingestion.start();
  scene.note('restarted ingestion; the uploader sends the bundle again');
  await uploading;
}

/**
 * SIGTERM while a run is computed. With the drills' SHUTDOWN_TIMEOUT_MS the run finishes before
 * the process exits; with a timeout shorter than the run the worker lets go of it and stalled-job
 * recovery hands it to the restarted worker. Either way nothing is lost.
 */
export function sigtermWorker(handBack: boolean): Drill {
  return {
  name: handBack ? 'SIGTERM productivity worker mid-run, shutdown timeout shorter than the job (hand back)' : 'SIGTERM productivity worker mid-run (drain)',
  layout: { all: [], split: ['productivity'] },
  env: handBack ? { SHUTDOWN_TIMEOUT_MS: '1' } : {},
  async play(scene) {
    const timeoutMs = handBack ? 1 : Number(scene.shared.env.SHUTDOWN_TIMEOUT_MS);
    const jobId = await jobRunning(scene, 'productivity', PATTERNS.runRequested);
    const worker = scene.services.worker('productivity');
    const before = new Set((await scene.watch.active('productivity')).map((j) => j.id));
    const sent = Date.now();
    const exiting = worker.signal('SIGTERM');
    // While it drains, it must run no new job: any job id that appears in active is checked below.
    const taken = new Set<string>();
    let done = false;
    exiting.finally(() => (done = true));
    while (!done) {
      for (const job of await scene.watch.active('productivity').catch(() => [])) if (!before.has(job.id)) taken.add(job.id!);
      await sleep(20);
    }
    const exit = await exiting;
    const tookMs = Date.now() - sent;
    const state = await scene.watch.state('productivity', jobId);
    // service-kit closes the app on SIGTERM (the job drains, or is let go past the timeout) and
    // then exits 0; anything else (143, 1) means the close failed or the process was killed.
    const status = exit.code === 0 ? 'exit code 0' : `${exit.signal ?? `code ${exit.code}`}`;
    scene.note(`SIGTERM with job ${jobId} active: process gone after ${tookMs} ms (SHUTDOWN_TIMEOUT_MS ${timeoutMs}), ${status}; the job was then ${state}; other jobs seen active while draining: ${taken.size}`);
    if (exit.code !== 0) throw new Error(`worker ended ${status}, not exit code 0`);
    if (!handBack && state !== 'completed') throw new Error(`worker exited before its job finished (job ${state}) although SHUTDOWN_TIMEOUT_MS allowed it`);
    if (handBack && state === 'completed') scene.note('(the job finished before the 1 ms timeout ran out: the hand-back path was not exercised this time)');
    if (tookMs > timeoutMs + 5000) throw new Error(`worker took ${tookMs} ms to stop (SHUTDOWN_TIMEOUT_MS ${timeoutMs})`);
    const ran = await ranAfter(scene, [...taken], sent, handBack);
    if (ran.length) throw new Error(`worker ran ${ran.length} job(s) it took after SIGTERM instead of putting them back to wait: ${ran.join('; ')}`);
    await worker.start();
    await endedCompleted(scene, 'productivity', jobId);
    scene.note(`restarted; the job it was running is completed${handBack && state !== 'completed' ? ' by the new worker (handed back via stalled-job recovery)' : ''}, nothing lost`);
  },
  };
}

/**
 * Of the jobs seen active while the worker drained, those it ran or left stranded: a job fetched
 * after the signal must be back in wait once the process is gone (the transport hands it back
 * unrun). Only one that went active before the signal was sent may have finished (the signal met
 * it running), or, past a short timeout, be left active for stalled-job recovery. Returns
 * "id: state" for each offender.
 */
async function ranAfter(scene: Scene, jobIds: string[], signalSentAt: number, handBack: boolean): Promise<string[]> {
  const offenders: string[] = [];
  for (const id of jobIds) {
    const state = await scene.watch.state('productivity', id);
    if (['waiting', 'prioritized', 'delayed'].includes(state)) continue;
    const job = await scene.watch.queue('productivity').getJob(id);
    const startedBeforeSignal = job?.processedOn !== undefined && job.processedOn < signalSentAt;
    if (startedBeforeSignal && (state === 'completed' || (handBack && state === 'active'))) continue;
    offenders.push(`${id}: ${state}${job?.processedOn ? `, went active ${job.processedOn - signalSentAt} ms after the signal` : ''}`);
  }
  return offenders;
}

export const redisRestart: Drill = {
  name: 'Redis killed and restarted mid-run (AOF on)',
  layout: ALL_IN_ONE,
  async play(scene) {
    const jobId = await jobRunning(scene, 'productivity', PATTERNS.runRequested);
    const redis = scene.shared.redis;
    await redis.kill();
    scene.note(`killed redis-server (SIGKILL) with productivity job ${jobId} active`);
    await sleep(2000);
    await redis.launch();
    scene.note(`started it again on port ${redis.port} with its append-only file after 2 s down`);
    await endedCompleted(scene, 'productivity', jobId);
    const job = await scene.watch.queue('productivity').getJob(jobId);
    scene.note(`the job running during the outage completed (attempts made ${job?.attemptsMade}, stalls ${job?.stalledCounter ?? 0})`);
  },
};

export const postgresRestart: Drill = {
  name: 'PostgreSQL stopped and started mid-run',
  layout: ALL_IN_ONE,
  async play(scene) {
    const jobId = await jobRunning(scene, 'productivity', PATTERNS.runRequested);
    const started = Date.now();
    await scene.shared.pg.stop();
    scene.note(`stopped PostgreSQL (fast shutdown) with productivity job ${jobId} active`);
    await sleep(2000);
    await scene.shared.pg.start();
    scene.note(`started it again on the same port and data directory after ${((Date.now() - started) / 1000).toFixed(1)} s down`);
    await endedCompleted(scene, 'productivity', jobId);
    const job = await scene.watch.queue('productivity').getJob(jobId);
    scene.note(`the job running during the outage completed (attempts made ${job?.attemptsMade}, stalls ${job?.stalledCounter ?? 0})`);
    // attemptsMade counts the successful attempt: the one the restart broke and at most one retry,
    // which waits for the database to answer rather than spending attempts on the outage.
    if ((job?.attemptsMade ?? 0) > 2) throw new Error(`the job took ${job?.attemptsMade} attempts: one retry after the restart should have been enough`);
  },
};
