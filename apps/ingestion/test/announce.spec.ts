// A batch stored but never announced (queue refused after the commit) is announced again by
// re-sending the upload or by the next start-up; identical uploads racing store one batch.
import { join } from 'node:path';
import { jobIdFor, PATTERNS, QueueRegistry, QUEUES } from '@nhsp/queue';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ACCESS_ENV, asAdmin, GOLDEN, withDb } from './helpers';

interface Batch {
  id: string;
  kind: string;
  sha256: string;
  duplicate: boolean;
}

describe('ingestion: announcing batches', () => {
  let svc: TestService;
  let finance: Batch;

  const upload = () =>
    asAdmin(svc)
      .post('/bundles')
      .attach('files', join(GOLDEN, 'trusts.csv'))
      .attach('files', join(GOLDEN, 'finance.csv'));
  const jobId = () => jobIdFor(PATTERNS.batchStored, finance.id, finance.sha256);
  const productivityQueue = (service: TestService) => service.app.get(QueueRegistry).queue(QUEUES.productivity);

  /** As if the emit had failed after the commit: no job, batch not marked as announced. */
  async function loseAnnouncement(): Promise<void> {
    await (await productivityQueue(svc).getJob(jobId()))!.remove();
    expect(await productivityQueue(svc).getJob(jobId())).toBeUndefined();
    await withDb(svc.database.url, (db) => db.query('UPDATE ingestion.batch SET notified_at = NULL WHERE id = $1', [finance.id]));
  }

  const notifiedAt = () =>
    withDb(svc.database.url, async (db) => (await db.query('SELECT notified_at FROM ingestion.batch WHERE id = $1', [finance.id])).rows[0].notified_at);

  beforeAll(async () => {
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: ACCESS_ENV });
  });
  afterAll(() => svc?.stop());

  it('two identical uploads at once store one set of batches', async () => {
    const [a, b] = await Promise.all([upload(), upload()]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.batches.map((x: Batch) => x.id)).toEqual(b.body.batches.map((x: Batch) => x.id));
    const counts = await withDb(svc.database.url, (db) => db.query('SELECT kind, count(*)::int AS n FROM ingestion.batch GROUP BY kind ORDER BY kind'));
    expect(counts.rows).toEqual([
      { kind: 'finance', n: 1 },
      { kind: 'trusts', n: 1 },
    ]);
    finance = a.body.batches.find((x: Batch) => x.kind === 'finance');
    expect(await productivityQueue(svc).getJob(jobId())).toBeDefined();
  });

  it('re-sending the same upload announces a batch that was stored but not announced', async () => {
    await loseAnnouncement();
    const res = await upload().expect(200);
    expect(res.body.batches.every((x: Batch) => x.duplicate)).toBe(true);
    const job = await productivityQueue(svc).getJob(jobId());
    expect(job?.data).toMatchObject({ batchId: finance.id, kind: 'finance', sha256: finance.sha256 });
    expect(await notifiedAt()).not.toBeNull();
  });

  it('the next start-up announces it too', async () => {
    await loseAnnouncement();
    const restarted = await startTestService({
      name: 'ingestion',
      module: AppModule,
      queues: [],
      configSchema,
      role: 'api',
      database: svc.database,
      env: { QUEUE_PREFIX: svc.env.QUEUE_PREFIX },
    });
    try {
      const job = await productivityQueue(restarted).getJob(jobId());
      expect(job?.data).toMatchObject({ batchId: finance.id, kind: 'finance', orgCode: null });
      expect(await notifiedAt()).not.toBeNull();
    } finally {
      // close, not stop: stop() would delete the shared queue namespace the first service still uses.
      await restarted.app.close();
    }
  });
});
