// PostgreSQL going away for a few seconds (a restart, a failover) while a job runs: the attempt
// fails, and its retry must find the database back, so one retry is enough. With the production
// backoff (1 s, doubling) a retry after a fixed delay would land in the outage and burn attempts.
// The outage is this suite's database refusing connections (ALLOW_CONNECTIONS false) with every
// connection of the worker ended, as a restart does, for longer than the first two backoffs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { createQueueDriver, QueueDriver, queueEnvSchema, QueueRegistry, queueSettingsFrom } from '@nhsp/queue';
import { createTestDatabase, TestDatabase, testEnv, waitFor } from '@nhsp/testing';
import { loadConfig } from '../src';
import { HELD_JOBS_QUEUE, HOLD_IN_TRANSACTION_PATTERN, HoldPayload } from './held-job-service';
import { ServiceProcess } from './service-process';

/** This spec's own connections (the queue's, on the postgres backend), which the outage spares. */
const SPEC_APPLICATION = 'database-outage-spec';
const OUTAGE_MS = 4000;

describe('a worker whose database is down for a few seconds mid-job', () => {
  let database: TestDatabase;
  let admin: Client;
  let driver: QueueDriver;
  let queue: Queue;
  let service: ServiceProcess;
  let dir: string;
  let databaseName: string;

  const allowConnections = (allow: boolean) => admin.query(`ALTER DATABASE "${databaseName}" WITH ALLOW_CONNECTIONS ${allow}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhsp-database-outage-'));
    database = await createTestDatabase();
    databaseName = new URL(database.url).pathname.slice(1);
    const env = testEnv(database.url, {
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
      WORKER_CONCURRENCY: '1',
      // Production's retry policy, not the tests' quick one.
      JOB_ATTEMPTS: '5',
      JOB_BACKOFF_MS: '1000',
    });
    const own = new URL(database.url);
    own.searchParams.set('application_name', SPEC_APPLICATION);
    // On the server's maintenance database: a database cannot refuse connections from a session on itself.
    const maintenance = new URL(own);
    maintenance.pathname = '/postgres';
    admin = new Client({ connectionString: maintenance.toString() });
    admin.on('error', () => undefined); // the spec's own; never terminated
    await admin.connect();
    driver = await createQueueDriver(queueSettingsFrom(loadConfig(queueEnvSchema, { ...env, DATABASE_URL: own.toString() })));
    queue = new QueueRegistry(driver, []).queue(HELD_JOBS_QUEUE);
    service = new ServiceProcess(env);
  });

  afterAll(async () => {
    await allowConnections(true).catch(() => undefined);
    service?.kill();
    await service?.exited;
    if (driver?.backend === 'redis') await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await driver?.close();
    await admin?.end();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries the job once, after the database is back, and the retry succeeds', async () => {
    await service.url();
    const payload: HoldPayload = { releaseFile: join(dir, 'release') };
    const job = await queue.add(HOLD_IN_TRANSACTION_PATTERN, payload);
    await waitFor(async () => (await queue.getJobState(job.id!)) === 'active', { timeoutMs: 30_000, description: 'job mid-transaction' });

    // The outage: no new connections, every existing one ended (57P01).
    await allowConnections(false);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name <> $2`,
      [databaseName, SPEC_APPLICATION],
    );
    writeFileSync(payload.releaseFile, '');
    await service.logged('attempt 1/5 retried');
    await sleep(OUTAGE_MS);
    await allowConnections(true);

    await waitFor(async () => (await queue.getJobState(job.id!)) === 'completed', { timeoutMs: 60_000, description: 'the job completed' });
    // attemptsMade counts the successful attempt too: the failed one and its one retry.
    expect((await queue.getJob(job.id!))!.attemptsMade).toBe(2);
    expect(service.output).not.toMatch(/attempt 2\/5 retried/);
    expect(service.running).toBe(true);
  });
});
