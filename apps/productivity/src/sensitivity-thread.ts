// A run's method sensitivity recomputes its period five times: 1.5-3 s of synchronous decimal
// arithmetic, which on the event loop stalled health probes, metrics scrapes, HTTP answers and
// the other jobs of the process. It runs in a worker thread instead (worker-thread.ts).
//
// The thread is kept between computations (KeptWorkerThread) until idle for THREAD_IDLE_MS: a
// new thread per computation paid the methodology's load and ran on code not yet optimised,
// about a third of each computation's CPU, and after a whole-history recompute 84 computations
// come one after another. A crash, timeout or abort still ends that thread only (the next
// computation starts another). At most MAX_SENSITIVITY_THREADS at a time per process; further
// callers wait (without blocking anything) for a free one. One keeps the follow-ups' total pace as it was - they ran
// one at a time on the event loop - and never takes more than one core from the runs.
//
// What still happens on the event loop: reading the rows and cloning them into the thread
// (structured clone when the thread starts), a few per cent of the computation (golden bundle:
// ~70 ms of ~1.5 s). Should that grow, the next step is the rows as one json_agg text from
// PostgreSQL, parsed in the thread.
import { join } from 'node:path';
import { SensitivityAnswer, SensitivityRequest } from './sensitivity-compute';
import { KeptWorkerThread } from './worker-thread';

export const MAX_SENSITIVITY_THREADS = 1;
/** Far above any real computation; only a thread that never answers meets it (the job then fails and is retried). */
export const SENSITIVITY_THREAD_TIMEOUT_MS = 10 * 60 * 1000;

/** A kept thread idle this long ends (its heap freed); the follow-ups of a recompute come well within it of each other. */
export const THREAD_IDLE_MS = 60 * 1000;

const WORKER_MODULE = join(__dirname, 'sensitivity.worker.ts');

let free = MAX_SENSITIVITY_THREADS;
const waiting: Array<() => void> = [];
/** Kept threads not computing now (at most MAX_SENSITIVITY_THREADS exist). */
const idle: KeptWorkerThread[] = [];
const all: KeptWorkerThread[] = [];

/** Whether a computation would start now rather than wait for a thread (sensitivity-deferral.ts). */
export function sensitivityThreadFree(): boolean {
  return free > 0;
}

async function withThreadSlot<T>(task: () => Promise<T>): Promise<T> {
  if (free > 0) free -= 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  }
}

/** computeSensitivity (sensitivity-compute.ts) in a worker thread: the same answer, the event loop left free. */
export function computeSensitivityInThread(
  request: SensitivityRequest,
  options: { what?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<SensitivityAnswer> {
  return withThreadSlot(async () => {
    const thread = idle.pop() ?? keptThread();
    try {
      return await thread.run<SensitivityAnswer>(request, {
        what: options.what ?? `sensitivity of ${request.period}`,
        timeoutMs: options.timeoutMs ?? SENSITIVITY_THREAD_TIMEOUT_MS,
        signal: options.signal,
      });
    } finally {
      idle.push(thread);
    }
  });
}

function keptThread(): KeptWorkerThread {
  const thread = new KeptWorkerThread(WORKER_MODULE, THREAD_IDLE_MS);
  all.push(thread);
  return thread;
}

/** Ends the kept threads (a service shutting down): computing ones were stopped by their callers' signal. */
export async function stopSensitivityThreads(): Promise<void> {
  await Promise.all(all.map((t) => t.stop()));
}
