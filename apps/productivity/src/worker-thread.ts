// Runs a TypeScript module in a Node worker thread and waits for its one answer, so CPU-heavy
// pure computation leaves the event loop free for probes, metrics scrapes, HTTP and other jobs.
//
// A worker thread starts as plain Node: it inherits neither the main thread's require hooks
// (@swc-node/register via tools/scripts/register-ts.js, as start-service.js and the CLI load it)
// nor, under Jest, Jest's transformer. So the thread's first statement registers TypeScript
// itself, then requires the module - the same way in the image (which holds tools/scripts and
// the sources), the CLI and Jest.
//
// Only plain data crosses (structured clone): the module receives `workerData` and answers
// through answerParent. Whatever happens to the thread - an exception, an exit, an answer that
// never comes - the caller gets an error naming what was being computed and why, never a hang,
// and the thread is terminated before the promise settles.
import { resolve } from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const REGISTER_TS = resolve(__dirname, '../../../tools/scripts/register-ts.js');

type ThreadAnswer<T> = { ok: true; value: T } | { ok: false; error: { name: string; message: string; stack?: string } };

export class WorkerThreadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerThreadError';
  }
}

export interface ThreadOptions {
  /** What is computed, for error messages: e.g. "sensitivity of run … (2025-06)". */
  what: string;
  /** After this long without an answer the thread is terminated and the call fails. */
  timeoutMs: number;
  /** Aborting terminates the thread and fails the call with the abort reason (a shutting-down service). */
  signal?: AbortSignal;
}

export function runInWorkerThread<T>(modulePath: string, workerData: unknown, { what, timeoutMs, signal }: ThreadOptions): Promise<T> {
  const bootstrap = `require(${JSON.stringify(REGISTER_TS)});\nrequire(${JSON.stringify(modulePath)});\n`;
  return new Promise<T>((resolvePromise, rejectPromise) => {
    if (signal?.aborted) throw new WorkerThreadError(`${what}: not started: ${String(signal.reason)}`);
    const worker = new Worker(bootstrap, { eval: true, workerData });
    let settled: Promise<void> | null = null;
    const settle = (error: Error | null, value?: T): Promise<void> => {
      if (settled) return settled;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // Terminated even after an answer, and waited for, so no thread outlives its call.
      settled = worker
        .terminate()
        .catch(() => undefined)
        .then(() => (error ? rejectPromise(error) : resolvePromise(value as T)));
      return settled;
    };
    const onAbort = () => void settle(new WorkerThreadError(`${what}: its worker thread was stopped: ${String(signal!.reason)}`));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => settle(new WorkerThreadError(`${what}: no answer from its worker thread within ${timeoutMs} ms; the thread was terminated`)),
      timeoutMs,
    );
    worker.on('message', (answer: ThreadAnswer<T>) => {
      if (answer.ok) return void settle(null, answer.value);
      const failure = new WorkerThreadError(`${what} failed in its worker thread: ${answer.error.name}: ${answer.error.message}`);
      if (answer.error.stack) failure.stack = `${failure.name}: ${failure.message}\n--- in the worker thread:\n${answer.error.stack}`;
      void settle(failure);
    });
    worker.on('messageerror', (error) => settle(new WorkerThreadError(`${what}: its worker thread's answer could not be read: ${error.message}`, { cause: error })));
    worker.on('error', (error) => settle(new WorkerThreadError(`${what}: its worker thread crashed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => settle(new WorkerThreadError(`${what}: its worker thread exited (code ${code}) without answering`)));
  });
}

/** Inside a worker thread: computes and posts the one answer runInWorkerThread waits for, an error included. */
export function answerParent<T>(compute: () => T): void {
  if (isMainThread || !parentPort) throw new Error('answerParent is for a module started by runInWorkerThread');
  let answer: ThreadAnswer<T>;
  try {
    answer = { ok: true, value: compute() };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    answer = { ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
  }
  parentPort.postMessage(answer);
}
