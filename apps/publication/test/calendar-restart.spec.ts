// A scheduled release falls due exactly once across a restart of the service: the process that
// scheduled it stops before its time, another starts on the same database and queue, and the
// release is published once (publication.release_publication holds one row), however often the
// job is delivered or the service restarted afterwards.
import request from 'supertest';
import { publicationSchema, baseSchema } from '@nhsp/persistence';
import { jobIdFor, PATTERNS, QUEUES, QueueRegistry } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { createTestDatabase, startTestService, TestDatabase, TestService, testQueuePrefix, waitFor, withClient } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { insertRun, STAND_IN_DDL } from './stand-in-views';

const ADMIN_KEY = 'calendar-restart-spec-admin-key-012345';
let database: TestDatabase;
const prefix = testQueuePrefix();
const running: TestService[] = [];

function start(): Promise<TestService> {
  return startTestService({
    name: 'publication', module: AppModule, queues: [QUEUES.publication], configSchema,
    registrations: [baseSchema, accessRegistration, publicationSchema], database,
    env: { ADMIN_API_KEY: ADMIN_KEY, QUEUE_PREFIX: prefix, AUTO_PUBLISH: 'false' },
  }).then((svc) => (running.push(svc), svc));
}

const publications = (releaseId: string) =>
  withClient(database.url, async (c) => (await c.query(`SELECT via FROM publication.release_publication WHERE release_id = $1`, [releaseId])).rows);
const statusOf = (releaseId: string) =>
  withClient(database.url, async (c) => (await c.query(`SELECT status FROM publication.release WHERE id = $1`, [releaseId])).rows[0].status);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  // The last one clears the queue namespace; the database is dropped here.
  for (const svc of running.slice(0, -1)) await svc.close().catch(() => undefined);
  await running.at(-1)?.stop();
  await database?.drop();
});

describe('scheduled publication across a restart', () => {
  it('is published once by the process that starts after the scheduler stopped', async () => {
    const first = await start();
    await withClient(database.url, (c) => c.query(STAND_IN_DDL));
    const run = await insertRun(database.url, '2025-09', 'provisional', 2);
    const release = await first.app.get(ReleaseAssembly).assemble(run.id);
    // Far enough ahead that the first process has closed before it falls due.
    const publishAt = new Date(Date.now() + 6000);
    await request(first.app.getHttpServer()).post(`/v1/releases/${release.id}/schedule`).set('Authorization', `Bearer ${ADMIN_KEY}`)
      .send({ publishAt: publishAt.toISOString() }).expect(200);
    await first.close();
    expect(await statusOf(release.id)).toBe('scheduled');

    const second = await start();
    const queue = second.app.get(QueueRegistry).queue(QUEUES.publication);
    const jobId = jobIdFor(PATTERNS.publishDue, release.id, String(publishAt.getTime()));
    await waitFor(async () => (await queue.getJobState(jobId)) === 'completed', { timeoutMs: 30_000, description: 'the publication job completed after the restart' });
    expect(await statusOf(release.id)).toBe('published');
    expect(await publications(release.id)).toEqual([{ via: 'scheduled' }]);

    // The job delivered again (a worker that died after committing), and another restart.
    await second.app.get(ReleasePublishing).publishDue({ releaseId: release.id, publishAt: publishAt.toISOString() });
    await second.close();
    const third = await start();
    await third.app.get(ReleasePublishing).publishOverdue();
    expect(await third.app.get(ReleasePublishing).enqueueScheduled()).toBe(0);
    expect(await publications(release.id)).toEqual([{ via: 'scheduled' }]);
    expect((await request(third.app.getHttpServer()).get('/v1/releases/latest').expect(200)).body).toMatchObject({ id: release.id, status: 'published' });
  });
});
