// The cold part of bench:api: thousands of distinct URLs, each asked once per pass in a shuffled
// order, so that the response cache cannot answer them (it keeps a URL's answer once rendered).
// A small keep-alive HTTP client with CONNECTIONS requests in flight records each request's
// latency; the same client loads the ceiling, which sends every URL's bytes fetched beforehand.
import { ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

export interface ColdUrl {
  /** The route's name in the RESULT line (`results.<route>`). */
  route: string;
  path: string;
}

export interface PassFigures {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** How many answers of each non-2xx status (a time limit, a pool timeout, a refusal or a real error tell apart). */
  non2xxByStatus: Record<string, number>;
  errors: number;
  /** The client's error codes where no answer came. */
  errorsByCode: Record<string, number>;
  bytes: number;
}

/** What the workload asks: learned from the published data themselves (trusts, periods, groups, metrics). */
export interface Catalogue {
  periods: string[];
  orgs: string[];
  sectors: string[];
  regions: string[];
  peerGroups: string[];
  metrics: string[];
  /** The categories of the opportunity packs (empty when the release holds no packs). */
  packMetrics: string[];
}

const ESTIMATE_SORTS = ['productivity_growth', 'output_growth', 'input_growth', 'org_code', 'name', 'cwa_current', 'real_spend_current'];
const BENCHMARK_SORTS = ['opportunity_gbp', 'score', 'rank', 'value', 'org_code'];

const PLAN_LEVELS = ['national', 'peer_group', 'region', 'sector', 'trust'];

/**
 * Every trust's series and report page (JSON and CSV), its explanation, pack (JSON and CSV),
 * targets and its estimate in each of several periods; estimates under each sector, region and
 * peer group with sorts and pages; benchmarks per trust, per metric, sorted and paged;
 * opportunities per category, sorted and by sector; targets by level; aggregates by level.
 * Distinct URLs only.
 */
export function coldUrls(c: Catalogue): ColdUrl[] {
  const urls: ColdUrl[] = [];
  const add = (route: string, path: string) => urls.push({ route, path });
  const q = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const recent = c.periods.slice(-4);
  for (const org of c.orgs) {
    add('series', `/v1/trusts/${org}/series`);
    add('series', `/v1/trusts/${org}/series?format=csv`);
    add('report', `/report/trusts/${org}`);
    for (const period of recent.slice(-2)) add('explanation', `/v1/trusts/${org}/explanation?${q({ period })}`);
    for (const period of recent) add('estimateByTrust', `/v1/estimates?${q({ org, period })}`);
    add('benchmarksByTrust', `/v1/benchmarks?${q({ org, period: c.periods[c.periods.length - 1] })}`);
    add('benchmarksByTrust', `/v1/benchmarks?${q({ org, period: c.periods[c.periods.length - 1], format: 'csv' })}`);
    if (c.packMetrics.length) {
      add('pack', `/v1/trusts/${org}/pack`);
      add('pack', `/v1/trusts/${org}/pack?format=csv`);
    }
    add('targets', `/v1/targets?${q({ level: 'trust', group: org })}`);
  }
  for (const period of c.periods) {
    for (const [i, sort] of ESTIMATE_SORTS.entries()) {
      for (const [name, values] of [['sector', c.sectors], ['region', c.regions], ['peer_group', c.peerGroups]] as const) {
        for (const value of values) add('estimatesFiltered', `/v1/estimates?${q({ period, [name]: value, sort, order: i % 2 ? 'asc' : 'desc', limit: 10 })}`);
      }
      for (const offset of [0, 25, 50]) add('estimatesPaged', `/v1/estimates?${q({ period, sort, order: 'desc', limit: 25, offset })}`);
      add('estimatesPaged', `/v1/estimates?${q({ period, sort, format: 'csv' })}`);
    }
    for (const metric of c.metrics) {
      for (const sort of BENCHMARK_SORTS.slice(0, 2)) add('benchmarksFiltered', `/v1/benchmarks?${q({ period, metric, sort, order: 'desc', limit: 20 })}`);
    }
    for (const level of PLAN_LEVELS) {
      add('targets', `/v1/targets?${q({ period, level })}`);
      add('targets', `/v1/targets?${q({ period, level, format: 'csv' })}`);
    }
    for (const [i, metric] of c.packMetrics.entries()) {
      add('opportunitiesFiltered', `/v1/opportunities?${q({ period, metric, sort: 'opportunity_gbp', order: 'desc', limit: 20 })}`);
      add('opportunitiesFiltered', `/v1/opportunities?${q({ period, metric, sector: c.sectors[i % c.sectors.length] })}`);
    }
    for (const level of ['national', 'sector', 'region', 'peer_group']) {
      add('aggregatesByLevel', `/v1/aggregates?${q({ period, level })}`);
      add('aggregatesByLevel', `/v1/aggregates?${q({ period, level, format: 'csv' })}`);
    }
  }
  const seen = new Set<string>();
  return urls.filter((u) => !seen.has(u.path) && seen.add(u.path));
}

/** A fixed-seed shuffle, so that every run and both servers take the URLs in the same order. */
export function shuffled<T>(items: readonly T[], seed = 17): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export interface Sample {
  route: string;
  /** The URL asked (BENCH_COLD_SLOWEST names the slowest). */
  path?: string;
  ms: number;
  status: number;
  bytes: number;
  /** The client's error code (ECONNRESET, ...) where no answer came (status 0). */
  error?: string;
  /** Its place in the pass, and whether it went on a connection made for it (BENCH_COLD_SLOWEST). */
  at?: number;
  newConnection?: boolean;
}

/**
 * Whether a pass opens its connections before its clock starts (the default) or inside the pass
 * (`BENCH_COLD_CONNECT=in-pass`, the method before 2026-12-04 evening). Opened inside, the first
 * `connections` requests of every pass each waited for a TCP connection made for it, and those
 * 100 requests (2-6% of a pass) alone made its p99 (133-302 ms against the server's own <= 10 ms
 * per answer; a pass on open connections had a p99 of 18-24 ms): a figure of the client's
 * connection set-up, not of a cold read. The same for the API and the ceiling.
 */
export const CONNECT_BEFORE_PASS = process.env.BENCH_COLD_CONNECT !== 'in-pass';

/** `connections` requests at once, so the agent holds that many open keep-alive sockets; answers ignored. */
async function openConnections(hostname: string, port: string, agent: Agent, connections: number): Promise<void> {
  await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<void>((done) => {
          const req = request({ host: hostname, port, path: '/health/live', agent }, (res) => {
            res.resume();
            res.on('end', () => done());
          });
          req.on('error', () => done());
          req.end();
        }),
    ),
  );
}

/**
 * Whether a pass's client runs in a process of its own (the default) or in the bench's
 * (`BENCH_COLD_CLIENT_IN=bench`, the method before 2026-12-05). In the bench's process it
 * shared a 400-480 MB heap left by the pipeline run there and the canned bodies: its own GC
 * pauses and event-loop delays (p99 20-170 ms a pass, BENCH_COLD_CLIENT) were charged as
 * latency to whichever server it was loading, API and ceiling alike. The same for both.
 */
export const CLIENT_APART = process.env.BENCH_COLD_CLIENT_IN !== 'bench';

/** Asks each URL once, `connections` at a time over keep-alive connections; every request's latency. */
export function runPass(base: string, urls: readonly ColdUrl[], connections: number): Promise<{ samples: Sample[]; wallMs: number }> {
  return CLIENT_APART ? runPassApart(base, urls, connections) : runPassHere(base, urls, connections);
}

/** The client process (api-cold-client.ts), started on the first pass and kept warm for the others. */
let clientProcess: ChildProcess | undefined;
let passes = 0;
const waiting = new Map<number, { done: (pass: { samples: Sample[]; wallMs: number }) => void; fail: (error: Error) => void }>();

/** runPassHere in the client process (what it prints goes to this process's output). */
function runPassApart(base: string, urls: readonly ColdUrl[], connections: number): Promise<{ samples: Sample[]; wallMs: number }> {
  if (!clientProcess) {
    clientProcess = fork(join(__dirname, 'api-cold-client.ts'), [], { execArgv: ['-r', './tools/scripts/register-ts.js'], cwd: join(__dirname, '../../..'), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    clientProcess.on('message', (m: { id: number; pass?: { samples: Sample[]; wallMs: number }; error?: string }) => {
      const pending = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.pass) pending?.done(m.pass);
      else pending?.fail(new Error(`cold client: ${m.error}`));
    });
    clientProcess.on('exit', (code) => {
      for (const pending of waiting.values()) pending.fail(new Error(`cold client exited ${code}`));
      waiting.clear();
      clientProcess = undefined;
    });
    // The bench exits with it running; it ends when its channel closes.
    clientProcess.unref();
    (clientProcess.channel as unknown as { unref(): void } | undefined)?.unref();
  }
  const id = ++passes;
  const child = clientProcess;
  return new Promise((done, fail) => {
    waiting.set(id, { done, fail });
    child.send({ id, base, urls, connections });
  });
}

/** Asks each URL once from this process. */
export async function runPassHere(base: string, urls: readonly ColdUrl[], connections: number): Promise<{ samples: Sample[]; wallMs: number }> {
  const { hostname, port } = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  if (CONNECT_BEFORE_PASS) await openConnections(hostname, port, agent, connections);
  const samples: Sample[] = [];
  let next = 0;
  const one = (url: ColdUrl, at: number): Promise<void> =>
    new Promise((done) => {
      const started = performance.now();
      const req = request({ host: hostname, port, path: url.path, agent }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => {
          samples.push({ route: url.route, path: url.path, ms: performance.now() - started, status: res.statusCode ?? 0, bytes, at, newConnection: !req.reusedSocket });
          done();
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        samples.push({ route: url.route, ms: performance.now() - started, status: 0, bytes: 0, error: error.code ?? error.message });
        done();
      });
      req.end();
    });
  const client = watchClient();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < urls.length) await one(urls[next], next++);
    }),
  );
  const wallMs = performance.now() - started;
  const own = client.stop(wallMs);
  agent.destroy();
  if (process.env.BENCH_COLD_CLIENT) console.log(`client (${base}, ${urls.length} URLs): ${own}`);
  // BENCH_COLD_SLOWEST=N: the pass's N slowest requests, where they came and on which connection.
  const slowest = Number(process.env.BENCH_COLD_SLOWEST ?? 0);
  if (slowest > 0) {
    const worst = [...samples].sort((a, b) => b.ms - a.ms).slice(0, slowest);
    console.log(`slowest of ${samples.length} (${base}): ${worst.map((w) => `${w.ms.toFixed(0)}ms #${w.at}${w.newConnection ? ' new' : ''} ${w.path} ${(w.bytes / 1024).toFixed(0)}kB`).join(', ')}`);
  }
  return { samples, wallMs };
}

/**
 * The load generator's own share of a pass (BENCH_COLD_CLIENT): its CPU time, its event loop's
 * delays and its collector's pauses. Every millisecond the client is not reading sockets is
 * latency charged to the server it is loading, API and ceiling alike.
 */
function watchClient(): { stop(wallMs: number): string } {
  const cpu = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => list.getEntries().forEach((e) => pauses.push(e.duration)));
  gc.observe({ entryTypes: ['gc'] });
  return {
    stop(wallMs) {
      loop.disable();
      gc.disconnect();
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      const gcMs = pauses.reduce((a, b) => a + b, 0);
      return (
        `cpu ${cpuMs.toFixed(0)} ms of ${wallMs.toFixed(0)} ms wall (${((100 * cpuMs) / wallMs).toFixed(0)}%), ` +
        `loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} max ${(loop.max / 1e6).toFixed(1)} ms, ` +
        `gc ${pauses.length} pauses ${gcMs.toFixed(0)} ms, longest ${Math.max(0, ...pauses).toFixed(1)} ms, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`
      );
    },
  };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1) : 0);

/** Figures of a pass: its requests over its wall time, and the latency percentiles. */
export function figures(samples: readonly Sample[], wallMs: number): PassFigures {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    requests: samples.length,
    requestsPerSecond: wallMs > 0 ? Math.round((samples.length * 1000) / wallMs) : 0,
    p50Ms: percentile(ms, 0.5),
    p99Ms: percentile(ms, 0.99),
    non2xx: samples.filter((s) => s.status !== 0 && (s.status < 200 || s.status > 299)).length,
    non2xxByStatus: countBy(samples.filter((s) => s.status !== 0 && (s.status < 200 || s.status > 299)).map((s) => String(s.status))),
    errors: samples.filter((s) => s.status === 0).length,
    errorsByCode: countBy(samples.filter((s) => s.status === 0).map((s) => s.error ?? 'unknown')),
    bytes: samples.reduce((sum, s) => sum + s.bytes, 0),
  };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** The URLs of each route, in the workload's order. */
export function byRoute(urls: readonly ColdUrl[]): Map<string, ColdUrl[]> {
  const routes = new Map<string, ColdUrl[]>();
  for (const u of urls) {
    const list = routes.get(u.route);
    if (list) list.push(u);
    else routes.set(u.route, [u]);
  }
  return routes;
}
