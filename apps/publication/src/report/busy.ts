// A page's reads could not get a database connection in time (service-kit's pool-wait.ts): the
// report answers with its own HTML 503 page and Retry-After, as the API's problem details do.
import { isPoolWaitExpired } from '@nhsp/service-kit';

export const BUSY = Symbol('busy');

/** The reads' result, or BUSY when they waited too long for a database connection; any other failure is thrown on. */
export async function orBusy<T>(read: () => Promise<T>): Promise<T | typeof BUSY> {
  try {
    return await read();
  } catch (error) {
    if (isPoolWaitExpired(error)) return BUSY;
    throw error;
  }
}
