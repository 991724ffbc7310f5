// compute's packs (§11) on the machine's second core: one period of a seven-year national bundle
// spent about 0.4 s of CPU on them after the estimates and the plan view, which do not need
// them. When the bundle comes from the bundle cache, a worker thread reads the same entry (only
// what the packs read), computes the packs and answers with opportunities.csv's text while this
// thread computes the estimates and the plan view. Anything that goes wrong with the thread (an
// error, an exit, no entry) gives null, and compute makes the packs itself as before, so the
// file and any error are what they were.
//
// The thread costs more CPU than it saves on this one (about 0.7 s against 0.4 s: a second
// isolate loads the modules and decodes its part of the entry), so it pays only where a core is
// idle: by default (NHSP_PACKS_THREAD unset or `auto`) it runs when the 1-minute load average
// leaves a core spare; `on` and `off` decide regardless.
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { MethodSettings } from '@nhsp/methodology';

const REGISTER_TS = resolve(__dirname, '../../scripts/register-ts.js');
const WORKER = resolve(__dirname, 'packs-thread-worker.ts');

export interface PacksJob {
  entry: string;
  dir: string;
  period: string;
  settings: MethodSettings;
}

export type PacksAnswer = { ok: true; csv: string } | { ok: false; reason: string };

export interface PacksThread {
  /** opportunities.csv's text, or null when the thread could not make it. */
  readonly csv: Promise<string | null>;
  /** Ends the thread (compute stopped early): the process must not wait for it. */
  stop(): Promise<void>;
}

/** Whether to use a packs thread now: NHSP_PACKS_THREAD on/off, or (auto) when a core is spare. */
export function packsThreadWanted(): boolean {
  const mode = process.env.NHSP_PACKS_THREAD ?? 'auto';
  if (mode === 'on' || mode === 'off') return mode === 'on';
  const cores = availableParallelism();
  return cores > 1 && loadavg()[0] <= cores - 1;
}

/** Starts the packs of `period` on a worker thread, or null when packsThreadWanted says no. */
export function startPacksThread(job: PacksJob): PacksThread | null {
  if (!packsThreadWanted()) return null;
  // A thread starts as plain Node: it registers TypeScript itself, then runs the worker module.
  const bootstrap = `require(${JSON.stringify(REGISTER_TS)});\nrequire(${JSON.stringify(WORKER)});\n`;
  const worker = new Worker(bootstrap, { eval: true, workerData: job });
  const csv = new Promise<string | null>((done) => {
    worker.once('message', (answer: PacksAnswer) => done(answer.ok ? answer.csv : null));
    worker.once('error', () => done(null));
    worker.once('exit', () => done(null));
  });
  const stop = () => worker.terminate().then(() => undefined, () => undefined);
  // Ended as soon as it has answered, so that it never keeps the process alive.
  void csv.then(stop);
  return { csv, stop };
}
