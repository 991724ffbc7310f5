// Settings of the queue layer, read from the environment by service-kit's config (or given
// directly in tests). Defaults suit local development; production sets them explicitly.
import { z } from 'zod';

export const queueEnvSchema = z.object({
  QUEUE_BACKEND: z.enum(['redis', 'postgres']).default('redis'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Used by the postgres queue backend (and by persistence). */
  DATABASE_URL: z.string().optional(),
  /** Namespace of all queues: a Redis key prefix, or `<prefix>_bullmq` schema on postgres. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,40}$/, 'must be lower-case letters, digits or _ (it also names a PostgreSQL schema)')
    .default('nhsp'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(25000),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** How many times a job runs before it counts as failed (first run included). */
  JOB_ATTEMPTS: z.coerce.number().int().positive().default(5),
  /** First retry delay; doubles each attempt (1s, 2s, 4s, 8s with the defaults). */
  JOB_BACKOFF_MS: z.coerce.number().int().nonnegative().default(1000),
  /** A job holding its lock longer than this without renewal is "stalled" and requeued. */
  JOB_LOCK_MS: z.coerce.number().int().positive().default(30000),
  /** How often a worker looks for stalled jobs (lock lapsed: the worker died) and requeues them. */
  JOB_STALLED_INTERVAL_MS: z.coerce.number().int().positive().default(30000),
  /** Stalls a job may survive before it counts as failed (a job that crashes its worker every time). */
  JOB_MAX_STALLED_COUNT: z.coerce.number().int().nonnegative().default(1),
});
export type QueueEnv = z.infer<typeof queueEnvSchema>;

export interface QueueSettings {
  backend: 'redis' | 'postgres';
  redisUrl: string;
  databaseUrl?: string;
  prefix: string;
  shutdownTimeoutMs: number;
  concurrency: number;
  attempts: number;
  backoffMs: number;
  lockDurationMs: number;
  /** Optional so settings built by hand (tests) keep BullMQ's defaults (30 s, 1). */
  stalledIntervalMs?: number;
  maxStalledCount?: number;
}

export function queueSettingsFrom(env: QueueEnv): QueueSettings {
  return {
    backend: env.QUEUE_BACKEND,
    redisUrl: env.REDIS_URL,
    databaseUrl: env.DATABASE_URL,
    prefix: env.QUEUE_PREFIX,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    concurrency: env.WORKER_CONCURRENCY,
    attempts: env.JOB_ATTEMPTS,
    backoffMs: env.JOB_BACKOFF_MS,
    lockDurationMs: env.JOB_LOCK_MS,
    stalledIntervalMs: env.JOB_STALLED_INTERVAL_MS,
    maxStalledCount: env.JOB_MAX_STALLED_COUNT,
  };
}

/** Completed jobs are kept a day (this is also the dedupe window of a business-key job id). */
export const KEEP_COMPLETED = { age: 24 * 3600, count: 5000 };
/** Failed jobs are kept two weeks so operators can inspect and redrive them. */
export const KEEP_FAILED = { age: 14 * 24 * 3600, count: 50000 };
