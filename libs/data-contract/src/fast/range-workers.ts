import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FindIssuesRequest, IssuesMessage, RangeJob, ScannedMessage, WorkerMessage } from './protocol';

/** Plain JavaScript: a worker needs no TypeScript loader (registering SWC there costs most of a second). */
const WORKER_FILE = join(__dirname, 'range-worker.js');

/** The range's records cannot be read the plain way; `line` is 0-based within the range. */
export class UnusualRange extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** One worker thread scanning one byte range, answering one request at a time. */
export class RangeWorker {
  private readonly worker: Worker;
  private waiting: { resolve: (message: WorkerMessage) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private readonly inbox: WorkerMessage[] = [];

  constructor(readonly job: RangeJob) {
    // No inherited flags: `-r register-ts.js` would load SWC in every worker, and V8 flags such as
    // --max-old-space-size make Worker throw ERR_WORKER_INVALID_EXEC_ARGV when passed explicitly.
    this.worker = new Worker(WORKER_FILE, { workerData: job, execArgv: [] });
    this.worker.on('message', (message: WorkerMessage) => {
      if (this.waiting) this.settle().resolve(message);
      else this.inbox.push(message);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`range worker exited (code ${code}) before answering`)));
  }

  /** The first pass: counts and sums per distinct tuple of the range. */
  async scanned(): Promise<ScannedMessage> {
    const message = await this.next();
    if (message.type === 'unusual') throw new UnusualRange(message.line, message.reason);
    if (message.type !== 'scanned') throw new Error(`range worker answered ${message.type} to a scan`);
    return message;
  }

  /** The second pass: issues of the bad rows, in file order, stopping once `limit` were found. */
  async findIssues(bad: Uint8Array[], limit: number): Promise<IssuesMessage> {
    const request: FindIssuesRequest = { type: 'issues', bad, limit };
    this.worker.postMessage(request);
    const message = await this.next();
    if (message.type !== 'issues') throw new Error(`range worker answered ${message.type} to an issues request`);
    return message;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('range worker closed');
    await this.worker.terminate();
  }

  private next(): Promise<WorkerMessage> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    if (this.waiting) this.settle().reject(error);
  }

  private settle(): NonNullable<RangeWorker['waiting']> {
    const waiting = this.waiting!;
    this.waiting = null;
    return waiting;
  }
}
