// BullMQ has no dead-letter queue: jobs that gave up stay in the failed set (kept two weeks,
// see KEEP_FAILED). This lists them across the service's queues and re-drives them.
import { ConflictException, NotFoundException } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueRegistry } from './queue-registry';

export interface FailedJobSummary {
  queue: string;
  id: string;
  pattern: string;
  failedReason: string;
  attemptsMade: number;
  maxAttempts: number;
  createdAt: string;
  failedAt: string | null;
}

export interface FailedJobDetail extends FailedJobSummary {
  data: unknown;
  stacktrace: string[];
}

export class FailedJobsService {
  constructor(private readonly registry: QueueRegistry) {}

  /** Most recent failures first, per queue; `limit` applies to each queue. */
  async list(options: { queue?: string; limit?: number } = {}): Promise<FailedJobSummary[]> {
    const names = options.queue ? [this.ownQueue(options.queue)] : this.registry.ownQueues;
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const perQueue = await Promise.all(
      names.map(async (name) => {
        const jobs = await this.registry.queue(name).getFailed(0, limit - 1);
        return jobs.filter(Boolean).map((job) => summary(name, job as Job));
      }),
    );
    return perQueue.flat().sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
  }

  async get(queue: string, id: string): Promise<FailedJobDetail> {
    const job = await this.job(queue, id);
    return { ...summary(queue, job), data: job.data, stacktrace: job.stacktrace ?? [] };
  }

  /** Moves a failed job back to waiting with a fresh attempt budget. */
  async redrive(queue: string, id: string): Promise<FailedJobSummary> {
    const job = await this.job(queue, id);
    const state = await job.getState();
    if (state !== 'failed') throw new ConflictException(`Job ${id} on queue ${queue} is ${state}, not failed`);
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return summary(queue, job);
  }

  private async job(queue: string, id: string): Promise<Job> {
    const job = (await this.registry.queue(this.ownQueue(queue)).getJob(id)) as Job | undefined;
    if (!job) throw new NotFoundException(`No job ${id} on queue ${queue}`);
    return job;
  }

  private ownQueue(queue: string): string {
    if (!this.registry.ownQueues.includes(queue)) {
      throw new NotFoundException(`Queue ${queue} is not one of this service's queues (${this.registry.ownQueues.join(', ')})`);
    }
    return queue;
  }
}

function summary(queue: string, job: Job): FailedJobSummary {
  return {
    queue,
    id: job.id ?? '',
    pattern: job.name,
    failedReason: job.failedReason ?? '',
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    createdAt: new Date(job.timestamp).toISOString(),
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}
