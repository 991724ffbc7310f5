// bench:api — sustained load on the published-data API. The sample bundle is taken through the
// whole pipeline first (all six services in this process, as the demo), so the figures are real
// published releases; then the services stop and publication alone (role `api`) is started in
// its own process, as deployed. autocannon (another process) holds BENCH_CONNECTIONS (100)
// connections on each URL: BENCH_WARMUP s (3) of warm-up, then BENCH_ROUNDS (3) rounds of
// BENCH_DURATION s (5), taking in turn the API, the ceiling - a bare node:http server sending
// the same bytes (status, headers and body fetched once from the API) - and, for reference, a
// bare server sending the body with its Content-Type alone (this bench's ceiling before
// 2026-11-22 evening). Then the cold workload (api-cold.ts): over 2,000 distinct URLs, each asked
// once per pass in a shuffled order against a freshly started API, per route and all mixed
// (`coldMix`), beside the ceiling sending each URL's bytes, over connections opened before each
// pass's clock starts (BENCH_COLD_CONNECT=in-pass opens them inside it; RESULT `coldConnections`
// says which), from a client process of its own (BENCH_COLD_CLIENT_IN=bench runs it in this
// one; RESULT `coldClient`). BENCH_PARTS=repeated,cold (both by
// default) chooses. Prints readable figures and, last, `RESULT {json}`.
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { monthsBetween } from '../../demo/client';
import { runPipeline } from '../../demo/pipeline';
import { startStack } from '../../demo/stack';
import type { Canned } from './api-ceiling-server';
import { ColdBench, coldBench } from './api-cold';
import { CLIENT_APART, CONNECT_BEFORE_PASS } from './api-cold-mix';
import { benchDatabase, serviceEnv } from './bench-database';

const ROOT = resolve(__dirname, '../../..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_SHARE = 0.5;
/** Before startStack puts the stack's settings into process.env. */
const ORIGINAL_ENV = { ...process.env };
const TARGET_P99_MS = 25;
const PARTS = new Set((process.env.BENCH_PARTS ?? 'repeated,cold').split(','));
const PERIODS = monthsBetween('2025-04', '2026-03');
const TARGETS = [
  { name: 'estimate', path: '/v1/estimates?org=RJ7' },
  { name: 'national', path: '/v1/aggregates?level=national' },
  { name: 'aggregates', path: '/v1/aggregates' },
];

interface Load {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  bytesPerRequest: number;
}

/** Starts a child that prints `LISTENING <x>` when ready. */
function startChild(args: string[], env: NodeJS.ProcessEnv, stdin?: string, cwd = ROOT): Promise<{ child: ChildProcess; address: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'inherit'], cwd });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\S+)/.exec(out);
      if (match) done({ child, address: match[1] });
    });
    child.on('exit', (code) => fail(new Error(`${args.join(' ')} exited with ${code} before listening: ${out.slice(-500)}`)));
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

/** A child's peak resident memory (VmHWM in /proc), MB; null where it cannot be read. */
function peakRssMb(child: ChildProcess | null): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child?.pid}/status`, 'utf8'));
    return kb ? Math.round(Number(kb[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function autocannon(url: string, durationS: number): Promise<Load> {
  return new Promise((done, fail) => {
    const bin = join(ROOT, 'node_modules/autocannon/autocannon.js');
    const child = spawn(process.execPath, [bin, '-c', String(CONNECTIONS), '-d', String(durationS), '-j', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`autocannon ${url} exited ${code}: ${err.slice(-500)}`));
      const r = JSON.parse(out);
      done({
        requestsPerSecond: Math.round(r.requests.average),
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
        bytesPerRequest: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
      });
    });
  });
}

type Server = 'api' | 'ceiling' | 'bodyOnly';
type Measured = Load & { rounds: number[] };

/**
 * One URL on every server: a warm-up each (the first seconds of a fresh process measure V8
 * compiling its hot path, not the path), then ROUNDS rounds taking the servers in turn, so a
 * spell of load from elsewhere on this shared machine falls on all of them alike. Requests/s
 * and p50 are the rounds' medians, p99 the worst round's.
 */
async function measure(urls: Record<Server, string>): Promise<Record<Server, Measured>> {
  const servers = Object.keys(urls) as Server[];
  for (const server of servers) await autocannon(urls[server], WARMUP_S);
  const runs = Object.fromEntries(servers.map((server) => [server, [] as Load[]])) as Record<Server, Load[]>;
  for (let round = 0; round < ROUNDS; round++) for (const server of servers) runs[server].push(await autocannon(urls[server], DURATION_S));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const combined = (loads: Load[]) => ({
    requestsPerSecond: median(loads.map((l) => l.requestsPerSecond)),
    p50Ms: median(loads.map((l) => l.p50Ms)),
    p99Ms: Math.max(...loads.map((l) => l.p99Ms)),
    requests: loads.reduce((n, l) => n + l.requests, 0),
    non2xx: loads.reduce((n, l) => n + l.non2xx, 0),
    errors: loads.reduce((n, l) => n + l.errors, 0),
    bytesPerRequest: loads[0].bytesPerRequest,
    rounds: loads.map((l) => l.requestsPerSecond),
  });
  return Object.fromEntries(servers.map((server) => [server, combined(runs[server])])) as Record<Server, Measured>;
}

/** Headers node:http writes itself (or the ceiling sets from the body). */
const NODE_ADDS = ['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'];

async function startCeiling(canned: Canned[], children: ChildProcess[]): Promise<string> {
  const ceiling = await startChild(['-r', './tools/scripts/register-ts.js', join(__dirname, 'api-ceiling-server.ts')], process.env, JSON.stringify(canned));
  children.push(ceiling.child);
  return `http://127.0.0.1:${ceiling.address}`;
}

async function main(): Promise<void> {
  const pg = await benchDatabase('api');
  const env = serviceEnv(pg.url);
  const children: ChildProcess[] = [];
  try {
    // 1. Published releases to serve: the sample through the pipeline.
    const stack = await startStack({ env });
    try {
      await runPipeline(stack, { bundleDir: join(ROOT, 'tools/fixtures/sample'), periods: PERIODS, timeoutMs: 240_000 });
    } finally {
      await stack.stop();
    }
    // 2. Publication alone in its own process, with the service's own pool size and log level unless
    // set for the bench; no per-IP rate limit,
    // since every request here comes from one address (a deployment sees many behind its proxy).
    const apiEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: '0', MIGRATIONS_RUN: 'false', RATE_LIMIT_PER_MINUTE: process.env.RATE_LIMIT_PER_MINUTE ?? '0' };
    for (const key of ['LOG_LEVEL', 'DB_POOL_SIZE']) {
      if (ORIGINAL_ENV[key] === undefined) delete apiEnv[key];
      else apiEnv[key] = ORIGINAL_ENV[key];
    }
    // BENCH_API_PROF=DIR: a V8 CPU profile of the API process, written when it stops.
    const prof = ORIGINAL_ENV.BENCH_API_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(ORIGINAL_ENV.BENCH_API_PROF)}`] : [];
    // BENCH_API_NODE_OPTIONS='--max-old-space-size=640': the API under the chart's V8 flags (none by default).
    prof.push(...(ORIGINAL_ENV.BENCH_API_NODE_OPTIONS ?? '').split(' ').filter(Boolean));
    let api: ChildProcess | null = null;
    const startApi = async (): Promise<string> => {
      if (api) await stopChild(api);
      const started = await startChild([...prof, '-r', './tools/scripts/register-ts.js', join(__dirname, 'api-publication-server.ts')], apiEnv);
      children.push((api = started.child));
      return started.address.replace('://[::1]', '://127.0.0.1').replace('://localhost', '://127.0.0.1');
    };
    const apiUrl = await startApi();
    // 3. The same bytes, fetched once, for the ceiling; the body alone for the reference.
    const canned: Canned[] = [];
    for (const t of TARGETS) {
      const res = await fetch(apiUrl + t.path);
      const body = Buffer.from(await res.arrayBuffer());
      if (!res.ok) throw new Error(`GET ${t.path}: HTTP ${res.status} ${body.toString().slice(0, 300)}`);
      const headers = [...res.headers].filter(([name]) => !NODE_ADDS.includes(name));
      canned.push({ path: t.path, headers, body: body.toString('base64') });
    }
    const bodyOnly = canned.map((c) => ({ ...c, headers: c.headers.filter(([name]) => name === 'content-type') }));
    const ceilingUrl = await startCeiling(canned, children);
    const bodyOnlyUrl = await startCeiling(bodyOnly, children);

    const load = loadavg()[0];
    const results: Record<string, { api: Measured; ceiling: Measured; bodyOnly: Measured; bodyBytes: number; share: number; shareOfBodyOnly: number; met: boolean }> = {};
    for (const [i, t] of TARGETS.entries()) {
      if (!PARTS.has('repeated')) break;
      const { api: apiLoad, ceiling: ceilingLoad, bodyOnly: bodyOnlyLoad } = await measure({ api: apiUrl + t.path, ceiling: ceilingUrl + t.path, bodyOnly: bodyOnlyUrl + t.path });
      const share = +(apiLoad.requestsPerSecond / ceilingLoad.requestsPerSecond).toFixed(3);
      const shareOfBodyOnly = +(apiLoad.requestsPerSecond / bodyOnlyLoad.requestsPerSecond).toFixed(3);
      const met = share >= TARGET_SHARE && apiLoad.p99Ms < TARGET_P99_MS && apiLoad.non2xx === 0 && apiLoad.errors === 0;
      results[t.name] = { api: apiLoad, ceiling: ceilingLoad, bodyOnly: bodyOnlyLoad, bodyBytes: Buffer.from(canned[i].body, 'base64').length, share, shareOfBodyOnly, met };
      console.log(
        `${t.path.padEnd(32)} API ${String(apiLoad.requestsPerSecond).padStart(6)} req/s p50 ${apiLoad.p50Ms} ms p99 ${apiLoad.p99Ms} ms` +
          ` (non-2xx ${apiLoad.non2xx}, errors ${apiLoad.errors}) | ceiling ${ceilingLoad.requestsPerSecond} req/s p50 ${ceilingLoad.p50Ms} ms p99 ${ceilingLoad.p99Ms} ms` +
          ` | ${(share * 100).toFixed(0)}% of ceiling, ${results[t.name].bodyBytes} B ${met ? 'MET' : 'NOT MET'}` +
          ` | body-only server ${bodyOnlyLoad.requestsPerSecond} req/s (${(shareOfBodyOnly * 100).toFixed(0)}%)`,
      );
    }
    let cold: ColdBench | null = null;
    if (PARTS.has('cold')) {
      const startColdCeiling = (responses: Canned[]) => startCeiling(responses, children);
      cold = await coldBench(apiUrl, PERIODS, {
        restartApi: startApi,
        apiPeakRssMb: () => peakRssMb(api),
        startCeiling: startColdCeiling,
        // BENCH_COLD_COMPARE: the other checkout's API on the same database (its own TypeScript settings).
        startOtherApi: async (root: string) => {
          const otherEnv = { ...apiEnv };
          delete otherEnv.SWC_NODE_PROJECT;
          const other = await startChild(['-r', join(root, 'tools/scripts/register-ts.js'), join(root, 'tools/bench/src/api-publication-server.ts')], otherEnv, undefined, root);
          children.push(other.child);
          return { url: other.address.replace('://[::1]', '://127.0.0.1').replace('://localhost', '://127.0.0.1'), stop: () => stopChild(other.child) };
        },
        connections: CONNECTIONS,
        targetShare: TARGET_SHARE,
        targetP99Ms: TARGET_P99_MS,
        nodeAdds: NODE_ADDS,
      });
    }
    const clash = Object.keys(cold?.routes ?? {}).filter((route) => route in results);
    if (clash.length) throw new Error(`cold routes named as repeated URLs: ${clash.join(', ')}`);
    const allResults = { ...results, ...(cold?.routes ?? {}) };
    const result = {
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGb: +(totalmem() / 2 ** 30).toFixed(1), loadAverage1m: +load.toFixed(2), node: process.version },
      database: pg.embedded ? 'embedded' : 'DATABASE_URL',
      connections: CONNECTIONS,
      durationS: DURATION_S,
      warmupS: WARMUP_S,
      rounds: ROUNDS,
      logLevel: ORIGINAL_ENV.LOG_LEVEL ?? 'service default',
      dbPoolSize: ORIGINAL_ENV.DB_POOL_SIZE ?? 'service default',
      rateLimitPerMinute: Number(apiEnv.RATE_LIMIT_PER_MINUTE),
      loadAverage1mAtEnd: +loadavg()[0].toFixed(2),
      results: allResults,
      ...(cold ? { coldConnections: CONNECT_BEFORE_PASS ? 'opened before each pass' : 'opened in the pass', coldClient: CLIENT_APART ? 'own process' : 'bench process', coldUrls: cold.urls, coldUrlsLeftOut: cold.dropped, coldMix: cold.coldMix, coldMixReadModel: cold.coldMixReadModel } : {}),
      targets: { shareOfCeiling: TARGET_SHARE, p99UnderMs: TARGET_P99_MS, met: Object.values(allResults).every((r) => r.met) && (cold?.coldMix.met ?? true) },
    };
    console.log(`targets (≥ ${TARGET_SHARE * 100}% of the ceiling's req/s, p99 < ${TARGET_P99_MS} ms, no errors): ${result.targets.met ? 'met' : 'NOT met'}`);
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    for (const child of children) await stopChild(child);
    await pg.stop().catch((e: Error) => console.error(`stopping PostgreSQL: ${e.message}`));
  }
}

main()
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
