// The held-job test service as a real process (tools/scripts/start-service.js), with its log
// collected, for specs about what happens to a process: signals, lost database connections.
import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { waitFor } from '@nhsp/testing';

const ROOT = resolve(__dirname, '../../..');
const START = join(ROOT, 'tools/scripts/start-service.js');
const SERVICE_MAIN = join(__dirname, 'held-job-service.ts');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServiceProcess {
  output = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [START, SERVICE_MAIN, 'worker'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => this.child.once('exit', (code, signal) => done({ code, signal })));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Waits for a log line; fails at once, showing the log, if the process is gone. */
  async logged(text: string): Promise<void> {
    await waitFor(
      () => {
        if (this.output.includes(text)) return true;
        if (!this.running) throw new Error(`process ended before logging "${text}":\n${this.output}`);
        return false;
      },
      { timeoutMs: 30_000, description: `log line "${text}"` },
    );
  }

  /** The health/metrics URL the worker logged once listening. */
  async url(): Promise<string> {
    await this.logged('listening on http://');
    return /listening on (http:\/\/[\d.]+:\d+)/.exec(this.output)![1];
  }

  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}
