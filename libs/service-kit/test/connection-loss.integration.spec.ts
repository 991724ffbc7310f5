// PostgreSQL ending a service's connections (a restart, a failover, pg_terminate_backend: 57P01)
// must not kill the process: every pg client has an 'error' listener, pools open new connections,
// the job that was mid-transaction fails and is retried, the worker keeps taking jobs.
// A real worker process on the PostgreSQL queue backend, so the queue's pools and LISTEN client,
// the health-check pool and TypeORM's pool all lose their connections at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { createQueueDriver, QueueDriver, queueEnvSchema, QueueRegistry, queueSettingsFrom } from '@nhsp/queue';
import { createTestDatabase, TestDatabase, testEnv, waitFor } from '@nhsp/testing';
import { loadConfig } from '../src';
import { HELD_JOB_SERVICE, HELD_JOBS_QUEUE, HOLD_IN_TRANSACTION_PATTERN, HOLD_PATTERN, HoldPayload } from './held-job-service';
import { ServiceProcess } from './service-process';

/** This spec's own connections, which it does not cut. */
const SPEC_APPLICATION = 'connection-loss-spec';

describe('a service whose database connections are terminated', () => {
  let database: TestDatabase;
  let admin: Client;
  let driver: QueueDriver;
  let queue: Queue;
  let service: ServiceProcess;
  let dir: string;

  const hold = async (pattern: string, name: string) => {
    const payload: HoldPayload = { releaseFile: join(dir, name) };
    const job = await queue.add(pattern, payload);
    return { id: job.id!, release: () => writeFileSync(payload.releaseFile, '') };
  };
  const state = (jobId: string) => queue.getJobState(jobId);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhsp-connection-loss-'));
    database = await createTestDatabase();
    const env = testEnv(database.url, {
      QUEUE_BACKEND: 'postgres',
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
      WORKER_CONCURRENCY: '2',
    });
    const own = new URL(database.url);
    own.searchParams.set('application_name', SPEC_APPLICATION);
    driver = await createQueueDriver(queueSettingsFrom(loadConfig(queueEnvSchema, { ...env, DATABASE_URL: own.toString() })));
    queue = new QueueRegistry(driver, []).queue(HELD_JOBS_QUEUE);
    admin = new Client({ connectionString: own.toString() });
    admin.on('error', () => undefined); // the spec's own; never terminated
    await admin.connect();
    service = new ServiceProcess(env);
  });

  afterAll(async () => {
    service?.kill();
    await service?.exited;
    await admin?.end();
    await queue?.close();
    await driver?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives, retries the job that was mid-transaction, keeps taking jobs and exits 0 on SIGTERM', async () => {
    const url = await service.url();
    const inTransaction = await hold(HOLD_IN_TRANSACTION_PATTERN, 'in-transaction');
    await waitFor(async () => (await state(inTransaction.id)) === 'active', { description: 'job mid-transaction' });

    // The health check opens its connections (TypeORM's and the queue's health-check pool).
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);

    const { rows } = await admin.query<{ application_name: string; terminated: boolean }>(
      `SELECT application_name, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $1`,
      [SPEC_APPLICATION],
    );
    expect(rows.every((r) => r.terminated)).toBe(true);
    const names = rows.map((r) => r.application_name);
    // TypeORM's pool (named after the service), the worker's LISTEN client (named after the
    // queue) and the unnamed queue and health-check pools.
    expect(names).toEqual(expect.arrayContaining([HELD_JOB_SERVICE, HELD_JOBS_QUEUE, '']));

    await service.logged('(57P01)');
    inTransaction.release();
    await waitFor(async () => (await state(inTransaction.id)) === 'completed', { timeoutMs: 30_000, description: 'retried job completed' });
    expect(service.output).toMatch(/attempt 1\/3 retried/);

    const after = await hold(HOLD_PATTERN, 'after');
    after.release();
    await waitFor(async () => (await state(after.id)) === 'completed', { timeoutMs: 30_000, description: 'a new job completed' });
    await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 200, { description: 'ready again' });
    expect(service.running).toBe(true);

    service.signal('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
  });
});
