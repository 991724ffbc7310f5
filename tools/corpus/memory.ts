// Resource bounds for reading hostile files: how far the process grew while a read ran, and how
// much it kept afterwards. Bounds on memory, not on time.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const SAMPLE_EVERY_MS = 2;

export interface Measured<T> {
  outcome: T;
  /** Highest resident set size seen during the run, less the size before it. */
  peakRssGrowth: number;
  /** Heap still in use after the run and a full collection, less the heap before it. */
  heapRetained: number;
}

/** Runs `work`, sampling RSS while it runs (file reads yield to the event loop between chunks). */
export async function measureMemory<T>(work: () => Promise<T>): Promise<Measured<T>> {
  collectGarbage();
  const rssBefore = process.memoryUsage.rss();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, SAMPLE_EVERY_MS);
  let outcome: T;
  try {
    outcome = await work();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  collectGarbage();
  return { outcome, peakRssGrowth: peak - rssBefore, heapRetained: process.memoryUsage().heapUsed - heapBefore };
}

export const MB = 1024 * 1024;
