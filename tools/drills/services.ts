// The six services as separate child processes (`start-service.js <service> <role>`), as they
// run in production, so a drill can SIGKILL or SIGTERM one of them and start it again.
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, WriteStream } from 'node:fs';
import { join } from 'node:path';
import { freePort, ROOT, waitFor } from './infra';

export const SERVICE_NAMES = ['ingestion', 'cost-weights', 'deflators', 'productivity', 'benchmarking', 'publication'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
export type Role = 'api' | 'worker' | 'all';

const START = join(ROOT, 'tools/scripts/start-service.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One service process; start() again after it died restarts it on the same port. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<Exit>;
  private log?: WriteStream;
  /** Set when the drill itself signals or stops the process: any other exit is a crash. */
  private expectingExit = false;
  private stopped = false;

  constructor(
    readonly service: ServiceName,
    readonly role: Role,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
    private readonly onCrash: (process: ServiceProcess, exit: Exit) => void,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    this.log.write(`\n--- start ${this.service} ${this.role} ${new Date().toISOString()}\n`);
    const portVar = this.role === 'worker' ? { METRICS_PORT: String(this.port) } : { PORT: String(this.port) };
    const child = spawn(process.execPath, [START, this.service, this.role], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, ...portVar, ...(this.service === 'publication' ? { ACCESS_ADMIN_API: 'true' } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    this.expectingExit = false;
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    // Like Kubernetes (restartPolicy Always): a process that dies by itself is started again,
    // and the drill is told, because a crash is a finding even when the data come out right.
    void this.exited.then((exit) => {
      if (this.expectingExit || this.stopped || this.child !== child) return;
      setTimeout(() => {
        if (this.stopped || this.child !== child) return;
        this.onCrash(this, exit); // a second later: the log has the dying words by then
        void this.start().catch(() => undefined);
      }, 1000);
    });
    const died = this.exited.then((exit) => {
      throw new Error(`${this.service} ${this.role} exited during start-up (${exit.signal ?? `code ${exit.code}`}); see ${this.logFile}`);
    });
    await Promise.race([
      waitFor(`${this.service} ${this.role} to be ready`, 90_000, async () => {
        const res = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
        return res.ok ? true : undefined;
      }),
      died,
    ]);
    died.catch(() => undefined);
  }

  /** Sends the signal and resolves when the process is gone, with how it ended. */
  async signal(signal: NodeJS.Signals): Promise<Exit> {
    if (!this.child || !this.running) throw new Error(`${this.service} ${this.role} is not running`);
    this.expectingExit = true;
    this.child.kill(signal);
    return this.exited!;
  }

  waitExit(): Promise<Exit> {
    return this.exited ?? Promise.resolve({ code: null, signal: null });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.running) {
      this.child!.kill('SIGTERM');
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), 30_000);
      await this.exited;
      clearTimeout(timer);
    }
  }

  close(): void {
    this.log?.end();
  }
}

export interface Layout {
  /** Services started with role `all` (HTTP and workers in one process). */
  all: ServiceName[];
  /** Services started as two processes, `api` and `worker`, so the worker can be killed alone. */
  split: ServiceName[];
}

/** The processes of one drill: by default every service `all`, some split where the drill needs it. */
export class ServiceSet {
  readonly processes: ServiceProcess[] = [];
  /** Processes that exited without being told to, with how they ended. */
  readonly crashes: string[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  async start(layout: Layout): Promise<void> {
    for (const service of SERVICE_NAMES) {
      const roles: Role[] = layout.split.includes(service) ? ['api', 'worker'] : ['all'];
      for (const role of roles) {
        const log = join(this.logDir, `${service}-${role}.log`);
        this.processes.push(
          new ServiceProcess(service, role, await freePort(), this.env, log, (p, exit) => this.crashes.push(`${p.service} ${p.role} died (${exit.signal ?? `code ${exit.code}`}; ${firstErrorLine(log)})`)),
        );
      }
    }
    // In parallel: start-up is mostly compiling and connecting, and the drill clock is short.
    await Promise.all(this.processes.map((p) => p.start()));
  }

  /** Where a service's HTTP API answers (its `api` or `all` process). */
  url(service: ServiceName): string {
    const p = this.processes.find((x) => x.service === service && x.role !== 'worker');
    if (!p) throw new Error(`${service} has no HTTP process`);
    return p.url;
  }

  get urls(): Record<ServiceName, string> {
    return Object.fromEntries(SERVICE_NAMES.map((s) => [s, this.url(s)])) as Record<ServiceName, string>;
  }

  /** The process running the service's queue workers. */
  worker(service: ServiceName): ServiceProcess {
    const p = this.processes.find((x) => x.service === service && x.role !== 'api');
    if (!p) throw new Error(`${service} has no worker process`);
    return p;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes].reverse().map((p) => p.stop().catch(() => undefined)));
    for (const p of this.processes) p.close();
  }
}

/** The line naming the error in a crashed process's log (Node prints the stack after it). */
function firstErrorLine(logFile: string): string {
  const lines = readFileSync(logFile, 'utf8').split('\n');
  const start = lines.lastIndexOf(lines.filter((l) => l.startsWith('--- start')).pop() ?? '');
  const error = lines.slice(start).find((l) => /^(\w*Error|error):/.test(l));
  return error ? error.slice(0, 200) : `see ${logFile}`;
}
