// One interface over the two queue backends, so nothing else in the code base knows whether
// jobs live in Redis or in PostgreSQL (QUEUE_BACKEND=redis|postgres), nor that they are BullMQ's:
// a driver answers health checks and closes; the BullMQ objects it opens are for this lib's own
// registry and transport (bullMqOf, not exported from the lib).
import {
  createPostgresBackend,
  createRedisBackend,
  Processor,
  Queue,
  QueueEvents,
  runMigrations as runQueueMigrations,
  Worker,
  WorkerOptions,
} from 'bullmq';
import { StoppableWorker } from './stoppable-worker';
import { Logger } from '@nestjs/common';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import { describePgError, keepClientErrorsFromCrashing, redactUrl } from '@nhsp/connections';
import { KEEP_COMPLETED, KEEP_FAILED, QueueSettings } from './queue-config';

/** How a worker takes jobs (the connection is the driver's). */
export interface WorkerTuning {
  concurrency?: number;
  lockDuration?: number;
  stalledInterval?: number;
  maxStalledCount?: number;
}

export interface QueueDriver {
  readonly backend: 'redis' | 'postgres';
  readonly settings: QueueSettings;
  /** Cheap round trip for health checks; rejects within ~2 s when the backend is down. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The BullMQ objects a driver opens on its backend: the queue lib's registry and transport use them. */
export interface BullMqObjects {
  createQueue(name: string): Queue;
  createWorker(name: string, processor: Processor, options?: WorkerTuning): Worker;
  createQueueEvents(name: string): QueueEvents;
}

const OBJECTS = new WeakMap<QueueDriver, BullMqObjects>();

/** For the queue lib only (index.ts does not export it). */
export function bullMqOf(driver: QueueDriver): BullMqObjects {
  const objects = OBJECTS.get(driver);
  if (!objects) throw new Error('Not a queue driver made by createQueueDriver');
  return objects;
}

function driver(fields: QueueDriver, objects: BullMqObjects): QueueDriver {
  OBJECTS.set(fields, objects);
  return fields;
}

const PING_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 5000;
const log = new Logger('QueueDriver');
const report = (message: string) => log.warn(`queue backend postgres: ${message}`);

/**
 * Connects once up front and fails fast with a message naming the setting: BullMQ itself
 * retries forever (and, on postgres without migrations, loops until the heap is gone).
 */
export async function createQueueDriver(settings: QueueSettings): Promise<QueueDriver> {
  return settings.backend === 'postgres' ? createPostgresDriver(settings) : createRedisDriver(settings);
}

async function createRedisDriver(settings: QueueSettings): Promise<QueueDriver> {
  // Probe once without reconnects, so a failure ends here instead of retrying in the background.
  const probe = new IORedis(settings.redisUrl, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    // ioredis waits this long for a dead socket to close, keeping the process alive meanwhile.
    disconnectTimeout: 100,
  });
  let cause: Error | undefined; // the socket error; connect() itself only says "Connection is closed"
  probe.on('error', (error: Error) => (cause = error));
  try {
    await withTimeout(probe.connect(), CONNECT_TIMEOUT_MS, 'connect');
    await probe.ping();
  } catch (error) {
    throw new Error(
      `Queue backend redis: cannot connect to REDIS_URL (${redactUrl(settings.redisUrl)}): ${(cause ?? (error as Error)).message}`,
    );
  } finally {
    probe.disconnect();
  }
  const pinger = new IORedis(settings.redisUrl, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    // Health checks must answer "down" now, not queue the PING until Redis comes back.
    enableOfflineQueue: false,
  });
  pinger.on('error', () => undefined); // reported through ping(); ioredis reconnects by itself
  // BullMQ builds (and owns, and closes) its ioredis clients from these options.
  // maxRetriesPerRequest: null is required by its blocking commands.
  const common = { connection: { url: settings.redisUrl, maxRetriesPerRequest: null }, prefix: settings.prefix };
  return driver(
    {
      backend: 'redis',
      settings,
      ping: async () => {
        await withTimeout(pinger.ping(), PING_TIMEOUT_MS, 'PING');
      },
      close: async () => {
        pinger.disconnect();
      },
    },
    {
      createQueue: (name) => new Queue(name, { ...common, defaultJobOptions: defaultJobOptions(settings) }, createRedisBackend),
      createWorker: (name, processor, extra) =>
        new StoppableWorker(name, processor, { ...common, ...workerDefaults(settings), ...extra }, createRedisBackend),
      createQueueEvents: (name) => new QueueEvents(name, common, createRedisBackend),
    },
  );
}

async function createPostgresDriver(settings: QueueSettings): Promise<QueueDriver> {
  const url = settings.databaseUrl;
  if (!url) throw new Error('Queue backend postgres: DATABASE_URL is required when QUEUE_BACKEND=postgres');
  // BullMQ's postgres backend ignores the Redis key prefix; a schema per prefix isolates instead.
  const schema = `${settings.prefix}_bullmq`;
  // Every pg client here needs an 'error' listener: one whose connection dies (a PostgreSQL
  // restart: 57P01) outside a query emits the error as an event, which unheard kills the process.
  const pinger = new Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    onConnect: keepClientErrorsFromCrashing('health check', report),
  } as ConstructorParameters<typeof Pool>[0]);
  // The pool drops the dead idle client and opens a new one for the next ping.
  pinger.on('error', (error) => report(`health check: an idle connection was lost: ${describePgError(error)}`));
  const client = await pinger.connect().catch(async (error: Error) => {
    await pinger.end();
    throw new Error(`Queue backend postgres: cannot connect to DATABASE_URL (${redactUrl(url)}): ${error.message}`);
  });
  try {
    // Migrate once here (advisory-locked by BullMQ) so the many queue/worker pools below only
    // find the schema ready; each still gets `migrate: true` as a harmless no-op safety net.
    await runQueueMigrations(client as never, schema);
  } finally {
    client.release();
  }
  // Small pools: every Queue, Worker and QueueEvents builds its own (plus one LISTEN client).
  // BullMQ listens on its pools and LISTEN clients and reports losses as the Queue's or Worker's
  // 'error' (logged where they are made); the clients its pools lend out get a listener here.
  const connection = {
    connectionString: url,
    schema,
    migrate: true,
    max: 3,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    onConnect: keepClientErrorsFromCrashing('queue', report),
  };
  const common = { connection };
  return driver(
    {
      backend: 'postgres',
      settings,
      ping: async () => {
        await withTimeout(pinger.query('SELECT 1'), PING_TIMEOUT_MS, 'SELECT 1');
      },
      close: () => pinger.end(),
    },
    {
      createQueue: (name) =>
        new Queue(name, { ...common, defaultJobOptions: defaultJobOptions(settings) }, createPostgresBackend) as unknown as Queue,
      createWorker: (name, processor, extra) =>
        new StoppableWorker(
          name,
          processor,
          { ...common, ...workerDefaults(settings), ...extra },
          createPostgresBackend as never,
        ) as unknown as Worker,
      createQueueEvents: (name) => new QueueEvents(name, common, createPostgresBackend) as unknown as QueueEvents,
    },
  );
}

function defaultJobOptions(settings: QueueSettings) {
  return {
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}

function workerDefaults(settings: QueueSettings): Omit<Partial<WorkerOptions>, 'connection'> {
  return {
    concurrency: settings.concurrency,
    lockDuration: settings.lockDurationMs,
    // Absent keys, not undefined ones: BullMQ's defaults would be overwritten by undefined.
    ...(settings.stalledIntervalMs !== undefined && { stalledInterval: settings.stalledIntervalMs }),
    ...(settings.maxStalledCount !== undefined && { maxStalledCount: settings.maxStalledCount }),
    // The worker's own copies of the retention rules win over the job's if set; keep them equal.
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
    autorun: false,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
