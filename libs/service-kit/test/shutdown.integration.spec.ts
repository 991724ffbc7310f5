// A service process stopped by SIGTERM/SIGINT (a rollout, a scale-down, Ctrl-C) closes itself,
// letting the running job finish within SHUTDOWN_TIMEOUT_MS, and exits 0; a failed close exits 1.
// Real processes started through tools/scripts/start-service.js, as in the pods.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Queue } from 'bullmq';
import { createQueueDriver, QueueDriver, queueEnvSchema, queueSettingsFrom } from '@nhsp/queue';
import { createTestDatabase, TestDatabase, testEnv, waitFor } from '@nhsp/testing';
import { loadConfig } from '../src';
import { HOLD_PATTERN, HoldPayload, SHUTDOWN_TEST_QUEUE } from './shutdown-test-service';

const ROOT = resolve(__dirname, '../../..');
const START = join(ROOT, 'tools/scripts/start-service.js');
const SERVICE_MAIN = join(__dirname, 'shutdown-test-service.ts');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

class ServiceProcess {
  output = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [START, SERVICE_MAIN, 'worker'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => this.child.once('exit', (code, signal) => done({ code, signal })));
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Waits for a log line; fails early, with the log, if the process is gone. */
  async logged(text: string): Promise<void> {
    await waitFor(
      () => {
        if (this.output.includes(text)) return true;
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          throw new Error(`process ended before logging "${text}":\n${this.output}`);
        }
        return false;
      },
      { timeoutMs: 30_000, description: `log line "${text}"` },
    );
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

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
    queue = driver.createQueue(SHUTDOWN_TEST_QUEUE);
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
    await service.logged('SIGTERM received: closing shutdown-test');
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
    const service = start({ SHUTDOWN_TEST_FAIL_CLOSE: 'true' });
    await service.logged('listening on');

    service.signal('SIGINT');

    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.output).toContain('failed to close after SIGINT');
    expect(service.output).toContain('closing failed on purpose');
  });
});
