// Boots a service module in-process, as production does (bootstrapService), on a free port with
// its own database and queue namespace.
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { bootstrapService, BootstrapOptions, RunningService, ServiceRole } from '@nhsp/service-kit';
import { createTestDatabase, TestDatabase } from './database';

/** Unique queue namespace (Redis key prefix / PostgreSQL schema) for one test suite. */
export function testQueuePrefix(): string {
  return `t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/**
 * Environment for a service under test: the suite's database, the queue backend chosen for the
 * run (QUEUE_BACKEND, or redis when REDIS_URL is set), a unique prefix, quiet logs and fast
 * retries. `overrides` win.
 */
export function testEnv(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  const backend = process.env.QUEUE_BACKEND ?? (process.env.REDIS_URL ? 'redis' : 'postgres');
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    QUEUE_BACKEND: backend,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    QUEUE_PREFIX: testQueuePrefix(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    JOB_ATTEMPTS: '3',
    JOB_BACKOFF_MS: '50',
    SHUTDOWN_TIMEOUT_MS: '5000',
    SWAGGER: 'true',
    ...overrides,
  };
}

export interface TestService extends RunningService {
  database: TestDatabase;
  env: Record<string, string>;
  /** Closes the app, then drops its database. */
  stop(): Promise<void>;
}

export interface StartTestServiceOptions extends Omit<BootstrapOptions, 'role' | 'env' | 'port'> {
  role?: ServiceRole;
  /** Extra or overriding environment (see testEnv). */
  env?: Record<string, string>;
  /** Reuse a database (e.g. two services of one suite); default: a new one, dropped on stop. */
  database?: TestDatabase;
}

export async function startTestService(options: StartTestServiceOptions): Promise<TestService> {
  const ownsDatabase = !options.database;
  const database = options.database ?? (await createTestDatabase());
  const env = testEnv(database.url, options.env);
  let running: RunningService;
  try {
    running = await bootstrapService({ ...options, role: options.role ?? 'all', env, port: 0, shutdownHooks: false });
  } catch (error) {
    if (ownsDatabase) await database.drop().catch(() => undefined);
    throw error;
  }
  return {
    ...running,
    database,
    env,
    stop: async () => {
      await running.close();
      if (env.QUEUE_BACKEND === 'redis') await deleteRedisNamespace(env.REDIS_URL, env.QUEUE_PREFIX);
      if (ownsDatabase) await database.drop();
    },
  };
}

/** Redis keeps a suite's queues after it ends; the PostgreSQL backend's go with the database. */
async function deleteRedisNamespace(url: string | undefined, prefix: string): Promise<void> {
  const redis = new IORedis(url ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
