// bench:ingest-year — a national year of record-level activity: the twelve national months of
// FY 2025/26 (one activity_records.csv each, ≈16 M rows and 420 MB a month), aggregated to trust ×
// month × POD × currency. The yardstick is DuckDB reading the twelve files in one read_csv and
// GROUP BY; against it, the ingestion service takes the year as trusts send it: twelve monthly
// submissions (POST /bundles/folder, trusts.csv + that month's activity_records.csv), one after
// the other, timed from the first request to the last 201, its stored aggregates then read back
// and compared row for row with DuckDB's. Each measurement runs in a fresh process, so its peak RSS
// (Node with its worker threads; PostgreSQL's processes by /proc VmHWM) is its own.
// Prints readable figures and, last, `RESULT {json}`. BENCH_RUNS (default 1) runs each, in turns.
import { linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchDatabase } from './bench-database';
import { Measure, ROOT, RSS_LIMIT_MB, duckdbAggregates, ensureNationalMonth, machine, measureChild, round, runMeasure, throughService } from './ingest-common';

/** FY 2025/26, April to March. */
const MONTHS = ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
const monthDir = (month: string): string => join(ROOT, 'tmp/bench', `national-${month}`);
const RECORDS = MONTHS.map((month) => join(monthDir(month), 'activity_records.csv'));
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
const SUBMISSIONS = join(ROOT, 'tmp/bench/year-submissions');

const MEASURES: Record<string, () => Promise<Measure>> = {
  duckdb: () => duckdbAggregates(RECORDS),

  /** Twelve monthly POST /bundles/folder, each a folder of hard links to that month's two files. */
  async serviceYear() {
    rmSync(SUBMISSIONS, { recursive: true, force: true });
    const folders = MONTHS.map((month) => {
      const folder = join(SUBMISSIONS, month);
      mkdirSync(folder, { recursive: true });
      linkSync(join(monthDir(month), 'trusts.csv'), join(folder, 'trusts.csv'));
      linkSync(join(monthDir(month), 'activity_records.csv'), join(folder, 'activity_records.csv'));
      return folder;
    });
    const monthMs: number[] = [];
    try {
      const measure = await throughService(async (url, headers) => {
        for (const folder of folders) {
          const started = performance.now();
          const body = JSON.stringify({ path: folder });
          const response = await fetch(`${url}/bundles/folder`, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
          const text = await response.text();
          if (response.status !== 201) return { status: response.status, body: `${folder}: ${text}` };
          monthMs.push(Math.round(performance.now() - started));
        }
        return { status: 201, body: '' };
      });
      return { ...measure, note: `twelve submissions, ms each: ${monthMs.join(', ')}` };
    } finally {
      rmSync(SUBMISSIONS, { recursive: true, force: true });
    }
  },
};

function once(name: string, measure: string, env: NodeJS.ProcessEnv): Measure {
  const result = runMeasure(__filename, measure, env);
  console.log(`  ${name}: ${Math.round(result.wallMs)} ms, CPU ${(result.cpuMs / 1000).toFixed(1)} s, peak RSS ${result.maxRssMb} MB`);
  return result;
}

const fastest = (runs: Measure[]): Measure & { runsMs: number[] } => ({
  ...runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a)),
  maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
  otherRssMb: Math.max(0, ...runs.map((r) => r.otherRssMb ?? 0)),
  runsMs: runs.map((r) => Math.round(r.wallMs)),
});

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main(): Promise<void> {
  MONTHS.forEach((month) => ensureNationalMonth(monthDir(month), month));
  const bytes = RECORDS.reduce((sum, file) => sum + statSync(file).size, 0);
  const host = machine();
  console.log(`FY 2025/26: twelve activity_records.csv, ${(bytes / 1024 ** 3).toFixed(2)} GiB`);
  console.log(`${host.cpus} × ${host.cpuModel}, ${host.memoryGb} GB, load ${host.loadAverage1m}, ${RUNS} run(s) each, in turns`);
  const pg = await benchDatabase('ingest-year');
  const duckdbRuns: Measure[] = [];
  const serviceRuns: Measure[] = [];
  try {
    const env = { ...process.env, DATABASE_URL: pg.url };
    // In turns, so that each pair meets about the same load on a shared machine.
    for (let i = 0; i < RUNS; i++) {
      duckdbRuns.push(once(`DuckDB read_csv (12 files) + GROUP BY, run ${i + 1}/${RUNS}`, 'duckdb', env));
      serviceRuns.push(once(`ingestion service, twelve POST /bundles/folder, run ${i + 1}/${RUNS}`, 'serviceYear', env));
    }
  } finally {
    await pg.stop();
  }
  const duckdb = fastest(duckdbRuns);
  const serviceYear = fastest(serviceRuns);
  const rows = duckdb.aggregates!.count;
  const pairedRatios = serviceRuns.map((run, i) => round(run.wallMs / duckdbRuns[i].wallMs));
  const equal = serviceRuns.every((run) => JSON.stringify(run.aggregates) === JSON.stringify(duckdb.aggregates));
  const serviceRssMb = Math.max(serviceYear.maxRssMb, serviceYear.otherRssMb ?? 0);
  const verdict = {
    yearServiceVsDuckdb: round(serviceYear.wallMs / duckdb.wallMs),
    yearServiceVsDuckdbPairedMedian: round(median(pairedRatios)),
    yearServiceVsDuckdbPaired: pairedRatios,
    yearServiceCpuVsDuckdbCpu: round(serviceYear.cpuMs / duckdb.cpuMs),
    yearServiceEqualsDuckdb: equal,
    yearServiceWithinDuckdb: serviceYear.wallMs <= duckdb.wallMs,
    yearServiceUnder1_5Gb: serviceRssMb < RSS_LIMIT_MB,
    yearServicePeakRssMb: serviceRssMb,
  };
  console.log('');
  for (const [name, m] of Object.entries({ duckdb, serviceYear })) {
    const extra = [m.note, m.otherRssMb ? `PostgreSQL processes' peak ${m.otherRssMb} MB` : ''].filter(Boolean).join('; ');
    console.log(
      `${name.padEnd(12)} ${String(Math.round(m.wallMs)).padStart(7)} ms  ${Math.round(rows / (m.wallMs / 1000)).toLocaleString('en-GB').padStart(11)} rows/s  ` +
        `CPU ${(m.cpuMs / 1000).toFixed(1).padStart(6)} s  peak RSS ${String(m.maxRssMb).padStart(5)} MB${extra ? `  (${extra})` : ''}`,
    );
  }
  console.log(
    `\n${rows.toLocaleString('en-GB')} rows, ${duckdb.aggregates!.groups.toLocaleString('en-GB')} aggregates; the service's stored aggregates ` +
      `equal DuckDB's row for row: ${equal}; service ${verdict.yearServiceVsDuckdb}× DuckDB (target ≤ 1×: ` +
      `${verdict.yearServiceWithinDuckdb ? 'met' : 'NOT met'}), every service process under 1.5 GB: ${verdict.yearServiceUnder1_5Gb} (${serviceRssMb} MB)`,
  );
  const slim = (m: Measure & { runsMs: number[] }) => ({ ...m, wallMs: Math.round(m.wallMs), cpuMs: Math.round(m.cpuMs), rowsPerSecond: Math.round(rows / (m.wallMs / 1000)) });
  const result = {
    files: { months: MONTHS, rows, bytes },
    machine: host,
    runs: RUNS,
    database: pg.embedded ? 'embedded' : 'DATABASE_URL',
    duckdb: slim(duckdb),
    serviceYear: slim(serviceYear),
    ...verdict,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
  if (!equal) process.exitCode = 1;
}

if (!measureChild(MEASURES)) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
