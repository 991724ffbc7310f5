// Nest ClientProxy over BullMQ. `emitEvent` adds one durable job per destination queue, with a
// job id derived from the message's business key, so emitting the same fact twice is one job.
// `send` (request/response) adds a job and resolves with the handler's return value.
import { Logger } from '@nestjs/common';
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { Job, JobsOptions, Queue, QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { BusinessKey, Pattern, PayloadOf, ROUTES, RouteTable } from './contracts';
import { jobIdFor } from './job-id';
import { QueueRegistry } from './queue-registry';

export interface EmitOptions {
  /** Business key for the job id; default: the pattern's `key` in contracts.ts. */
  key?: BusinessKey;
  /** Deliver to this one queue only (must be one of the pattern's queues). */
  to?: string;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /**
   * Background work: a job with a priority is taken only when no job without one is waiting on
   * its queue (both backends); lower numbers first among prioritised jobs.
   */
  priority?: number;
}

export interface EmittedJob {
  queue: string;
  jobId: string;
}

/** How long `send` waits for a reply before failing. */
const DEFAULT_REPLY_TIMEOUT_MS = 30000;
/** Safety net for replies: a QueueEvents stream started moments ago may miss an event. */
const REPLY_POLL_MS = 500;

export class BullMqClient extends ClientProxy {
  private readonly log = new Logger(BullMqClient.name);

  constructor(
    private readonly registry: QueueRegistry,
    private readonly routes: RouteTable = ROUTES as unknown as RouteTable,
    private readonly replyTimeoutMs = DEFAULT_REPLY_TIMEOUT_MS,
  ) {
    super();
  }

  /** Typed emit; resolves once the job(s) are stored, rejects if the backend refuses. */
  emitEvent<P extends Pattern>(pattern: P, payload: PayloadOf<P>, options?: EmitOptions): Promise<EmittedJob[]> {
    return this.dispatch(pattern, payload, options);
  }

  /** Untyped form of emitEvent, for patterns added by tests or tools. */
  async dispatch(pattern: string, payload: unknown, options: EmitOptions = {}): Promise<EmittedJob[]> {
    const route = this.route(pattern);
    const key = options.key ?? (route.key as ((p: unknown) => BusinessKey) | undefined)?.(payload);
    if (key === undefined || key.length === 0) {
      throw new Error(`emit ${pattern}: no business key (pass options.key or declare one in contracts.ts)`);
    }
    const jobId = jobIdFor(pattern, ...(typeof key === 'string' ? [key] : key));
    const queues = this.destinations(pattern, route.queues, options.to);
    const jobs = await Promise.all(
      queues.map((name) => this.registry.queue(name).add(pattern, payload, { jobId, delay: options.delayMs, priority: options.priority })),
    );
    this.log.debug?.(`emitted ${pattern} as ${jobId} to ${queues.join(', ')}`);
    return jobs.map((job, i) => ({ queue: queues[i], jobId: job.id ?? jobId }));
  }

  async connect(): Promise<void> {
    // Queues connect lazily through the registry.
  }

  async close(): Promise<void> {
    // The registry closes the queues after the workers have stopped.
  }

  unwrap<T>(): T {
    return this.registry as T;
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    return (await this.dispatch(this.normalizePattern(packet.pattern), packet.data)) as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    let cancelled = false;
    this.request(this.normalizePattern(packet.pattern), packet.data)
      .then((response) => !cancelled && callback({ response, isDisposed: true }))
      .catch((error: Error) => !cancelled && callback({ err: error.message ?? error, isDisposed: true }));
    return () => {
      cancelled = true;
    };
  }

  private async request(pattern: string, data: unknown): Promise<unknown> {
    const [name, ...more] = this.route(pattern).queues;
    if (!name || more.length > 0) throw new Error(`send ${pattern}: request/response needs exactly one queue`);
    const events = await this.registry.queueEvents(name);
    const queue = this.registry.queue(name);
    // A request is not a durable fact: no dedupe key, no retries (the caller sees the error).
    const opts: JobsOptions = { jobId: `rpc|${randomUUID()}`, attempts: 1 };
    const job = await queue.add(pattern, data, opts);
    return awaitResult(queue, job, events, this.replyTimeoutMs);
  }

  private route(pattern: string): RouteTable[string] {
    const route = this.routes[pattern];
    if (!route) throw new Error(`Unknown message pattern "${pattern}": declare it in libs/queue/src/contracts.ts`);
    return route;
  }

  private destinations(pattern: string, queues: readonly string[], to: string | undefined): readonly string[] {
    if (to === undefined) return queues;
    if (!queues.includes(to)) throw new Error(`emit ${pattern}: queue "${to}" is not a destination of this pattern`);
    return [to];
  }
}

/** waitUntilFinished, plus a slow poll in case the event stream started after the job ended. */
async function awaitResult(queue: Queue, job: Job, events: QueueEvents, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  const poll = async (): Promise<unknown> => {
    while (!done) {
      await new Promise((resolve) => (timer = setTimeout(resolve, REPLY_POLL_MS)));
      const current = await queue.getJob(job.id!);
      if (current && (await current.isCompleted())) return current.returnvalue;
      if (current && (await current.isFailed())) throw new Error(current.failedReason);
    }
    return new Promise(() => undefined);
  };
  try {
    return await Promise.race([job.waitUntilFinished(events, timeoutMs), poll()]);
  } finally {
    done = true;
    clearTimeout(timer);
  }
}
