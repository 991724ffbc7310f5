// A release scheduled for a time falls due once, exactly, across a Redis restart and a PostgreSQL
// restart (issue 16.1). Publication runs on a Redis (AOF) and a PostgreSQL of this suite's own,
// which are killed and started again while a release waits for its time:
// - Redis down across the publication time: the delayed job survives in the AOF and publishes the
//   release when Redis is back;
// - PostgreSQL down across the publication time: the job's attempts fail and are retried; once the
//   database is back, one attempt publishes it.
// Either way publication.release_publication holds one row per release: published once.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseSchema, publicationSchema } from '@nhsp/persistence';
import { jobIdFor, PATTERNS, QUEUES, QueueRegistry } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { AppModule } from '../../apps/publication/src/app.module';
import { configSchema } from '../../apps/publication/src/config';
import { ReleaseAssembly } from '../../apps/publication/src/release-assembly';
import { ReleasePublishing } from '../../apps/publication/src/release-publishing';
import { insertRun, STAND_IN_DDL } from '../../apps/publication/test/stand-in-views';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface, Interface } from 'node:readline';
import { createDatabase, DrillPostgres, DrillRedis, freePort, query } from '../drills/infra';

jest.setTimeout(180_000);

describe('a scheduled release across Redis and PostgreSQL restarts', () => {
  let work: string;
  let redis: DrillRedis;
  let pg: DrillPostgres;
  let url: string;
  let svc: TestService;

  const row = async (id: string) => (await query<{ status: string }>(url, `SELECT status FROM publication.release WHERE id = $1`, [id]))[0];
  const publications = async (id: string) => (await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM publication.release_publication WHERE release_id = $1`, [id]))[0].n;
  const jobState = (id: string, at: Date) => svc.app.get(QueueRegistry).queue(QUEUES.publication).getJobState(jobIdFor(PATTERNS.publishDue, id, String(at.getTime())));

  /** A draft of a new run, scheduled `ms` from now. */
  async function scheduled(period: string, ms: number): Promise<{ id: string; at: Date }> {
    const assembly = svc.app.get(ReleaseAssembly);
    const publishing = svc.app.get(ReleasePublishing);
    const release = await assembly.assemble((await insertRun(url, period, 'provisional', 1)).id);
    const at = new Date(Date.now() + ms);
    await publishing.schedule(release.id, at);
    return { id: release.id, at };
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'nhsp-cycle-restarts-'));
    // PostgreSQL runs as user postgres when the tests run as root: it must reach its directory.
    await chmod(work, 0o755);
    redis = await DrillRedis.start(work);
    pg = await controlledPostgres(work);
    url = await createDatabase(pg, 'cycle_restarts');
    svc = await startTestService({
      name: 'publication', module: AppModule, queues: [QUEUES.publication], configSchema,
      registrations: [baseSchema, accessRegistration, publicationSchema],
      database: { name: 'cycle_restarts', url, drop: async () => undefined },
      env: { QUEUE_BACKEND: 'redis', REDIS_URL: redis.url, AUTO_PUBLISH: 'false', ADMIN_API_KEY: 'cycle-restarts-admin-key-0123456789', JOB_ATTEMPTS: '8', JOB_BACKOFF_MS: '500' },
    });
    await query(url, STAND_IN_DDL);
  });
  afterAll(async () => {
    await svc?.close().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    await pg?.remove().catch(() => undefined);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('Redis killed before the time and started after it: published once when Redis is back', async () => {
    const { id, at } = await scheduled('2025-07', 4000);
    await redis.kill();
    await waitFor(() => Date.now() > at.getTime() + 1000, { timeoutMs: 20_000, description: 'the publication time passed' });
    expect((await row(id)).status).toBe('scheduled');
    await redis.launch();
    await waitFor(async () => (await row(id)).status === 'published', { timeoutMs: 60_000, description: 'published after the Redis restart' });
    await waitFor(async () => (await jobState(id, at)) === 'completed', { timeoutMs: 30_000, description: 'the job completed' });
    expect(await publications(id)).toBe(1);
  });

  it('PostgreSQL stopped across the time: the job retries and publishes once the database is back', async () => {
    const { id, at } = await scheduled('2025-08', 4000);
    await pg.stop();
    await waitFor(() => Date.now() > at.getTime() + 1500, { timeoutMs: 20_000, description: 'the publication time passed' });
    await pg.start();
    await waitFor(async () => (await jobState(id, at)) === 'completed', { timeoutMs: 90_000, description: 'the job completed after the PostgreSQL restart' });
    expect((await row(id)).status).toBe('published');
    expect(await publications(id)).toBe(1);
  });
});

/** The drills' restartable PostgreSQL, run by postgres-controller.mjs in a child process. */
async function controlledPostgres(work: string): Promise<DrillPostgres> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [join(__dirname, 'postgres-controller.mjs'), join(work, 'pg'), String(await freePort())]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: Interface = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  const buffered: string[] = [];
  lines.on('line', (line) => (waiting.length ? waiting.shift()!(line) : buffered.push(line)));
  const next = () => new Promise<string>((resolve, reject) => {
    if (buffered.length) return resolve(buffered.shift()!);
    child.once('exit', (code) => reject(new Error(`postgres-controller exited (${code}): ${stderr.slice(-2000)}`)));
    waiting.push(resolve);
  });
  const { url, adminUrl } = JSON.parse(await next()) as { url: string; adminUrl: string };
  const command = async (name: string) => {
    child.stdin.write(`${name}\n`);
    const answer = await next();
    if (answer !== `${name} done`) throw new Error(`postgres-controller: ${answer}`);
  };
  return { url, adminUrl, stop: () => command('stop'), start: () => command('start'), remove: () => command('remove') };
}
