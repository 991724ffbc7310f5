// A pg client emits 'error' when its connection dies while no query of its own is running
// (PostgreSQL shut down or restarted, pg_terminate_backend, a network cut: 57P01 "terminating
// connection due to administrator command"). Node throws an 'error' event nobody listens to, and
// the process dies. pg's Pool listens only while a client sits idle in it; while a client is
// checked out, its holder must listen. Every client and pool this code base creates gets a
// listener that reports the loss; the owner recovers by using a new connection (a pool opens one
// on the next query; a job that was mid-transaction fails and is retried).
import type { EventEmitter } from 'node:events';

/** Where a lost connection is reported: a logger's warn. */
export type ConnectionErrorReporter = (message: string) => void;

export const reportOnConsole: ConnectionErrorReporter = (message) => console.warn(message);

/** `terminating connection due to administrator command (57P01)`. */
export function describePgError(error: unknown): string {
  const { message, code } = (error ?? {}) as { message?: string; code?: string };
  const text = message ?? String(error);
  return code ? `${text} (${code})` : text;
}

/**
 * For pg Pool's `onConnect` option: each client of the pool keeps an 'error' listener for life,
 * so a client that is checked out but between queries when its connection dies cannot crash the
 * process. It reports only when no one else listens: an idle client's loss reaches the pool's
 * 'error' event, a held client's its holder (TypeORM's query runner listens while it holds one).
 */
export function keepClientErrorsFromCrashing(owner: string, report: ConnectionErrorReporter) {
  return (client: Pick<EventEmitter, 'on' | 'listenerCount'>): void => {
    let reported = false;
    client.on('error', (error: unknown) => {
      // The first error says why; the socket closing after it adds only "terminated unexpectedly".
      if (reported || client.listenerCount('error') > 1) return;
      reported = true;
      report(`${owner}: a checked-out database connection was lost: ${describePgError(error)}`);
    });
  };
}
