// What a handler gets as `@Ctx()`: the job, its id, the attempt number and the queue name.
import { BaseRpcContext } from '@nestjs/microservices';
import type { Job } from 'bullmq';

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
}
