// How a handler says "retrying cannot help": the job fails now, its remaining attempts unused (a
// malformed file, a message naming what does not exist). Handlers throw this; nothing outside the
// queue lib needs to know the backend's own error types.
import { UnrecoverableError } from 'bullmq';

export class PermanentJobError extends UnrecoverableError {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
