// A service process stopped by SIGTERM/SIGINT (a rollout, a scale-down, Ctrl-C) closes itself,
// letting the running job finish within SHUTDOWN_TIMEOUT_MS, and exits 0; a failed close exits 1.
// Real processes started through tools/scripts/start-service.js, as in the pods.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import { createQueueDriver, QueueDriver, queueEnvSchema, QueueRegistry, queueSettingsFrom } from '@nhsp/queue';
import { createTestDatabase, TestDatabase, testEnv, waitFor } from '@nhsp/testing';
import { loadConfig } from '../src';
import { HELD_JOB_SERVICE, HELD_JOBS_QUEUE, HOLD_PATTERN, HoldPayload } from './held-job-service';
import { ServiceProcess } from './service-process';

describe('a service process stopped by a signal', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let driver: QueueDriver;
  let queue: Queue;
  let dir: string;
  const processes: ServiceProcess[] = [];

  const start = (extra: Record<string, string> = {}) => {
    const service = new ServiceProcess({ ...env, ...extra });
    processes.push(service);
    return service;
  };
  const hold = async (name: string) => {
    const payload: HoldPayload = { releaseFile: join(dir, name) };
    const job = await queue.add(HOLD_PATTERN, payload);
    return { id: job.id!, release: () => writeFileSync(payload.releaseFile, '') };
  };
  const active = (jobId: string) =>
    waitFor(async () => (await queue.getJobState(jobId)) === 'active', { timeoutMs: 30_000, description: `job ${jobId} active` });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhsp-shutdown-'));
    database = await createTestDatabase();
    env = testEnv(database.url, {
      // Nothing here needs tables; the platform's migrations would only slow each start.
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
      WORKER_CONCURRENCY: '1',
    });
    driver = await createQueueDriver(queueSettingsFrom(loadConfig(queueEnvSchema, env)));
    queue = new QueueRegistry(driver, []).queue(HELD_JOBS_QUEUE);
  });

  afterAll(async () => {
    processes.forEach((p) => p.kill());
    await Promise.all(processes.map((p) => p.exited));
    if (driver?.backend === 'redis') await queue.obliterate({ force: true });
    await queue?.close();
    await driver?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM: the running job finishes, then the process exits 0', async () => {
    const job = await hold('drain');
    const service = start();
    await active(job.id);

    service.signal('SIGTERM');
    await service.logged(`SIGTERM received: closing ${HELD_JOB_SERVICE}`);
    // Released only once shutdown has begun: had the process not waited, the job would not complete.
    job.release();

    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(await queue.getJobState(job.id)).toBe('completed');
    expect(service.output).toContain('exiting with status 0');
  });

  it('SIGTERM with SHUTDOWN_TIMEOUT_MS shorter than the job: hands the job back and exits 0', async () => {
    const job = await hold('never');
    const service = start({ SHUTDOWN_TIMEOUT_MS: '300' });
    await active(job.id);

    service.signal('SIGTERM');

    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.output).toContain('1 job(s) still running after 300 ms; handing them back');
    // Not finished: its lock lapses and stalled-job recovery gives it to another worker.
    expect(await queue.getJobState(job.id)).toBe('active');
  });

  it('SIGINT when closing fails: exits 1 and says why', async () => {
    const service = start({ HELD_JOB_FAIL_CLOSE: 'true' });
    await service.logged('listening on');

    service.signal('SIGINT');

    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.output).toContain('failed to close after SIGINT');
    expect(service.output).toContain('closing failed on purpose');
  });
});
