// What a drill runs on: its own PostgreSQL (embedded, restartable) and its own Redis, both child
// processes of the drill runner, on free ports. Nothing here touches the machine's shared
// servers, which other people's tests use.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..', '..');

/** Ports handed out in this run: a port freed by a struck process is still its own. */
const issued = new Set<number>();
const PORT_RANGE = { from: 20_000, to: 32_000 };

/**
 * A port for a child to listen on, and to listen on again after a restart. Taken below the
 * kernel's ephemeral range (32768-60999 on Linux): a port asked of the kernel (listen on 0) could
 * be handed out again at once - two services got the same one - or taken by an outgoing
 * connection while a struck worker restarts, and the restarted worker then died on EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (issued.has(port) || !(await canListen(port))) continue;
    issued.add(port);
    return port;
  }
  throw new Error(`no free port between ${PORT_RANGE.from} and ${PORT_RANGE.to}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.unref();
    server.once('error', () => done(false));
    // All interfaces, as the services listen (HOST 0.0.0.0).
    server.listen(port, '0.0.0.0', () => server.close(() => done(true)));
  });
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await sleep(everyMs);
  }
}

export interface DrillPostgres {
  url: string;
  adminUrl: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

export async function startPostgres(workDir: string): Promise<DrillPostgres> {
  const port = await freePort();
  // A real dynamic import: SWC would turn import() into require(), and this package is ESM-only.
  const load = new Function('url', 'return import(url)') as (url: string) => Promise<{ startDrillPostgres: (o: object) => Promise<DrillPostgres> }>;
  const { startDrillPostgres } = await load(pathToFileURL(join(__dirname, 'postgres.mjs')).href);
  return startDrillPostgres({ dataDir: join(workDir, 'pg'), port });
}

/** A database of its own per drill, on the drill runner's server. */
export async function createDatabase(pg: DrillPostgres, name: string): Promise<string> {
  const client = connectionThatSurvivesRestarts(pg.adminUrl);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return pg.adminUrl.replace(/\/postgres$/, `/${name}`);
}

export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = connectionThatSurvivesRestarts(url);
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * The drills restart PostgreSQL under the runner's own feet: a connection that dies outside a
 * query emits 'error', which unheard would end the runner instead of failing one query.
 */
function connectionThatSurvivesRestarts(url: string): Client {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  return client;
}

/**
 * Redis with an append-only file fsynced on every write: killing it (SIGKILL, a crash) and
 * starting it again on the same port and directory is a restart that keeps the queues, as a
 * production Redis with AOF does (docs/operations.md asks for AOF). With `--save ""` and no
 * AOF a restart would be a wipe, which no deployment should have and BullMQ cannot survive.
 */
export class DrillRedis {
  private child?: ChildProcess;
  readonly url: string;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  static async start(workDir: string): Promise<DrillRedis> {
    const dir = join(workDir, 'redis');
    mkdirSync(dir, { recursive: true });
    const redis = new DrillRedis(await freePort(), dir);
    await redis.launch();
    return redis;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir, '--maxmemory-policy', 'noeviction'];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    await waitFor('redis-server to answer PING', 15_000, () => ping(this.port));
  }

  /** SIGKILL, as a crash: nothing is flushed beyond what the AOF already holds. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    await exited;
  }
}

/** One PING over a raw socket, so the runner needs no Redis client of its own. */
function ping(port: number): Promise<true | undefined> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data: Buffer) => {
      socket.destroy();
      done(data.toString().startsWith('+PONG') ? true : undefined);
    });
    socket.on('error', () => done(undefined));
    socket.on('timeout', () => {
      socket.destroy();
      done(undefined);
    });
  });
}

export { ROOT };
