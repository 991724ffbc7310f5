// The six services for bench:recompute, started one of two ways (`--stack`):
//
// - `one` (the default until 2026-12-05 and the demo's way): every service in this process, role
//   `all` (tools/demo/stack.ts). One JavaScript thread runs all six, so the whole pipeline's
//   JavaScript shares one core, and a profile (BENCH_CPU_PROFILE) sees all of it.
// - `processes`: each service its own process, role `all` (`start-service.js`, as the drills and
//   production run them: one pod per service), so productivity, benchmarking and publication
//   work on different cores at once, as they do when deployed.
//
// Both report the services' CPU time: this process's own (`one`), or the sum over the service
// processes from /proc (`processes`; a process's utime and stime count all its threads).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '@nhsp/persistence';
import { startStack } from '../../demo/stack';
import { SERVICE_NAMES, ServiceName, ServiceSet } from '../../drills/services';
import { processCpuMs } from './postgres-cpu';

export type StackKind = 'one' | 'processes';

export interface BenchStack {
  kind: StackKind;
  urls: Record<ServiceName, string>;
  /** CPU time of the services so far (user + system, every thread), ms. */
  cpuMs(): number;
  /** Where the service processes' logs are (`processes` only). */
  logDir?: string;
  stop(): Promise<void>;
}

/** As charts/nhs-productivity/values.yaml gives the workers. */
const SERVICE_NODE_OPTIONS = '--max-semi-space-size=64';

export function stackKindOption(argv: readonly string[]): StackKind {
  const at = argv.indexOf('--stack');
  if (at < 0) return 'one';
  const kind = argv[at + 1];
  if (kind !== 'one' && kind !== 'processes') throw new Error(`--stack: expected "one" or "processes", got ${kind ?? 'nothing'}`);
  return kind;
}

export async function startBenchStack(kind: StackKind, env: Record<string, string>): Promise<BenchStack> {
  if (kind === 'one') {
    const stack = await startStack({ env });
    return {
      kind,
      urls: stack.urls,
      cpuMs: () => {
        const used = process.cpuUsage();
        return (used.user + used.system) / 1000;
      },
      stop: () => stack.stop(),
    };
  }
  // As startStack does for its one process: migrations once, then services that do not run them,
  // and an admin key made up for the run that the bench's requests carry (tools/demo/client.ts).
  const adminKey = process.env.ADMIN_API_KEY || `bench_${randomBytes(24).toString('hex')}`;
  process.env.ADMIN_API_KEY = adminKey;
  await runMigrations(env.DATABASE_URL);
  const logDir = mkdtempSync(join(tmpdir(), 'nhsp-bench-services-'));
  // The young generation the chart gives the workers (values.yaml worker.extraEnv), as `npm run
  // bench:recompute` gives this process for `one`.
  const services = new ServiceSet({ ...env, MIGRATIONS_RUN: 'false', ADMIN_API_KEY: adminKey, SWAGGER: 'false', NODE_OPTIONS: SERVICE_NODE_OPTIONS }, logDir);
  await services.start({ all: [...SERVICE_NAMES], split: [] });
  if (services.crashes.length) throw new Error(`services crashed while starting: ${services.crashes.join('; ')}`);
  return {
    kind,
    urls: services.urls,
    logDir,
    cpuMs: () => services.processes.reduce((sum, p) => sum + processCpuMs(p.pid), 0),
    stop: () => services.stop(),
  };
}
