// bench:ingest — one national month of record-level activity (≈15.5M rows, 407 MB) aggregated to
// trust × month × POD × currency, timed against the floor (cat) and the yardstick (DuckDB
// read_csv + GROUP BY): our readActivityRecords (parallel, and the streaming reader it replaced)
// and an upload through the ingestion service until its aggregates are stored. Each measurement
// runs in a fresh process, so its peak RSS is its own. Prints readable figures and, last,
// `RESULT {json}`. BENCH_RUNS (default 3) runs per measurement, best wall time reported.
// A national year (twelve months) is bench:ingest-year.
import { execFile, spawnSync } from 'node:child_process';
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { benchDatabase } from './bench-database';
import {
  MB,
  aggregatesOf,
  Measure,
  ROOT,
  RSS_LIMIT_MB,
  duckdbAggregates,
  ensureNationalMonth,
  machine,
  measureChild,
  peakRssMb,
  round,
  runMeasure as runMeasureOf,
  stopwatch,
  throughService,
} from './ingest-common';

const MONTH = '2025-04';
const DATA = join(ROOT, 'tmp/bench', `national-${MONTH}`);
const RECORDS = join(DATA, 'activity_records.csv');
const TRUSTS = join(DATA, 'trusts.csv');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TARGET_VS_DUCKDB = 2;

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

  duckdb: () => duckdbAggregates([RECORDS]),

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

// ---- The parent: data, runs, checks, report ----

const runMeasure = (name: string, env: NodeJS.ProcessEnv): Measure => runMeasureOf(__filename, name, env);

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

const ensureData = (): void => ensureNationalMonth(DATA, MONTH);

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
    everyProcessUnder1_5Gb: peakMb < RSS_LIMIT_MB,
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

if (!measureChild(MEASURES)) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
