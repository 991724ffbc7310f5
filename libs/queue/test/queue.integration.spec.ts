// The queue layer end to end on a real backend: Redis when REDIS_URL is set, otherwise (or with
// QUEUE_BACKEND=postgres) BullMQ's PostgreSQL backend. Run both:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 npx jest libs/queue
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres QUEUE_BACKEND=postgres npx jest libs/queue
import request from 'supertest';
import { lastValueFrom } from 'rxjs';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { BullMqClient, FailedJobSummary, jobIdFor, mountBullBoard, QueueRegistry } from '../src';
import { Recorder, TEST_QUEUE, TEST_ROUTES, TestAppModule } from './test-app';

/** Failed jobs and the dashboard are admin only (service-kit access guard). */
const ADMIN_KEY = 'queue-test-admin-key-0123456789abcdef';

describe(`queue layer on ${process.env.QUEUE_BACKEND ?? (process.env.REDIS_URL ? 'redis' : 'postgres')}`, () => {
  let service: TestService;
  let client: BullMqClient;
  let recorder: Recorder;

  beforeAll(async () => {
    service = await startTestService({
      name: 'queue-test',
      module: TestAppModule,
      queues: [TEST_QUEUE],
      routes: TEST_ROUTES,
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
    client = service.app.get(BullMqClient);
    recorder = service.app.get(Recorder);
  });

  afterAll(async () => {
    await service?.stop();
  });

  const queue = () => service.app.get(QueueRegistry).queue(TEST_QUEUE);

  it('delivers an emitted event to its handler once, with the job id and attempt', async () => {
    const [emitted] = await client.dispatch('test.ping.v1', { id: 'first' });
    expect(emitted).toEqual({ queue: TEST_QUEUE, jobId: 'test.ping.v1|first' });

    await waitFor(async () => (await queue().getJob(emitted.jobId))?.isCompleted(), { description: 'job completed' });
    expect(recorder.pings.filter((p) => p.id === 'first')).toEqual([
      { id: 'first', jobId: 'test.ping.v1|first', attempt: 1, queue: TEST_QUEUE },
    ]);
  });

  it('stores one job for one business key, however often it is emitted', async () => {
    const [a, b] = await Promise.all([
      client.dispatch('test.ping.v1', { id: 'twice' }),
      client.dispatch('test.ping.v1', { id: 'twice' }),
    ]);
    expect(a[0].jobId).toBe(b[0].jobId);
    await waitFor(async () => (await queue().getJob(a[0].jobId))?.isCompleted(), { description: 'job completed' });
    await client.dispatch('test.ping.v1', { id: 'twice' }); // after completion: still deduped

    const counts = await queue().getJobCounts('waiting', 'active', 'delayed');
    expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0 });
    expect(recorder.pings.filter((p) => p.id === 'twice')).toHaveLength(1);
  });

  it('supports Nest\'s own client.emit (key from contracts, fire and forget)', async () => {
    await lastValueFrom(client.emit('test.ping.v1', { id: 'via-emit' }), { defaultValue: undefined });
    await waitFor(() => recorder.pings.find((p) => p.id === 'via-emit'), { description: 'ping handled' });
    expect(recorder.pings.find((p) => p.id === 'via-emit')?.jobId).toBe('test.ping.v1|via-emit');
  });

  it('fails a job whose handler throws PermanentJobError at its first attempt, however many it has', async () => {
    const [{ jobId }] = await client.dispatch('test.permanent.v1', { id: 'never' });
    await waitFor(async () => (await queue().getJob(jobId))?.isFailed(), { description: 'job failed' });
    const job = (await queue().getJob(jobId))!;
    expect(job.opts.attempts).toBeGreaterThan(1);
    expect({ attemptsMade: job.attemptsMade, failedReason: job.failedReason }).toEqual({ attemptsMade: 1, failedReason: 'never can never succeed' });
    expect(recorder.permanentAttempts.map((a) => a.attempt)).toEqual([1]);
    await job.remove(); // the failed set is counted by a later test
  });

  it('emits with a priority and a delay when asked', async () => {
    const [{ jobId }] = await client.dispatch('test.ping.v1', { id: 'later' }, { priority: 7, delayMs: 60_000 });
    const job = (await queue().getJob(jobId))!;
    expect({ priority: job.opts.priority, delay: job.opts.delay, state: await job.getState() }).toEqual({ priority: 7, delay: 60_000, state: 'delayed' });
    await job.remove();
  });

  it('keeps ":" in business keys out of the job id (BullMQ rejects it)', () => {
    expect(jobIdFor('batch.stored.v1', 'org:RXX', 'a|b')).toBe('batch.stored.v1|org%3ARXX|a%7Cb');
  });

  it('retries a failing handler with backoff, keeps it as failed, lists it and re-drives it', async () => {
    const [{ jobId }] = await client.dispatch('test.flaky.v1', { id: 'flaky-1' });
    const http = request.agent(service.app.getHttpServer()).set('Authorization', `Bearer ${ADMIN_KEY}`);

    const listed = await waitFor(
      async () => {
        const res = await http.get('/ops/failed-jobs').expect(200);
        return (res.body as FailedJobSummary[]).find((j) => j.id === jobId);
      },
      { description: 'failed job listed' },
    );
    expect(listed).toMatchObject({ queue: TEST_QUEUE, pattern: 'test.flaky.v1', attemptsMade: 3, maxAttempts: 3 });
    expect(listed.failedReason).toBe('flaky failure on attempt 3');
    expect(recorder.flakyAttempts.map((a) => a.attempt)).toEqual([1, 2, 3]);

    const job = await queue().getJob(jobId);
    expect(job?.opts.backoff).toEqual({ type: 'exponential', delay: 50 });

    const detail = await http.get(`/ops/failed-jobs/${TEST_QUEUE}/${encodeURIComponent(jobId)}`).expect(200);
    expect(detail.body.data).toEqual({ id: 'flaky-1' });
    expect(detail.body.stacktrace.length).toBeGreaterThan(0);

    recorder.flakyFails = false;
    await http.post(`/ops/failed-jobs/${TEST_QUEUE}/${encodeURIComponent(jobId)}/redrive`).expect(201);
    await waitFor(async () => (await queue().getJob(jobId))?.isCompleted(), { description: 'redriven job completed' });
    expect(recorder.flakyAttempts.map((a) => a.attempt)).toEqual([1, 2, 3, 1]);

    const again = await http.post(`/ops/failed-jobs/${TEST_QUEUE}/${encodeURIComponent(jobId)}/redrive`).expect(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body).toMatchObject({ status: 409, title: 'Conflict', type: 'about:blank' });
  });

  it('answers a request through the job return value (send)', async () => {
    const reply = await lastValueFrom(client.send('test.echo.v1', { text: 'hello' }));
    expect(reply).toEqual({ echoed: 'HELLO', queue: TEST_QUEUE });
  });

  it('refuses to emit a pattern that contracts.ts does not declare', async () => {
    await expect(client.dispatch('nope.v1', {})).rejects.toThrow('Unknown message pattern "nope.v1"');
  });

  it('reports health, job metrics, queue gauges and the OpenAPI document', async () => {
    const http = request.agent(service.app.getHttpServer()).set('Authorization', `Bearer ${ADMIN_KEY}`);
    await http.get('/health/live').expect(200);
    const ready = await http.get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, queue: { status: 'up' } });

    const metrics = await http.get('/metrics').expect(200);
    expect(metrics.text).toContain(`nhsp_jobs_total{queue="${TEST_QUEUE}",pattern="test.ping.v1",outcome="completed"} 3`);
    expect(metrics.text).toContain(`nhsp_jobs_total{queue="${TEST_QUEUE}",pattern="test.flaky.v1",outcome="retried"} 2`);
    expect(metrics.text).toContain(`nhsp_jobs_total{queue="${TEST_QUEUE}",pattern="test.flaky.v1",outcome="failed"} 1`);
    expect(metrics.text).toContain(`nhsp_queue_jobs{queue="${TEST_QUEUE}",state="failed"} 0`);
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health\/ready",status="200"\} 1/);

    const docs = await http.get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toContain('/ops/failed-jobs/{queue}/{id}/redrive');
  });

  it('answers unknown queues with problem details', async () => {
    const res = await request.agent(service.app.getHttpServer()).set('Authorization', `Bearer ${ADMIN_KEY}`).get('/ops/failed-jobs/elsewhere/1').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: expect.stringContaining('Queue elsewhere is not one of'),
      instance: '/ops/failed-jobs/elsewhere/1',
    });
  });
});

describe('bull-board', () => {
  it('is mounted behind the given authorisation hook', async () => {
    const service = await startTestService({
      name: 'board-test',
      module: TestAppModule,
      queues: [TEST_QUEUE],
      routes: TEST_ROUTES,
      role: 'api',
      beforeListen: (app) =>
        mountBullBoard(app, {
          authorize: (req, res, next) => (req.headers['x-test-admin'] === 'yes' ? next() : void res.sendStatus(403)),
        }),
    });
    try {
      const http = request(service.app.getHttpServer());
      await http.get('/admin/queues').expect(403);
      await http.get('/admin/queues').set('x-test-admin', 'yes').expect(200).expect('content-type', /html/);
      const api = await http.get('/admin/queues/api/queues').set('x-test-admin', 'yes').expect(200);
      expect(api.body.queues.map((q: { name: string }) => q.name)).toEqual([TEST_QUEUE]);
    } finally {
      await service.stop();
    }
  });
});
