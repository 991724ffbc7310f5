// A job that failed because PostgreSQL went away (a restart, a failover) is retried after the
// backoff (1 s, 2 s, 4 s ... by default) whether or not the database is back, so a restart of a
// few seconds used three to five of a job's five attempts. Before a failed attempt is handed back
// the worker asks the database whether it answers, and while it does not, waits (polling through
// the pool, which replaces its dead connections) up to a bound: the retry then meets a reachable
// database and one retry is enough. A failure with the database up is handed back at once.
import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { describePgError } from '@nhsp/persistence';

/** How long a failed attempt waits at most for the database (a restart takes seconds, a failover under a minute). */
export const DATABASE_WAIT_MS = 60_000;

export interface DatabaseWaitOptions {
  /** The longest a failed attempt is held back waiting for the database. */
  maxWaitMs: number;
  pollMs?: number;
}

/** Resolves true once `SELECT 1` succeeds, false if it still fails after `maxWaitMs`. */
export async function waitForDatabase(db: Pick<DataSource, 'query'>, options: DatabaseWaitOptions, log = new Logger('database')): Promise<boolean> {
  const deadline = Date.now() + options.maxWaitMs;
  const started = Date.now();
  let unreachable: string | undefined;
  for (;;) {
    try {
      await db.query('SELECT 1');
      if (unreachable) log.log(`the database answers again after ${Date.now() - started} ms; the failed job is handed back for its retry`);
      return true;
    } catch (error) {
      if (!unreachable) {
        unreachable = describePgError(error);
        log.warn(`a job failed and the database does not answer (${unreachable}); its retry waits until it does (at most ${options.maxWaitMs} ms)`);
      }
    }
    if (Date.now() >= deadline) {
      log.warn(`the database still does not answer after ${options.maxWaitMs} ms; the failed job is handed back anyway`);
      return false;
    }
    await sleep(options.pollMs ?? 250);
  }
}

/** Runs one job attempt; if it fails, the failure is passed on once the database answers (or the wait is over). */
export async function retryAfterDatabaseAnswers<T>(db: Pick<DataSource, 'query'>, options: DatabaseWaitOptions, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await waitForDatabase(db, options);
    throw error;
  }
}
