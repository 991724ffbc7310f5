// A draining worker (stopTaking, then close: what SIGTERM does) runs no job it did not already
// hold, and loses none: a job that reaches it after the stop is back in wait for the next worker.
// On the backend the tests are given (Redis with REDIS_URL, else PostgreSQL); run both:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 npx jest libs/queue/test/stop-taking
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres QUEUE_BACKEND=postgres npx jest libs/queue/test/stop-taking
import type { Queue, Worker } from 'bullmq';
import { createTestDatabase, TestDatabase, testEnv, waitFor } from '@nhsp/testing';
import { BullMqTransport, createQueueDriver, QueueDriver, queueEnvSchema, QueueRegistry, queueSettingsFrom } from '../src';

const QUEUE = 'stop-taking';
const PATTERN = 'test.ping.v1';

describe(`a worker told to stop taking jobs, on ${process.env.QUEUE_BACKEND ?? (process.env.REDIS_URL ? 'redis' : 'postgres')}`, () => {
  let database: TestDatabase;
  let driver: QueueDriver;
  let registry: QueueRegistry;
  let queue: Queue;
  const transports: BullMqTransport[] = [];

  /** A transport consuming QUEUE with one worker; `handled` lists the job ids its handler ran. */
  async function startTransport(): Promise<{ transport: BullMqTransport; worker: Worker; handled: string[] }> {
    const handled: string[] = [];
    const transport = new BullMqTransport({ registry, queues: [QUEUE], shutdownTimeoutMs: 5000, workerOptions: { concurrency: 1 } });
    transport.addHandler(PATTERN, async (data: { id: string }) => void handled.push(data.id), true);
    transports.push(transport);
    await new Promise<void>((resolve, reject) => transport.listen((error) => (error ? reject(error) : resolve())));
    return { transport, worker: transport.unwrap<Worker[]>()[0], handled };
  }

  /** BullMQ's own flag for "blocked waiting for the next job" (not part of its typed API). */
  const waitingForWork = (worker: Worker) => Boolean((worker as unknown as { waiting: unknown }).waiting);

  beforeAll(async () => {
    database = await createTestDatabase();
    driver = await createQueueDriver(queueSettingsFrom(queueEnvSchema.parse(testEnv(database.url))));
    registry = new QueueRegistry(driver, [QUEUE]);
    queue = registry.queue(QUEUE);
  });

  afterAll(async () => {
    await Promise.allSettled(transports.map((t) => t.close()));
    if (driver?.backend === 'redis') await queue?.obliterate({ force: true });
    await registry?.onApplicationShutdown();
    await database?.drop();
  });

  it('fetches no job that arrives while it was already waiting for one; the next worker runs it once', async () => {
    const draining = await startTransport();
    await waitFor(() => waitingForWork(draining.worker), { description: 'worker blocked waiting for a job' });

    await draining.transport.stopTaking();
    // The job's arrival wakes the wait that began before the stop; BullMQ alone then takes it.
    const job = await queue.add(PATTERN, { id: 'arrived-while-waiting' }, { jobId: 'arrived-while-waiting' });
    await waitFor(() => !draining.worker.isRunning(), { description: 'worker loop ended' });
    await draining.transport.close();

    expect(draining.handled).toEqual([]);
    expect(await queue.getJobState(job.id!)).toBe('waiting');

    const next = await startTransport();
    await waitFor(async () => (await queue.getJobState(job.id!)) === 'completed', { description: 'job completed by the next worker' });
    expect(next.handled).toEqual(['arrived-while-waiting']);
    expect((await queue.getJob(job.id!))?.attemptsMade).toBe(1);
    await next.transport.close();
  });

  it('puts a job that still reaches it after the stop back to wait, unrun, and loses nothing', async () => {
    const draining = await startTransport();
    await draining.transport.stopTaking();
    // Stands for a fetch already sent when the stop came (as when BullMQ hands a worker its next
    // job with the completion of the last): the BullMQ worker fetches again, the transport is stopping.
    let fetched = 0;
    draining.worker.on('active', () => fetched++);
    await draining.worker.resume();
    const job = await queue.add(PATTERN, { id: 'fetched-after-stop' }, { jobId: 'fetched-after-stop' });
    await waitFor(() => fetched > 0, { description: 'the job fetched by the stopping worker' });
    await draining.transport.close();

    expect(draining.handled).toEqual([]);
    expect(await queue.getJobState(job.id!)).toBe('waiting');
    expect((await queue.getJob(job.id!))?.attemptsMade).toBe(0);

    const next = await startTransport();
    await waitFor(async () => (await queue.getJobState(job.id!)) === 'completed', { description: 'job completed by the next worker' });
    expect(next.handled).toEqual(['fetched-after-stop']);
    await next.transport.close();
  });
});
