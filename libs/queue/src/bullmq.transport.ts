// Nest custom transport: one BullMQ Worker per consumed queue; each job is dispatched to the
// @EventPattern / @MessagePattern handler named by the job's name (= the message pattern).
// The handler's return value becomes the job's return value (used by request/response).
import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { isObservable, lastValueFrom } from 'rxjs';
import { BullMqContext } from './bullmq.context';
import { bullMqOf, WorkerTuning } from './driver';
import { JobMetrics, JobOutcome } from './job-metrics';
import { QueueRegistry } from './queue-registry';

export interface JobLogContext {
  jobId: string;
  queue: string;
  pattern: string;
  attempt: number;
}

export interface BullMqTransportOptions {
  registry: QueueRegistry;
  /** Queues this process consumes; default: the registry's own queues. */
  queues?: readonly string[];
  metrics?: JobMetrics;
  /** Wraps each job, e.g. to bind a logger carrying the job id (service-kit does this). */
  runInContext?: <T>(context: JobLogContext, run: () => Promise<T>) => Promise<T>;
  workerOptions?: WorkerTuning;
  /** Time allowed for running jobs to finish on shutdown (SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs?: number;
}

export const BULLMQ_TRANSPORT = Symbol('BULLMQ_TRANSPORT');

export class BullMqTransport extends Server implements CustomTransportStrategy {
  override readonly transportId = BULLMQ_TRANSPORT;
  private readonly log = new Logger(BullMqTransport.name);
  private workers: Worker[] = [];
  private readonly running = new Set<Promise<unknown>>();
  /** Jobs fetched after stopTaking, on their way back to wait; close awaits them even when forced. */
  private readonly handingBack = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(private readonly options: BullMqTransportOptions) {
    super();
  }

  get queues(): readonly string[] {
    return this.options.queues ?? this.options.registry.ownQueues;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const queue of this.queues) {
        const worker = bullMqOf(this.options.registry.driver).createWorker(
          queue,
          (job, token) => (this.stopping ? this.handBack(queue, job, token) : this.track(this.process(queue, job))),
          this.options.workerOptions,
        );
        worker.on('error', (error) => this.log.warn(`worker ${queue}: ${error.message}`));
        this.workers.push(worker);
        // run() resolves only when the worker closes; its failure is a worker 'error'.
        worker.run().catch((error: Error) => this.log.error(`worker ${queue} stopped: ${error.message}`));
        await worker.waitUntilReady();
      }
      this.log.log(`consuming ${this.queues.join(', ') || '(no queues)'}: ${[...this.getHandlers().keys()].join(', ')}`);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /**
   * Stops taking jobs at once, running ones carrying on. A stop signal calls this before the app
   * starts closing: Nest closes the HTTP server before it reaches close(), and a worker that
   * finished a job in between was handed a new one by BullMQ (the drain drill caught it).
   * Pausing alone does not stop a fetch already on its way (StoppableWorker stops those it can);
   * a job that still arrives is handed back to wait untouched (handBack).
   */
  async stopTaking(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.workers.map((w) => w.pause(true)));
  }

  /**
   * Stops taking jobs, gives running ones until the timeout to finish, then lets go of the
   * rest: their locks lapse and stalled-job recovery hands them to another worker.
   */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    if (workers.length === 0) return;
    await this.stopTaking();
    const timeoutMs = this.options.shutdownTimeoutMs ?? 25000;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.allSettled([...this.running]).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!finished) {
      this.log.warn(`${this.running.size} job(s) still running after ${timeoutMs} ms; handing them back`);
    }
    // A forced close drops the connections: let the quick hand-backs reach the backend first.
    await Promise.allSettled([...this.handingBack]);
    await Promise.allSettled(workers.map((w) => w.close(!finished)));
  }

  on(): void {
    throw new Error('BullMqTransport has no events to subscribe to; use worker metrics instead');
  }

  unwrap<T>(): T {
    return this.workers as T;
  }

  /**
   * A job that reached this worker after stopTaking goes back to wait as it was: no handler runs,
   * no attempt is counted, and the next worker to start takes it. Its fetch was already under way
   * when the stop came (BullMQ hands a worker its next job as it completes the previous one).
   */
  private handBack(queue: string, job: Job, token: string | undefined): Promise<never> {
    const handing = job.moveToWait(token).then(
      () => {
        this.log.log(`job ${job.id} on ${queue} reached this worker while it was stopping; put back to wait`);
        // BullMQ's signal that the job was moved on by the processor and is not to be completed.
        throw new WaitingError();
      },
      (error: Error) => {
        // Still active under our lock: once the lock lapses, stalled-job recovery hands it on.
        this.log.warn(`job ${job.id} on ${queue}: could not put it back to wait while stopping (${error.message}); stalled-job recovery will`);
        throw new WaitingError();
      },
    );
    this.handingBack.add(handing);
    return handing.finally(() => this.handingBack.delete(handing));
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.running.add(promise);
    return promise.finally(() => this.running.delete(promise));
  }

  private process(queue: string, job: Job): Promise<unknown> {
    const context = new BullMqContext(job, queue);
    const info: JobLogContext = { jobId: context.jobId, queue, pattern: job.name, attempt: context.attempt };
    // The whole attempt runs in the job's log context, our own log lines included.
    const attempt = () => this.attempt(context, job, info);
    return this.options.runInContext ? this.options.runInContext(info, attempt) : attempt();
  }

  private async attempt(context: BullMqContext, job: Job, info: JobLogContext): Promise<unknown> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await this.invoke(context, job);
      this.options.metrics?.record(info.queue, job.name, 'completed', seconds());
      return result;
    } catch (thrown) {
      const error = asError(thrown);
      const outcome: JobOutcome =
        error instanceof UnrecoverableError || context.attempt >= context.maxAttempts ? 'failed' : 'retried';
      this.options.metrics?.record(info.queue, job.name, outcome, seconds());
      const message = `job ${info.jobId} attempt ${info.attempt}/${context.maxAttempts} ${outcome}: ${error.message}`;
      if (outcome === 'failed') this.log.error(message);
      else this.log.warn(message);
      throw error;
    }
  }

  private async invoke(context: BullMqContext, job: Job): Promise<unknown> {
    let handler: MessageHandler | undefined = this.getHandlerByPattern(job.name) ?? undefined;
    if (!handler) {
      // Retrying cannot help: the message was routed to a queue whose service lacks a handler.
      throw new UnrecoverableError(`No handler for pattern "${job.name}" on queue "${context.queue}"`);
    }
    let result: unknown;
    // Several @EventPattern handlers for one pattern are chained by Nest through `.next`.
    while (handler) {
      result = await handler(job.data, context);
      if (isObservable(result)) result = await lastValueFrom(result, { defaultValue: undefined });
      handler = handler.next;
    }
    return result;
  }
}

/** Nest's RPC exception layer may hand back plain objects; BullMQ needs an Error. */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (thrown && typeof thrown === 'object' && 'message' in thrown) return new Error(String(thrown.message));
  return new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown));
}
