// What bench:ingest and bench:ingest-year share: the aggregates every way of reading is compared
// by, the per-process measure (wall, CPU, peak RSS), the ingestion service booted in the
// measuring process, the machine, and running a measure in a fresh process.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

export const ROOT = resolve(__dirname, '../../..');
export const MB = 1024 * 1024;
/** Every process of the service path (Node, its worker threads, PostgreSQL) must stay below this. */
export const RSS_LIMIT_MB = 1536;

/** What each way of reading made of the file(s), compared across ways. */
export interface Aggregates {
  groups: number;
  count: number;
  bedDays: number;
  /** sha1 of the sorted `org|month|pod|currency|count|bed_days` lines. */
  digest: string;
}

export interface Measure {
  wallMs: number;
  /** CPU time of the process (all threads) over the timed part: a figure the machine's load hardly moves. */
  cpuMs: number;
  maxRssMb: number;
  aggregates?: Aggregates;
  note?: string;
  /** Peak RSS of other processes involved (PostgreSQL backends and background processes). */
  otherRssMb?: number;
}

export interface Row {
  orgCode: string;
  month: string;
  pod: string;
  currency: string;
  count: number | bigint;
  bedDays: number | bigint | null;
}

export function aggregatesOf(rows: Row[]): Aggregates {
  const lines = rows.map((r) => `${r.orgCode}|${r.month}|${r.pod}|${r.currency}|${r.count}|${r.bedDays ?? ''}`).sort();
  return {
    groups: rows.length,
    count: rows.reduce((sum, r) => sum + Number(r.count), 0),
    bedDays: rows.reduce((sum, r) => sum + Number(r.bedDays ?? 0), 0),
    digest: createHash('sha1').update(lines.join('\n')).digest('hex'),
  };
}

export const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** Starts a stopwatch for wall and CPU time. */
export function stopwatch(): () => { wallMs: number; cpuMs: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
}

/** DuckDB's aggregation of activity_records.csv file(s) to trust × month × POD × currency: the yardstick. */
export async function duckdbAggregates(files: string[]): Promise<Measure> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const stop = stopwatch();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const list = files.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ');
  const reader = await connection.runAndReadAll(`
    SELECT upper(trim(org_code)) AS "orgCode", strftime(date, '%Y-%m') AS month, upper(trim(pod)) AS pod,
           upper(trim(currency)) AS currency, count(*) AS count, sum(los_days) AS "bedDays"
    FROM read_csv([${list}], header = true,
      columns = {'org_code': 'VARCHAR', 'date': 'DATE', 'pod': 'VARCHAR', 'currency': 'VARCHAR', 'los_days': 'BIGINT'})
    GROUP BY ALL`);
  const rows = reader.getRowObjects() as unknown as Row[];
  const timed = stop();
  connection.closeSync();
  return { ...timed, maxRssMb: peakRssMb(), aggregates: aggregatesOf(rows) };
}

export type Send = (url: string, headers: { authorization: string }) => Promise<{ status: number; body: string }>;

/**
 * Boots the ingestion service in this process (its own database), times `send` until stored,
 * reads back what was stored, and the peak RSS of the PostgreSQL processes that served it.
 */
export async function throughService(send: Send): Promise<Measure> {
  const { startTestService } = await import('@nhsp/testing');
  const { AppModule } = await import('../../../apps/ingestion/src/app.module');
  const { configSchema } = await import('../../../apps/ingestion/src/config');
  const { Client } = await import('pg');
  const adminKey = randomBytes(24).toString('hex');
  const uploads = join(ROOT, 'tmp/bench/uploads');
  // Folder submissions lie below tmp/bench: folder reads are confined to DATA_ROOTS.
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
    // This database's backends, and the server's own processes (checkpointer, WAL writer, …),
    // which the writes of the ingestion also pass through.
    const backends = await db.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR backend_type <> 'client backend'`,
    );
    const otherRssMb = Math.max(0, ...backends.rows.map((row) => procPeakRssMb(row.pid) ?? 0));
    return { ...timed, maxRssMb: peakRssMb(), aggregates: aggregatesOf(stored.rows), otherRssMb };
  } finally {
    await db.end().catch(() => undefined);
    await svc.stop();
    rmSync(uploads, { recursive: true, force: true });
  }
}

/** Peak RSS (VmHWM) of a process on this machine, if it can be read. */
export function procPeakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Runs `script --measure NAME` in a fresh process, so that its peak RSS is its own. */
export function runMeasure(script: string, name: string, env: NodeJS.ProcessEnv): Measure {
  const child = spawnSync(process.execPath, [...process.execArgv, script, '--measure', name], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('MEASURE '));
  if (child.status !== 0 || !line) throw new Error(`measure ${name} failed (${child.status}):\n${child.stderr}${child.stdout}`);
  return JSON.parse(line.slice('MEASURE '.length));
}

/** In a `--measure NAME` child: runs that measure and prints it; returns false in the parent. */
export function measureChild(measures: Record<string, () => Promise<Measure>>): boolean {
  const measureAt = process.argv.indexOf('--measure');
  if (measureAt < 0) return false;
  const name = process.argv[measureAt + 1];
  const measure = measures[name];
  if (!measure) throw new Error(`no measure ${name}`);
  measure()
    .then((m) => console.log(`MEASURE ${JSON.stringify(m)}`))
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
  return true;
}

export function machine() {
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

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Generates one national month of record-level activity into `dir` unless it is there already. */
export function ensureNationalMonth(dir: string, month: string): void {
  if (existsSync(join(dir, 'activity_records.csv')) && existsSync(join(dir, 'trusts.csv'))) return;
  console.log(`generating one national month into ${dir} …`);
  mkdirSync(dir, { recursive: true });
  const cli = join(ROOT, 'tools/cli/bin/nhsp.js');
  const generate = spawnSync(process.execPath, [cli, 'generate', '--out', dir, '--from', month, '--to', month, '--records'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (generate.status !== 0) throw new Error(`generate ${month} failed`);
}
