// Job counters and durations are recorded where each attempt ends (in the transport), because
// Queue.exportPrometheusMetrics() only gives gauges; queue depths are read on each scrape.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueRegistry } from './queue-registry';

export type JobOutcome = 'completed' | 'failed' | 'retried';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

export class JobMetrics {
  private readonly jobs: Counter<'queue' | 'pattern' | 'outcome'>;
  private readonly duration: Histogram<'queue' | 'pattern' | 'outcome'>;

  constructor(
    readonly registry: Registry,
    queues: QueueRegistry,
  ) {
    this.jobs = new Counter({
      name: 'nhsp_jobs_total',
      help: 'Job attempts by outcome: completed, retried (will run again) or failed (gave up)',
      labelNames: ['queue', 'pattern', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'nhsp_job_duration_seconds',
      help: 'Duration of one job attempt',
      labelNames: ['queue', 'pattern', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    });
    new Gauge({
      name: 'nhsp_queue_jobs',
      help: 'Jobs per queue and state, read from the queue backend on scrape',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const name of queues.ownQueues) {
          // A scrape must not fail because the backend is briefly away; health reports that.
          const counts = await queues.queue(name).getJobCounts(...STATES).catch(() => undefined);
          if (!counts) continue;
          for (const state of STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
  }

  record(queue: string, pattern: string, outcome: JobOutcome, seconds: number): void {
    this.jobs.inc({ queue, pattern, outcome });
    this.duration.observe({ queue, pattern, outcome }, seconds);
  }
}
