// The demo (npm run demo): all six services in this process, the history bundle (generated into
// tmp/demo-bundle, see demo-bundle.ts) uploaded through ingestion, every month from FY 2020/21
// (the first with a base year) to 2025/26 computed, benchmarked and published. Started by
// tools/scripts/demo.mjs, which owns the embedded PostgreSQL.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Exact, formatPercent } from '@nhsp/domain';
import { dataOf, publicationClient } from '../openapi/publication-client';
import { getBytes, getCsv, inParallel, monthsBetween, requestRun } from './client';
import { copyBundle, prepareDemoBundle } from './demo-bundle';
import { runPipeline } from './pipeline';
import { finalRevisionWhenPublished } from './final-revision-step';
import { SERVICE_NAMES, startStack, Stack } from './stack';

const ROOT = resolve(__dirname, '..', '..');
/** Every period of the history with a base year: the months of FY 2020/21 to 2025/26. */
export const HISTORY_PERIODS = monthsBetween('2020-04', '2026-03');
const LATEST_YEAR = '2025-04';
/**
 * The periods the demo waits for: every month of the latest year (the automatic trigger runs
 * them, and the latest month's stability band looks back over them) and Month 12 of each earlier
 * year (the full-year growths the index since 2019/20 chains). Waiting for all 72 months took
 * about 12 minutes on the shared 2-core machine, too long for a demo or for CI; the other months
 * are asked for too (when the demo keeps serving) and publish in the background.
 */
export const DEMO_PERIODS = HISTORY_PERIODS.filter((period) => period >= LATEST_YEAR || period.endsWith('-03'));
/** The earlier periods the demo waits for, asked for with POST /runs (the trigger runs the latest year). */
const AWAITED_EARLIER = DEMO_PERIODS.filter((period) => period < LATEST_YEAR);
/**
 * The rest of the history, asked for one at a time once the awaited months are published (when
 * the demo keeps serving). Asking for them with the awaited ones held the start-up behind some
 * sixty runs (each reads seven years since the plan view) until it timed out.
 */
const BACKGROUND_HISTORY = HISTORY_PERIODS.filter((period) => period < LATEST_YEAR && !AWAITED_EARLIER.includes(period));

/** POST /runs for each period in turn, in the background; stops quietly once the demo stops. */
async function requestInBackground(productivityUrl: string, periods: readonly string[], stopped: () => boolean, say: (line: string) => void): Promise<void> {
  for (const period of periods) {
    if (stopped()) return;
    await requestRun(productivityUrl, period).catch((error: Error) => {
      if (!stopped()) say(`warning: ${error.message.slice(0, 300)}`);
    });
  }
  if (!stopped()) say(`all ${periods.length} background months of the history requested`);
}
/** Each service's drain on Ctrl-C (SHUTDOWN_TIMEOUT_MS), ms; see runDemo. */
export const DEMO_SHUTDOWN_TIMEOUT_MS = 2000;
/** Services on FIRST_PORT.. (3101..3106); DEMO_FIRST_PORT moves them. */
export const FIRST_PORT = Number(process.env.DEMO_FIRST_PORT || 3101);
/** Below it operators may name folders to load ({ path }): the committed fixtures (DATA_ROOTS). */
const DATA_ROOT = join(ROOT, 'tools/fixtures');

export interface DemoOptions {
  databaseUrl: string;
  once: boolean;
  outDir?: string;
  timeoutMs: number;
  /** Extra environment for the services (QUEUE_BACKEND, REDIS_URL, …). */
  env: Record<string, string>;
  /** Told how to stop the services as soon as they run, before the uploads (stop may be called more than once). */
  onStarted?: (stop: () => Promise<void>) => void;
}

export interface RunningDemo {
  stop(): Promise<void>;
}

const say = (line: string) => console.log(`[demo] ${line}`);

export async function runDemo(options: DemoOptions): Promise<RunningDemo> {
  const started = Date.now();
  const bundle = await prepareDemoBundle(say);
  if (bundle.reused) say(`reusing the history bundle in ${bundle.dir} (same generator, reference data and options)`);
  const ports = Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, FIRST_PORT + i]));
  say(`starting ${SERVICE_NAMES.join(', ')} on ports ${FIRST_PORT}..${FIRST_PORT + SERVICE_NAMES.length - 1} (queue backend ${options.env.QUEUE_BACKEND})`);
  const stack = await startStack({
    env: {
      DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      // Six services share one PostgreSQL (100 connections by default), next to the queue
      // backend's own pools: small pools leave room, and the demo's load needs no more.
      DB_POOL_SIZE: process.env.DB_POOL_SIZE || '4',
      DATA_ROOTS: process.env.DATA_ROOTS || DATA_ROOT,
      // The demo publishes each release as it is assembled; production leaves drafts for the calendar (AUTO_PUBLISH=false).
      AUTO_PUBLISH: process.env.AUTO_PUBLISH || 'true',
      // A job running at Ctrl-C is worth nothing after: the queue prefix is this run's and the
      // embedded database is removed. A short drain keeps the stop within seconds, where the
      // services' 25 s each, one after another, made it last minutes.
      SHUTDOWN_TIMEOUT_MS: process.env.SHUTDOWN_TIMEOUT_MS || String(DEMO_SHUTDOWN_TIMEOUT_MS),
      ...options.env,
    },
    ports,
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stack.stop());
  const stopped = () => stopping !== undefined;
  options.onStarted?.(stop);
  try {
    say(`services up after ${seconds(started)} s; uploading ${bundle.dir}`);
    await runPipeline(stack, {
      bundleDir: bundle.dir,
      periods: DEMO_PERIODS,
      requested: AWAITED_EARLIER,
      timeoutMs: Math.max(10_000, options.timeoutMs - (Date.now() - started)),
      log: say,
      onProgress: (line) => say(`${line}  [${seconds(started)} s]`),
    });
    const latest = DEMO_PERIODS[DEMO_PERIODS.length - 1];
    say(`all ${DEMO_PERIODS.length} awaited months published after ${seconds(started)} s`);
    if (!options.once) {
      say(`the other ${BACKGROUND_HISTORY.length} months of the history are asked for now and publish in the background`);
      void requestInBackground(stack.urls.productivity, BACKGROUND_HISTORY, stopped, say);
    }
    // In the background: once the history has published FY 2024/25, its final revision (issue 16.3).
    if (!options.once) void finalRevisionWhenPublished(stack.urls, say).catch((error: Error) => say(`final revision: ${error.message}`));
    await printAggregates(stack, latest);
    printAddresses(stack);
    if (options.once && options.outDir) {
      await writeOutputs(stack, latest, options.outDir);
      const files = await copyBundle(bundle.dir, join(resolve(options.outDir), 'bundle'));
      say(`wrote the bundle it published (${files} files) to ${join(resolve(options.outDir), 'bundle')}`);
    }
    return { stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function printAggregates(stack: Stack, period: string): Promise<void> {
  const url = stack.urls.publication;
  const api = publicationClient(url);
  const national = dataOf(await api.GET('/v1/aggregates', { params: { query: { period, level: 'national' } } }));
  const sector = dataOf(await api.GET('/v1/aggregates', { params: { query: { period, level: 'sector' } } }));
  const pct = (v: string | null) => formatPercent(v === null ? null : new Exact(v));
  console.log(`\nPublished aggregates, ${period} year to date (${national.release.vintage}):`);
  console.log(`  ${'level'.padEnd(9)} ${'group'.padEnd(28)} ${'trusts'.padStart(6)} ${'output'.padStart(9)} ${'input'.padStart(9)} ${'productivity'.padStart(12)}`);
  for (const a of [...national.items, ...sector.items]) {
    console.log(`  ${a.level.padEnd(9)} ${a.group.padEnd(28)} ${String(a.trusts).padStart(6)} ${pct(a.output_growth).padStart(9)} ${pct(a.input_growth).padStart(9)} ${pct(a.productivity_growth).padStart(12)}`);
  }
  console.log('');
}

export interface DemoAddress {
  name: string;
  url: string;
  /** Answers only with the admin key (Authorization: Bearer …). */
  adminKey: boolean;
}

/**
 * What the demo prints for a newcomer to open. The queue dashboard is publication's own
 * /admin/queues, behind the admin key like everywhere else: it shows embargoed release ids and
 * publication times, so it is never served without one.
 */
export function demoAddresses(stack: Stack): DemoAddress[] {
  const publication = stack.urls.publication;
  return [
    ...SERVICE_NAMES.map((name) => ({ name: `${name} API docs`, url: `${stack.urls[name]}/docs`, adminKey: false })),
    ...['releases', 'estimates', 'aggregates', 'benchmarks', 'targets', 'opportunities'].map((list) => ({ name: `published ${list}`, url: `${publication}/v1/${list}`, adminKey: false })),
    { name: 'web report', url: `${publication}/report`, adminKey: false },
    { name: 'queue dashboard', url: `${publication}/admin/queues`, adminKey: true },
  ];
}

function printAddresses(stack: Stack): void {
  const addresses = demoAddresses(stack);
  const width = Math.max(...addresses.map((a) => a.name.length));
  console.log('Open:');
  for (const a of addresses) console.log(`  ${a.name.padEnd(width)}  ${a.url}${a.adminKey ? '  (admin key)' : ''}`);
  console.log(`Admin API key of this run (Authorization: Bearer …; the queue dashboard needs it): ${process.env.ADMIN_API_KEY}\n`);
}

/**
 * The data contract's files publication serves as CSV under /v1/<name> (the plan view of issue 13
 * and the packs of issue 14 besides the estimates and aggregates): each equals the file `nhsp
 * compute` writes for the period.
 */
export const PUBLISHED_FILES = ['estimates', 'aggregates', 'targets', 'index', 'stability', 'opportunities', 'indicators'] as const;

/**
 * The published artefacts of the period, each fetched over HTTP from publication as a user
 * would: the data contract's CSVs (PUBLISHED_FILES), the release in NHS England's layout (CSV, XLSX), the API
 * description and the report pages (England and one per trust of the release). Fetched without
 * a key, so nothing here is more than the public sees.
 */
async function writeOutputs(stack: Stack, period: string, outDir: string): Promise<void> {
  const dir = resolve(outDir);
  const url = stack.urls.publication;
  await mkdir(dir, { recursive: true });
  const publicly = {};
  const write = async (name: string, body: string | Buffer) => {
    await writeFile(join(dir, name), body);
    return join(dir, name);
  };
  for (const file of PUBLISHED_FILES) {
    const csv = await getCsv(`${url}/v1/${file}?period=${period}&format=csv`);
    say(`wrote ${await write(`${file}.csv`, csv)} (${csv.split('\n').length - 2} rows)`);
  }
  const api = publicationClient(url);
  const releases = dataOf(await api.GET('/v1/releases', { params: { query: { period, status: 'published' } } }));
  const release = releases.items[0];
  if (!release) throw new Error(`no published release of ${period} to download`);
  say(`wrote ${await write('release.csv', await getBytes(`${url}/v1/releases/${release.id}/download.csv`, 'text/csv', publicly))}`);
  say(`wrote ${await write('release.xlsx', await getBytes(`${url}/v1/releases/${release.id}/download.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', publicly))}`);
  say(`wrote ${await write('openapi.json', await getBytes(`${url}/openapi.json`, 'application/json', publicly))}`);
  say(`wrote ${await write('england.html', await getBytes(`${url}/report?period=${period}`, 'text/html', publicly))}`);
  const pagesStarted = Date.now();
  const { items: trusts } = dataOf(await api.GET('/v1/estimates', { params: { query: { period, limit: '5000' } } }));
  await inParallel(trusts, 4, async ({ org_code: org }) => {
    await write(`trust-${org}.html`, await getBytes(`${url}/report/trusts/${encodeURIComponent(org)}?period=${period}`, 'text/html', publicly));
  });
  say(`wrote ${trusts.length} trust pages ${join(dir, 'trust-<org code>.html')} in ${seconds(pagesStarted)} s`);
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}
