// All six services in ONE Node process (role `all`), as the demo and the end-to-end flow test
// run them. Each app's bootstrap(role) reads its settings from process.env when it starts: the
// shared settings are put into process.env for good, PORT just around each bootstrap.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { runMigrations } from '@nhsp/persistence';
import type { RunningService, ServiceRole } from '@nhsp/service-kit';

const ROOT = resolve(__dirname, '..', '..');

export const SERVICE_NAMES = ['ingestion', 'cost-weights', 'deflators', 'productivity', 'benchmarking', 'publication'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface StackOptions {
  /** Environment common to all services (DATABASE_URL, QUEUE_BACKEND, QUEUE_PREFIX, LOG_LEVEL, …). */
  env: Record<string, string>;
  /** Port per service; 0 = any free port. Default 0. */
  ports?: Partial<Record<ServiceName, number>>;
}

/** Settings only one service gets: publication hosts the API-key administration (/admin/api-keys). */
const SERVICE_ENV: Partial<Record<ServiceName, Record<string, string>>> = {
  publication: { ACCESS_ADMIN_API: 'true' },
};

export interface Stack {
  services: Record<ServiceName, RunningService>;
  urls: Record<ServiceName, string>;
  /** Closes the apps in reverse order (publication first, ingestion last). */
  stop(): Promise<void>;
}

// Each app's own SIGTERM/SIGINT handler (bootstrapService) would exit the process after closing
// that app alone, before the others (and the embedded database) are stopped. The stack owns shutdown.
const SIGNALS: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGSEGV', 'SIGUSR2', 'SIGTERM'];

export async function startStack(options: StackOptions): Promise<Stack> {
  const missing = SERVICE_NAMES.filter((name) => !hasMain(name));
  if (missing.length) throw new Error(`Cannot start the stack: no apps/<service>/src/main.ts for ${missing.join(', ')}`);
  // The services want an API key for most requests; the demo and the flow test act as admin
  // with a bootstrap key made up for this run (unless one is configured).
  const adminKey = options.env.ADMIN_API_KEY || process.env.ADMIN_API_KEY || `demo_${randomBytes(24).toString('hex')}`;
  Object.assign(process.env, options.env, { MIGRATIONS_RUN: 'false', ADMIN_API_KEY: adminKey });
  await runMigrations(options.env.DATABASE_URL);

  const started: Array<[ServiceName, RunningService]> = [];
  const stop = async () => {
    // Every worker stops taking jobs first: closed one after another, the services not yet
    // closing kept taking the work the closing ones handed on, each waiting out its own drain.
    await Promise.allSettled(started.map(([, service]) => service.stopTaking()));
    for (const [name, service] of [...started].reverse()) {
      await closeWithin(service, HTTP_GRACE_MS).catch((error: Error) => console.error(`closing ${name}: ${error.message}`));
    }
  };
  try {
    for (const name of SERVICE_NAMES) {
      const port = String(options.ports?.[name] ?? 0);
      started.push([name, await withEnv({ ...SERVICE_ENV[name], PORT: port }, () => bootstrapOf(name)('all'))]);
    }
  } catch (error) {
    await stop();
    throw new Error(`Service ${SERVICE_NAMES[started.length]} did not start: ${(error as Error).message}`, { cause: error });
  }
  const services = Object.fromEntries(started) as Record<ServiceName, RunningService>;
  const urls = Object.fromEntries(started.map(([name, s]) => [name, s.url])) as Record<ServiceName, string>;
  return { services, urls, stop };
}

/** How long a closing service's open HTTP requests may run before their connections are cut. */
const HTTP_GRACE_MS = 2000;

/**
 * Closes the app; past the grace its HTTP server drops the connections still open (a report page
 * or a poll in flight, an idle keep-alive socket), which would hold server.close() for as long
 * as they last.
 */
async function closeWithin(service: RunningService, graceMs: number): Promise<void> {
  const server = service.app.getHttpServer() as Server;
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  timer.unref();
  try {
    await service.close();
  } finally {
    clearTimeout(timer);
  }
}

function hasMain(name: ServiceName): boolean {
  try {
    require.resolve(mainOf(name));
    return true;
  } catch {
    return false;
  }
}

function mainOf(name: ServiceName): string {
  return join(ROOT, 'apps', name, 'src', 'main.ts');
}

function bootstrapOf(name: ServiceName): (role: ServiceRole) => Promise<RunningService> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { bootstrap } = require(mainOf(name));
  if (typeof bootstrap !== 'function') throw new Error(`apps/${name}/src/main.ts does not export bootstrap(role)`);
  return bootstrap;
}

async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const listeners = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!listeners.get(signal)!.has(listener)) process.removeListener(signal, listener as () => void);
      }
    }
  }
}
