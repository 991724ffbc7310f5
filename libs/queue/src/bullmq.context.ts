// What a handler gets as `@Ctx()`: the job, its id, the attempt number and the queue name.
import { BaseRpcContext } from '@nestjs/microservices';
import { DelayedError, Job } from 'bullmq';

export class BullMqContext extends BaseRpcContext<[Job, string]> {
  constructor(job: Job, queue: string) {
    super([job, queue]);
  }

  getJob(): Job {
    return this.args[0];
  }

  /** Job id, e.g. `batch.stored.v1|b-42|9f86…`; log it with everything the handler does. */
  get jobId(): string {
    return this.args[0].id ?? '';
  }

  /** 1 on the first run, 2 on the first retry, … */
  get attempt(): number {
    return this.args[0].attemptsMade + 1;
  }

  get maxAttempts(): number {
    return this.args[0].opts.attempts ?? 1;
  }

  get queue(): string {
    return this.args[1];
  }

  get pattern(): string {
    return this.args[0].name;
  }

  /** When the job was first queued (ms since the epoch). */
  get queuedAt(): number {
    return this.args[0].timestamp;
  }

  /** Whether this attempt holds the job's lock, so it can step aside (deferFor). */
  get canDefer(): boolean {
    return Boolean(this.args[0].token);
  }

  /**
   * Steps aside: the job goes back to wait `ms` and this attempt ends without failing (no attempt
   * is used). Throws the backend's signal for that, which the handler must let through.
   */
  async deferFor(ms: number): Promise<never> {
    const job = this.args[0];
    await job.moveToDelayed(Date.now() + ms, job.token);
    throw new DelayedError();
  }
}
