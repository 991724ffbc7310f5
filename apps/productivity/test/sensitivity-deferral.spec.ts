// When a sensitivity follow-up steps aside (sensitivity-deferral.ts), on a real queue: before its
// limit it waits for any work of the pipeline; past it, only for a run request waiting on its own
// queue, so a new month's run never queues behind every follow-up of a national recompute, and a
// follow-up never starves behind runs computed over HTTP (past a longer limit, so a recompute asked
// over HTTP is not slowed by them); whatever its age, while another
// follow-up holds the sensitivity thread (waiting for it held a queue worker).
import { createTestDatabase, TestDatabase, testEnv } from '@nhsp/testing';
import { BullMqContext, createQueueDriver, PATTERNS, QUEUES, queueEnvSchema, QueueDriver, QueueRegistry, queueSettingsFrom } from '@nhsp/queue';
import { resolveSettings } from '@nhsp/methodology';
import { asRunComputing, deferWhileBusy, MAX_DEFER_FOR_RUNS_MS, MAX_DEFER_MS } from '../src/sensitivity-deferral';
import { SensitivityRequest } from '../src/sensitivity-compute';
import { computeSensitivityInThread, sensitivityThreadFree } from '../src/sensitivity-thread';

/** The three members of a job's context the deferral reads; `deferredBy` records a step aside. */
function followUp(ageMs: number): BullMqContext & { deferredBy: number | null } {
  const job = {
    deferredBy: null as number | null,
    canDefer: true,
    queuedAt: Date.now() - ageMs,
    async deferFor(ms: number) {
      job.deferredBy = ms;
    },
  };
  return job as unknown as BullMqContext & { deferredBy: number | null };
}

describe('productivity: a sensitivity follow-up steps aside', () => {
  let database: TestDatabase;
  let driver: QueueDriver;
  let registry: QueueRegistry;

  beforeAll(async () => {
    database = await createTestDatabase();
    driver = await createQueueDriver(queueSettingsFrom(queueEnvSchema.parse(testEnv(database.url))));
    registry = new QueueRegistry(driver, [QUEUES.productivity]);
  });

  afterAll(async () => {
    if (driver?.backend === 'redis') await registry?.queue(QUEUES.productivity).obliterate({ force: true });
    await registry?.onApplicationShutdown();
    await database?.drop();
  });

  afterEach(async () => {
    await registry.queue(QUEUES.productivity).drain(true);
  });

  it('past its limit, still for a run request waiting on the productivity queue', async () => {
    await registry.queue(QUEUES.productivity).add(PATTERNS.runRequested, { period: '2026-03' });
    const young = followUp(1000);
    const overdue = followUp(MAX_DEFER_MS + 1000);
    await deferWhileBusy(registry, young);
    await deferWhileBusy(registry, overdue);
    expect(young.deferredBy).not.toBeNull();
    expect(overdue.deferredBy).not.toBeNull();
  });

  it('past its longer limit, not for a run computing over HTTP (it would starve); before it, yes (a recompute asked over HTTP)', async () => {
    let release!: () => void;
    const computing = asRunComputing(() => new Promise<void>((resolve) => (release = resolve)));
    const young = followUp(1000);
    const overdue = followUp(MAX_DEFER_MS + 1000);
    const starving = followUp(MAX_DEFER_FOR_RUNS_MS + 1000);
    await deferWhileBusy(registry, young);
    await deferWhileBusy(registry, overdue);
    await deferWhileBusy(registry, starving);
    release();
    await computing;
    expect(young.deferredBy).not.toBeNull();
    expect(overdue.deferredBy).not.toBeNull();
    expect(starving.deferredBy).toBeNull();
  });

  it('whatever its age, while another follow-up holds the sensitivity thread; not when the thread is free and nothing waits', async () => {
    const young = followUp(1000);
    const overdue = followUp(MAX_DEFER_MS + 1000);
    await deferWhileBusy(registry, young, () => false);
    await deferWhileBusy(registry, overdue, () => false);
    expect(young.deferredBy).not.toBeNull();
    expect(overdue.deferredBy).not.toBeNull();
    // Past both limits: the run the test before computed ended under RUN_QUIET_MS ago.
    const free = followUp(MAX_DEFER_FOR_RUNS_MS + 1000);
    await deferWhileBusy(registry, free, () => true);
    expect(free.deferredBy).toBeNull();
  });

  it('knows the thread is taken while a computation runs in it', async () => {
    expect(sensitivityThreadFree()).toBe(true);
    // A request the thread rejects at once (no rows): the slot is taken from the call until its answer.
    const computing = computeSensitivityInThread({ rows: null, period: '2025-06', settings: resolveSettings() } as unknown as SensitivityRequest).catch((e: Error) => e);
    expect(sensitivityThreadFree()).toBe(false);
    expect(await computing).toBeInstanceOf(Error);
    expect(sensitivityThreadFree()).toBe(true);
  });
});
