// Runs a TypeScript module in a Node worker thread and waits for its answers, so CPU-heavy
// pure computation leaves the event loop free for probes, metrics scrapes, HTTP and other jobs.
//
// A worker thread starts as plain Node: it inherits neither the main thread's require hooks
// (@swc-node/register via tools/scripts/register-ts.js, as start-service.js and the CLI load it)
// nor, under Jest, Jest's transformer. So the thread's first statement registers TypeScript
// itself, then requires the module - the same way in the image (which holds tools/scripts and
// the sources), the CLI and Jest.
//
// Only plain data crosses (structured clone): the module receives each call's data as a message
// and answers through serveParent. Whatever happens to the thread - an exception, an exit, an
// answer that never comes - the caller gets an error naming what was being computed and why,
// never a hang, and a thread that failed so is terminated before the promise settles.
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

/** Inside a worker thread: computes and posts one answer, an error included. */
function answerParent<T>(compute: () => T): void {
  if (isMainThread || !parentPort) throw new Error('answerParent is for a module started by KeptWorkerThread');
  let answer: ThreadAnswer<T>;
  try {
    answer = { ok: true, value: compute() };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    answer = { ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
  }
  parentPort.postMessage(answer);
}

/**
 * Inside a worker thread kept between calls (KeptWorkerThread): answers every message with
 * `compute` of it, an error included.
 */
export function serveParent<T>(compute: (data: unknown) => T): void {
  if (isMainThread || !parentPort) throw new Error('serveParent is for a module started by KeptWorkerThread');
  const port = parentPort;
  port.on('message', (data: unknown) => answerParent(() => compute(data)));
}

/**
 * A worker thread started on the first call and kept for the next, one call at a time, until it
 * has been idle for `idleMs`. A fresh thread per call paid the module's load (TypeScript
 * registered, the methodology required) and ran its first computations on code not yet optimised:
 * one in three of the CPU of each sensitivity after a whole-history recompute (84 of them one
 * after another). A call that ends in an answer - a thrown error included, which leaves the
 * thread as sound as a value does - keeps the thread; one that ends otherwise (crash, exit,
 * unreadable answer, timeout, abort) terminates it, and waits for it, and the next call
 * starts another. Idle, it holds no reference, so it keeps no process alive.
 */
export class KeptWorkerThread {
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly modulePath: string,
    private readonly idleMs: number,
  ) {}

  /** Whether a thread is running now (idle or not). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  run<T>(data: unknown, { what, timeoutMs, signal }: ThreadOptions): Promise<T> {
    if (signal?.aborted) return Promise.reject(new WorkerThreadError(`${what}: not started: ${String(signal.reason)}`));
    if (this.busy) return Promise.reject(new Error(`${what}: its kept worker thread is computing another call`));
    this.busy = true;
    clearTimeout(this.idleTimer);
    const worker = this.worker ?? this.start();
    worker.ref();
    return new Promise<T>((resolvePromise, rejectPromise) => {
      let settled = false;
      const settle = (error: Error | null, value: T | undefined, keep: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage).off('messageerror', onMessageError).off('error', onError).off('exit', onExit);
        this.busy = false;
        const end = error ? () => rejectPromise(error) : () => resolvePromise(value as T);
        if (keep) {
          worker.unref();
          this.idleTimer = setTimeout(() => void this.stop(), this.idleMs);
          this.idleTimer.unref();
          return end();
        }
        // Terminated, and waited for, before the call settles: no thread outlives a failed call.
        void this.discard(worker).then(end);
      };
      const onMessage = (answer: ThreadAnswer<T>) => {
        if (answer.ok) return settle(null, answer.value, true);
        const failure = new WorkerThreadError(`${what} failed in its worker thread: ${answer.error.name}: ${answer.error.message}`);
        if (answer.error.stack) failure.stack = `${failure.name}: ${failure.message}\n--- in the worker thread:\n${answer.error.stack}`;
        settle(failure, undefined, true);
      };
      const onMessageError = (error: Error) => settle(new WorkerThreadError(`${what}: its worker thread's answer could not be read: ${error.message}`, { cause: error }), undefined, false);
      const onError = (error: Error) => settle(new WorkerThreadError(`${what}: its worker thread crashed: ${error.message}`, { cause: error }), undefined, false);
      const onExit = (code: number) => settle(new WorkerThreadError(`${what}: its worker thread exited (code ${code}) without answering`), undefined, false);
      const onAbort = () => settle(new WorkerThreadError(`${what}: its worker thread was stopped: ${String(signal!.reason)}`), undefined, false);
      const timer = setTimeout(
        () => settle(new WorkerThreadError(`${what}: no answer from its worker thread within ${timeoutMs} ms; the thread was terminated`), undefined, false),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage).on('messageerror', onMessageError).on('error', onError).on('exit', onExit);
      worker.postMessage(data);
    });
  }

  /** Terminates the thread, if any (a service shutting down; or idle for idleMs). */
  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    if (this.worker) await this.discard(this.worker);
  }

  private start(): Worker {
    const bootstrap = `require(${JSON.stringify(REGISTER_TS)});\nrequire(${JSON.stringify(this.modulePath)});\n`;
    const worker = new Worker(bootstrap, { eval: true });
    // Between calls nothing else listens: a thread that fails while idle is forgotten, and the next call starts another.
    worker.on('error', () => undefined).on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }

  private async discard(worker: Worker): Promise<void> {
    if (this.worker === worker) this.worker = undefined;
    await worker.terminate().catch(() => undefined);
  }
}
