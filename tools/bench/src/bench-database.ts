// PostgreSQL for the service benches: DATABASE_URL when set, else a throw-away embedded server.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '../../..');

export interface BenchDatabase {
  url: string;
  stop: () => Promise<void>;
  embedded: boolean;
  /** Data directory of the embedded server (for its CPU time). */
  dataDir?: string;
}

export async function benchDatabase(name: string): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined, embedded: false };
  // A real dynamic import: the launcher is ESM and register-ts would turn import() into require().
  const load = new Function('url', 'return import(url)') as (url: string) => Promise<{
    startEmbeddedPostgres(o: { dataDir: string }): Promise<{ url: string; stop(): Promise<void> }>;
  }>;
  const { startEmbeddedPostgres } = await load(pathToFileURL(join(ROOT, 'libs/testing/src/embedded-postgres.mjs')).href);
  const dataDir = join(ROOT, `tmp/bench/${name}-pg-${process.pid}`);
  const pg = await startEmbeddedPostgres({ dataDir });
  return { ...pg, embedded: true, dataDir };
}

/** Environment of the services: queues on Redis when REDIS_URL is set, else on PostgreSQL; a fresh namespace. */
export function serviceEnv(databaseUrl: string): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    QUEUE_BACKEND: process.env.REDIS_URL ? (process.env.QUEUE_BACKEND ?? 'redis') : 'postgres',
    QUEUE_PREFIX: process.env.QUEUE_PREFIX || `bench_${Date.now().toString(36)}`,
    // As the demo: six services share one PostgreSQL next to the queue backend's own pools.
    DB_POOL_SIZE: process.env.DB_POOL_SIZE || '4',
    // As the demo: releases go public as they are assembled (the calendar is not what is measured).
    AUTO_PUBLISH: 'true',
  };
  if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
  return env;
}
