// bench:ingest — one national month of record-level activity (≈13.4M rows, 355 MB) aggregated to
// trust × month × POD × currency, timed against the floor (cat) and the yardstick (DuckDB
// read_csv + GROUP BY): our readActivityRecords (parallel, and the streaming reader it replaced)
// and an upload through the ingestion service until its aggregates are stored. Each measurement
// runs in a fresh process, so its peak RSS is its own. Prints readable figures and, last,
// `RESULT {json}`. BENCH_RUNS (default 3) runs per measurement, best wall time reported.
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { benchDatabase } from './bench-database';

const ROOT = resolve(__dirname, '../../..');
const MONTH = '2025-04';
const DATA = join(ROOT, 'tmp/bench', `national-${MONTH}`);
const RECORDS = join(DATA, 'activity_records.csv');
const TRUSTS = join(DATA, 'trusts.csv');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TARGET_VS_DUCKDB = 2;
const MB = 1024 * 1024;

/** What each way of reading made of the file, compared across ways. */
interface Aggregates {
  groups: number;
  count: number;
  bedDays: number;
  /** sha1 of the sorted `org|month|pod|currency|count|bed_days` lines. */
  digest: string;
}

interface Measure {
  wallMs: number;
  /** CPU time of the process (all threads) over the timed part: a figure the machine's load hardly moves. */
  cpuMs: number;
  maxRssMb: number;
  aggregates?: Aggregates;
  note?: string;
  /** Peak RSS of other processes involved (PostgreSQL backends). */
  otherRssMb?: number;
}

interface Row {
  orgCode: string;
  month: string;
  pod: string;
  currency: string;
  count: number | bigint;
  bedDays: number | bigint | null;
}

function aggregatesOf(rows: Row[]): Aggregates {
  const lines = rows.map((r) => `${r.orgCode}|${r.month}|${r.pod}|${r.currency}|${r.count}|${r.bedDays ?? ''}`).sort();
  return {
    groups: rows.length,
    count: rows.reduce((sum, r) => sum + Number(r.count), 0),
    bedDays: rows.reduce((sum, r) => sum + Number(r.bedDays ?? 0), 0),
    digest: createHash('sha1').update(lines.join('\n')).digest('hex'),
  };
}

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** Starts a stopwatch for wall and CPU time. */
function stopwatch(): () => { wallMs: number; cpuMs: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
}

async function knownOrgCodes(): Promise<string[]> {
  const { readTrusts } = await import('@nhsp/data-contract');
  return (await readTrusts(TRUSTS)).rows.map((trust) => trust.orgCode);
}

// ---- Measurements, each run in its own process (`--measure NAME`) ----

const MEASURES: Record<string, () => Promise<Measure>> = {
  /** The bytes into a process, 1 MB reads: what any reader in Node pays before parsing. */
  async readBytes() {
    const stop = stopwatch();
    const fd = openSync(RECORDS, 'r');
    const buf = Buffer.allocUnsafe(MB);
    while (readSync(fd, buf, 0, buf.length, null) > 0);
    closeSync(fd);
    return { ...stop(), maxRssMb: peakRssMb() };
  },

  async duckdb() {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const stop = stopwatch();
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`
      SELECT upper(trim(org_code)) AS "orgCode", strftime(date, '%Y-%m') AS month, upper(trim(pod)) AS pod,
             upper(trim(currency)) AS currency, count(*) AS count, sum(los_days) AS "bedDays"
      FROM read_csv('${RECORDS.replaceAll("'", "''")}', header = true,
        columns = {'org_code': 'VARCHAR', 'date': 'DATE', 'pod': 'VARCHAR', 'currency': 'VARCHAR', 'los_days': 'BIGINT'})
      GROUP BY ALL`);
    const rows = reader.getRowObjects() as unknown as Row[];
    const timed = stop();
    connection.closeSync();
    return { ...timed, maxRssMb: peakRssMb(), aggregates: aggregatesOf(rows) };
  },

  reader: () => ourReader(true),
  streaming: () => ourReader(false),

  /**
   * POST /bundles (multipart, trusts.csv + activity_records.csv) until the response says stored.
   * Sent by curl, another process, so that this process's CPU and memory are the service's.
   */
  serviceUpload: () =>
    throughService(async (url, headers) => {
      const files = [`files=@${TRUSTS};filename=trusts.csv`, `files=@${RECORDS};filename=activity_records.csv`];
      if (!existsSync('/usr/bin/curl')) throw new Error('serviceUpload needs curl');
      const args = ['-sS', '-w', '\n%{http_code}', '-H', 'Expect:', '-H', `authorization: ${headers.authorization}`];
      const { stdout } = await promisify(execFile)('curl', [...args, ...files.flatMap((f) => ['-F', f]), `${url}/bundles`], {
        maxBuffer: 64 * MB,
      });
      const cut = stdout.lastIndexOf('\n');
      return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
    }),

  /** POST /bundles/folder: the same two files read where they lie, so no multipart upload and spooling. */
  async serviceFolder() {
    const folder = join(ROOT, 'tmp/bench/folder');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    linkSync(TRUSTS, join(folder, 'trusts.csv'));
    linkSync(RECORDS, join(folder, 'activity_records.csv'));
    try {
      return await throughService(async (url, headers) => {
        const body = JSON.stringify({ path: folder });
        const response = await fetch(`${url}/bundles/folder`, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
        return { status: response.status, body: await response.text() };
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

type Send = (url: string, headers: { authorization: string }) => Promise<{ status: number; body: string }>;

/** Boots the ingestion service in this process (own database), times `send` until stored, reads back what was stored. */
async function throughService(send: Send): Promise<Measure> {
  const { startTestService } = await import('@nhsp/testing');
  const { AppModule } = await import('../../../apps/ingestion/src/app.module');
  const { configSchema } = await import('../../../apps/ingestion/src/config');
  const { Client } = await import('pg');
  const adminKey = randomBytes(24).toString('hex');
  const uploads = join(ROOT, 'tmp/bench/uploads');
  // serviceFolder's folder lies below it: folder reads are confined to DATA_ROOTS.
  mkdirSync(join(ROOT, 'tmp/bench'), { recursive: true });
  const svc = await startTestService({
    name: 'ingestion',
    module: AppModule,
    queues: [],
    configSchema,
    env: { UPLOAD_DIR: uploads, ADMIN_API_KEY: adminKey, DATA_ROOTS: join(ROOT, 'tmp/bench') },
  });
  const db = new Client({ connectionString: svc.database.url });
  try {
    const stop = stopwatch();
    const response = await send(svc.url, { authorization: `Bearer ${adminKey}` });
    const timed = stop();
    if (response.status !== 201) throw new Error(`the service answered ${response.status}: ${response.body.slice(0, 2000)}`);
    await db.connect();
    const stored = await db.query(
      'SELECT org_code AS "orgCode", month, pod, currency, count, bed_days AS "bedDays" FROM ingestion.v_current_activity',
    );
    const backends = await db.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
    const otherRssMb = Math.max(0, ...backends.rows.map((row) => procPeakRssMb(row.pid) ?? 0));
    return { ...timed, maxRssMb: peakRssMb(), aggregates: aggregatesOf(stored.rows), otherRssMb };
  } finally {
    await db.end().catch(() => undefined);
    await svc.stop();
    rmSync(uploads, { recursive: true, force: true });
  }
}

async function ourReader(parallel: boolean): Promise<Measure> {
  const { readActivityRecords } = await import('@nhsp/data-contract');
  const known = await knownOrgCodes();
  let note = 'streaming';
  const stop = stopwatch();
  const result = await readActivityRecords(RECORDS, {
    knownOrgCodes: known,
    parallel: parallel ? { onChoice: (c) => (note = c.path === 'parallel' ? `parallel, ${c.workers} workers` : `streamed: ${c.reason}`) } : false,
  });
  const timed = stop();
  if (result.recordsRead === 0) throw new Error('no records read');
  return { ...timed, maxRssMb: peakRssMb(), aggregates: aggregatesOf(result.rows), note };
}

/** Peak RSS (VmHWM) of a process on this machine, if it can be read. */
function procPeakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

// ---- The parent: data, runs, checks, report ----

function runMeasure(name: string, env: NodeJS.ProcessEnv): Measure {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--measure', name], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('MEASURE '));
  if (child.status !== 0 || !line) throw new Error(`measure ${name} failed (${child.status}):\n${child.stderr}${child.stdout}`);
  return JSON.parse(line.slice('MEASURE '.length));
}

/** `cat FILE > /dev/null`, timed with its peak RSS by /usr/bin/time when there is one. */
function runCat(): Measure {
  const out = join(ROOT, 'tmp/bench/cat-time.txt');
  const timed = existsSync('/usr/bin/time');
  const started = performance.now();
  const args = timed ? ['/usr/bin/time', '-o', out, '-f', '%U %S %M', 'cat', RECORDS] : ['cat', RECORDS];
  const child = spawnSync(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error('cat failed');
  if (!timed) return { wallMs, cpuMs: 0, maxRssMb: 0 };
  const [user, system, maxRssKb] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wallMs, cpuMs: (user + system) * 1000, maxRssMb: Math.round(maxRssKb / 1024) };
}

function best(name: string, runs: number, measure: () => Measure): Measure & { runsMs: number[] } {
  const results: Measure[] = [];
  for (let i = 0; i < runs; i++) results.push(once(name, i, runs, measure));
  return fastestOf(results);
}

function once(name: string, i: number, runs: number, measure: () => Measure): Measure {
  const result = measure();
  process.stdout.write(`  ${name} run ${i + 1}/${runs}: ${Math.round(result.wallMs)} ms\n`);
  return result;
}

function fastestOf(results: Measure[]): Measure & { runsMs: number[] } {
  const fastest = results.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  return { ...fastest, maxRssMb: Math.max(...results.map((r) => r.maxRssMb)), runsMs: results.map((r) => Math.round(r.wallMs)) };
}

/**
 * DuckDB and our reader run in turns, so that each pair meets about the same load on a shared
 * machine; the median of the pairs' ratios is steadier than a ratio of two best times.
 */
function inTurns(runs: number, env: NodeJS.ProcessEnv) {
  const duckdbRuns: Measure[] = [];
  const readerRuns: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    duckdbRuns.push(once('DuckDB read_csv + GROUP BY', i, runs, () => runMeasure('duckdb', env)));
    readerRuns.push(once('readActivityRecords (parallel)', i, runs, () => runMeasure('reader', env)));
  }
  const ratios = readerRuns.map((run, i) => run.wallMs / duckdbRuns[i].wallMs).sort((a, b) => a - b);
  const middle = Math.floor(ratios.length / 2);
  const median = ratios.length % 2 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2;
  return { duckdb: fastestOf(duckdbRuns), reader: fastestOf(readerRuns), pairedRatios: ratios, pairedMedian: median };
}

function ensureData(): void {
  if (existsSync(RECORDS) && existsSync(TRUSTS)) return;
  console.log(`generating one national month into ${DATA} …`);
  mkdirSync(DATA, { recursive: true });
  const cli = join(ROOT, 'tools/cli/bin/nhsp.js');
  const generate = spawnSync(process.execPath, [cli, 'generate', '--out', DATA, '--from', MONTH, '--to', MONTH, '--records'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (generate.status !== 0) throw new Error('generate failed');
}

function machine() {
  const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model;
  return {
    cpus: cpus().length,
    cpuModel: model,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    freeMemoryGb: Math.round((freemem() / 1024 ** 3) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    node: process.version,
  };
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  ensureData();
  const bytes = statSync(RECORDS).size;
  const rows = Number(spawnSync('wc', ['-l', RECORDS], { encoding: 'utf8' }).stdout.trim().split(/\s+/)[0]) - 1;
  const host = machine();
  console.log(`${RECORDS}: ${rows.toLocaleString('en-GB')} rows, ${(bytes / MB).toFixed(1)} MB`);
  console.log(`${host.cpus} × ${host.cpuModel}, ${host.memoryGb} GB, load ${host.loadAverage1m}, ${RUNS} run(s) each, best kept`);
  runCat(); // page cache warm for everyone
  const env = { ...process.env };
  const cat = best('cat > /dev/null', RUNS, runCat);
  const readBytes = best('read bytes (Node)', RUNS, () => runMeasure('readBytes', env));
  const { duckdb, reader, pairedRatios, pairedMedian } = inTurns(RUNS, env);
  const streaming = best('readActivityRecords (streaming, before)', 1, () => runMeasure('streaming', env));
  const pg = await benchDatabase('ingest');
  let serviceUpload: ReturnType<typeof best>;
  let serviceFolder: ReturnType<typeof best>;
  try {
    const withDb = { ...env, DATABASE_URL: pg.url };
    serviceUpload = best('ingestion service POST /bundles (multipart)', 1, () => runMeasure('serviceUpload', withDb));
    serviceFolder = best('ingestion service POST /bundles/folder', 1, () => runMeasure('serviceFolder', withDb));
  } finally {
    await pg.stop();
  }

  const same = (m: Measure): boolean => JSON.stringify(m.aggregates) === JSON.stringify(duckdb.aggregates);
  const perSecond = (m: Measure): number => Math.round(rows / (m.wallMs / 1000));
  const figures = { cat, readBytes, duckdb, reader, streaming, serviceUpload, serviceFolder };
  console.log('');
  for (const [name, m] of Object.entries(figures)) {
    const vsDuck = Number((m.wallMs / duckdb.wallMs).toPrecision(3));
    const extra = [m.note, m.otherRssMb ? `PostgreSQL backend peak ${m.otherRssMb} MB` : ''].filter(Boolean).join('; ');
    console.log(
      `${name.padEnd(13)} ${String(Math.round(m.wallMs)).padStart(6)} ms  ${perSecond(m).toLocaleString('en-GB').padStart(12)} rows/s  ` +
        `CPU ${(m.cpuMs / 1000).toFixed(2).padStart(6)} s  peak RSS ${String(m.maxRssMb).padStart(5)} MB  ${vsDuck}× DuckDB` +
        `${extra ? `  (${extra})` : ''}`,
    );
  }
  const compared = { reader, streaming, serviceUpload, serviceFolder };
  const checks = Object.fromEntries(Object.entries(compared).map(([name, m]) => [`${name}EqualsDuckdb`, same(m)]));
  const peakMb = Math.max(...Object.values(figures).map((m) => Math.max(m.maxRssMb, m.otherRssMb ?? 0)));
  const verdict = {
    readerVsDuckdb: round(reader.wallMs / duckdb.wallMs),
    readerVsDuckdbPairedMedian: round(pairedMedian),
    readerVsDuckdbPaired: pairedRatios.map((ratio) => round(ratio)),
    readerCpuVsDuckdbCpu: round(reader.cpuMs / duckdb.cpuMs),
    readerVsCat: round(reader.wallMs / cat.wallMs, 1),
    streamingVsDuckdb: round(streaming.wallMs / duckdb.wallMs),
    serviceUploadVsDuckdb: round(serviceUpload.wallMs / duckdb.wallMs),
    serviceFolderVsDuckdb: round(serviceFolder.wallMs / duckdb.wallMs),
    speedupOverStreaming: round(streaming.wallMs / reader.wallMs),
    readerWithin2xDuckdb: reader.wallMs <= TARGET_VS_DUCKDB * duckdb.wallMs && pairedMedian <= TARGET_VS_DUCKDB,
    everyProcessUnder1_5Gb: peakMb < 1536,
    peakRssMb: peakMb,
  };
  console.log(`\naggregates equal to DuckDB's (groups, Σcount, Σbed days, every row): ${JSON.stringify(checks)}`);
  console.log(
    `ours ${verdict.readerVsDuckdb}× DuckDB best against best, ${verdict.readerVsDuckdbPairedMedian}× the median of runs in turns ` +
      `(target ≤ ${TARGET_VS_DUCKDB}×: ${verdict.readerWithin2xDuckdb ? 'met' : 'NOT met'}), ` +
      `${verdict.speedupOverStreaming}× faster than the streaming reader; every process under 1.5 GB: ${verdict.everyProcessUnder1_5Gb}`,
  );
  const slim = (m: Measure) => ({ ...m, wallMs: Math.round(m.wallMs), cpuMs: Math.round(m.cpuMs), rowsPerSecond: perSecond(m) });
  const result = {
    file: { path: RECORDS, rows, bytes },
    machine: host,
    runs: RUNS,
    database: pg.embedded ? 'embedded' : 'DATABASE_URL',
    ...Object.fromEntries(Object.entries(figures).map(([name, m]) => [name, slim(m)])),
    checks,
    ...verdict,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
  if (Object.values(checks).some((ok) => !ok)) process.exitCode = 1;
}

const measureAt = process.argv.indexOf('--measure');
if (measureAt >= 0) {
  const name = process.argv[measureAt + 1];
  const measure = MEASURES[name];
  if (!measure) throw new Error(`no measure ${name}`);
  measure()
    .then((m) => console.log(`MEASURE ${JSON.stringify(m)}`))
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
} else {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
