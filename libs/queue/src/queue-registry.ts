// Owns every BullMQ Queue / QueueEvents object of the process, so the client, the failed-jobs
// API, metrics and bull-board share them, and so they are closed once, after the workers.
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';
import { bullMqOf, QueueDriver } from './driver';

export class QueueRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues = new Map<string, Queue>();
  private readonly events = new Map<string, Promise<QueueEvents>>();
  private closed = false;

  constructor(
    readonly driver: QueueDriver,
    /** Queues this service consumes (listed by the failed-jobs API and metrics). */
    readonly ownQueues: readonly string[],
  ) {}

  queue(name: string): Queue {
    if (this.closed) throw new Error(`Queue "${name}" requested after shutdown`);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = bullMqOf(this.driver).createQueue(name);
      // An 'error' event without a listener would crash the process; BullMQ reconnects itself.
      queue.on('error', (error) => this.logger.warn(`queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Event stream of a queue, used to await results of request/response messages. */
  queueEvents(name: string): Promise<QueueEvents> {
    let events = this.events.get(name);
    if (!events) {
      const created = bullMqOf(this.driver).createQueueEvents(name);
      created.on('error', (error) => this.logger.warn(`queue events ${name}: ${error.message}`));
      events = created.waitUntilReady().then(() => created);
      this.events.set(name, events);
    }
    return events;
  }

  /** The patterns of up to `limit` jobs waiting or running on a queue (for a job that yields to others). */
  async pendingPatterns(name: string, limit = 200): Promise<string[]> {
    const jobs = await this.queue(name).getJobs(['waiting', 'active'], 0, limit);
    return jobs.filter(Boolean).map((job) => job.name);
  }

  /** How many jobs of a queue are running now (any consumer). */
  activeCount(name: string): Promise<number> {
    return this.queue(name).getActiveCount();
  }

  /** Queues opened so far (own queues are opened eagerly by the module). */
  openQueues(): Queue[] {
    return [...this.queues.values()];
  }

  // Runs after Nest has closed the workers (microservices are disposed before shutdown hooks).
  async onApplicationShutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const events = await Promise.allSettled([...this.events.values()]);
    await Promise.allSettled([
      ...events.map((e) => (e.status === 'fulfilled' ? e.value.close() : undefined)),
      ...[...this.queues.values()].map((q) => q.close()),
    ]);
    await this.driver.close();
  }
}
