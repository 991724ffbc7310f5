// A page's reads could not get a database connection in time: every pooled connection stayed
// busy for the pool's whole wait (libs/persistence data-source.ts, connectionTimeoutMillis). The
// process is overloaded and nothing is wrong with the page, so it answers 503 with Retry-After,
// deliberately, rather than the 500 an unexpected error gets.

/** pg-pool's words when a request waited connectionTimeoutMillis for a pooled connection. */
const POOL_WAIT_EXPIRED = 'timeout exceeded when trying to connect';
/** Seconds a client is asked to wait before trying again. */
export const BUSY_RETRY_AFTER_S = 5;
export const BUSY = Symbol('busy');

/** The reads' result, or BUSY when they waited too long for a database connection; any other failure is thrown on. */
export async function orBusy<T>(read: () => Promise<T>): Promise<T | typeof BUSY> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof Error && error.message === POOL_WAIT_EXPIRED) return BUSY;
    throw error;
  }
}
