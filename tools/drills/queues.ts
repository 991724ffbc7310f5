// The drill runner's own read-only view of the queues (BullMQ on the drill's Redis): which jobs
// are running right now (to strike mid-job) and whether everything has settled.
import { Job, Queue } from 'bullmq';
import { ALL_QUEUES } from '@nhsp/queue';

export class QueueWatch {
  private readonly queues = new Map<string, Queue>();

  constructor(redisUrl: string, prefix: string) {
    for (const name of ALL_QUEUES) {
      const queue = new Queue(name, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix });
      queue.on('error', () => undefined); // Redis drills take it away on purpose
      this.queues.set(name, queue);
    }
  }

  queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`No queue ${name}`);
    return queue;
  }

  async active(name: string, pattern?: string): Promise<Job[]> {
    const jobs = (await this.queue(name).getActive()).filter(Boolean) as Job[];
    return pattern ? jobs.filter((j) => j.name === pattern) : jobs;
  }

  /** Jobs not yet finished, over all queues (delayed retries count: they will still run). */
  async pending(): Promise<number> {
    let total = 0;
    for (const queue of this.queues.values()) {
      const c = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children');
      total += Object.values(c).reduce((a, b) => a + b, 0);
    }
    return total;
  }

  async failed(): Promise<Array<{ queue: string; id: string; reason: string }>> {
    const out: Array<{ queue: string; id: string; reason: string }> = [];
    for (const [name, queue] of this.queues) {
      for (const job of await queue.getFailed()) if (job) out.push({ queue: name, id: job.id ?? '', reason: job.failedReason });
    }
    return out;
  }

  async state(queue: string, id: string): Promise<string> {
    return this.queue(queue).getJobState(id);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
