// A request's reads could not get a database connection in time: every pooled connection stayed
// busy for the pool's whole wait (libs/persistence data-source.ts, connectionTimeoutMillis). The
// process is overloaded and nothing is wrong with the request, so every service answers 503 with
// Retry-After (ProblemDetailsFilter; the publication's report pages as HTML), deliberately, rather
// than the 500 an unexpected error gets.

/** pg-pool's words when a request waited connectionTimeoutMillis for a pooled connection. */
const POOL_WAIT_EXPIRED = 'timeout exceeded when trying to connect';

/** Seconds a client is asked to wait before trying again. */
export const BUSY_RETRY_AFTER_S = 5;

/** What the client is told, in problem details and on the report's HTML page alike. */
export const BUSY_DETAIL = `The service is busy. Please try again in ${BUSY_RETRY_AFTER_S} seconds.`;

/** Whether `error` is pg-pool's: no pooled connection came within the pool's wait. */
export function isPoolWaitExpired(error: unknown): boolean {
  return error instanceof Error && error.message === POOL_WAIT_EXPIRED;
}
