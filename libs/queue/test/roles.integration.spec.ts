// Roles split one service over processes: an `api` process emits but runs no workers, a `worker`
// process consumes and serves only health and metrics; closing a worker lets a running job finish.
import request from 'supertest';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { BullMqClient, QueueRegistry } from '../src';
import { Recorder, TEST_QUEUE, TEST_ROUTES, TestAppModule } from './test-app';

describe('service roles', () => {
  let api: TestService;
  let worker: TestService;

  beforeAll(async () => {
    api = await startTestService({ name: 'roles-test', module: TestAppModule, queues: [TEST_QUEUE], routes: TEST_ROUTES, role: 'api' });
    worker = await startTestService({
      name: 'roles-test',
      module: TestAppModule,
      queues: [TEST_QUEUE],
      routes: TEST_ROUTES,
      role: 'worker',
      database: api.database,
      env: { QUEUE_PREFIX: api.env.QUEUE_PREFIX, SHUTDOWN_TIMEOUT_MS: '20000' },
    });
  });

  afterAll(async () => {
    await worker?.close().catch(() => undefined); // already closed by the last test
    await api?.stop();
  });

  it('handles in the worker what the api process emitted', async () => {
    await api.app.get(BullMqClient).dispatch('test.ping.v1', { id: 'from-api' });
    await waitFor(() => worker.app.get(Recorder).pings.length === 1, { description: 'worker handled the ping' });
    expect(worker.app.get(Recorder).pings[0]).toMatchObject({ id: 'from-api', attempt: 1 });
    expect(api.app.get(Recorder).pings).toEqual([]);
  });

  it('serves only health and metrics from a worker', async () => {
    const http = request(worker.app.getHttpServer());
    await http.get('/health/ready').expect(200);
    expect((await http.get('/metrics').expect(200)).text).toContain('nhsp_jobs_total');
    const refused = await http.get('/ops/failed-jobs').expect(404);
    expect(refused.body).toMatchObject({ status: 404, detail: 'A worker process serves only /health and /metrics' });
    await http.get('/docs-json').expect(404);
    await request(api.app.getHttpServer()).get('/docs-json').expect(200);
  });

  it('lets a running job finish when the worker shuts down', async () => {
    const [{ jobId }] = await api.app.get(BullMqClient).dispatch('test.slow.v1', { id: 'slow' });
    const recorder = worker.app.get(Recorder);
    await waitFor(() => recorder.slowStarted, { description: 'slow job started' });

    const closing = worker.close();
    // Released only after close() began: if close did not wait, it would resolve unfinished.
    setTimeout(() => recorder.release(), 200);
    await closing;

    expect(recorder.slowFinished).toBe(true);
    const job = await api.app.get(QueueRegistry).queue(TEST_QUEUE).getJob(jobId);
    expect(await job?.getState()).toBe('completed');
  });
});
