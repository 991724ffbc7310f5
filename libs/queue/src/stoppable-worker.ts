// A BullMQ Worker that fetches nothing once paused or closing. BullMQ checks `paused` before a
// worker starts its blocking wait for a job, not after: a worker paused while it waits (or while
// it is idle between polls) wakes on the next job's marker and moves that job to active anyway,
// then runs it during the drain. The drain drills caught this as a job taken after SIGTERM.
// The check here closes the wait; a fetch already sent to the backend when the pause came is
// caught by BullMqTransport, which hands such a job back to wait unprocessed.
import { Job, Worker } from 'bullmq';

export class StoppableWorker extends Worker {
  protected override async moveToActive(token: string, name?: string): Promise<Job> {
    if (this.paused || this.closing) return undefined as unknown as Job; // BullMQ reads undefined as "no job"
    return super.moveToActive(token, name);
  }
}
