// npm run test:drills [-- --short] [-- --only TEXT[,TEXT…]] [-- --keep]
// Failure drills: the pipeline on a generated bundle, six services as child processes on the
// runner's own PostgreSQL and Redis, with workers killed, terminated, Redis and PostgreSQL
// restarted mid-run; each drill must still publish exactly what `nhsp compute` gives.
// --short (CI) strikes each worker type once; the full form repeats the kills three times.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monthsBetween, UPLOADED_FILES } from '../demo/client';
import { baseline, killEverything, killIngestionMidUpload, killWorkers, postgresRestart, redisRestart, sigtermWorker } from './drills';
import { failedJobsCli } from './failed-jobs-cli';
import { Drill, Shared, readCsvFile, runDrill } from './harness';
import { DrillRedis, ROOT, startPostgres } from './infra';

const CLI = join(ROOT, 'tools/cli/bin/nhsp.js');
const TRUSTS = 12;
const FROM = '2024-04';
const TO = '2025-09';
const PERIODS = monthsBetween('2025-04', TO);

function plan(short: boolean): Drill[] {
  // Short: every type struck once, all in one pipeline run (the clock of CI). Full: a baseline,
  // each type struck alone three times, then the combined strike.
  const rest = [sigtermWorker(false), sigtermWorker(true), redisRestart, postgresRestart, failedJobsCli];
  if (short) return [killEverything, ...rest];
  const kills = Array.from({ length: 3 }, () => [...killWorkers, killIngestionMidUpload]).flat();
  return [baseline, ...kills, killEverything, ...rest];
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const short = argv.includes('--short');
  const keep = argv.includes('--keep');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1]?.toLowerCase() : undefined;
  const began = Date.now();
  const say = (line: string) => console.log(line);
  const workDir = mkdtempSync(join(tmpdir(), 'nhsp-drills-'));
  chmodSync(workDir, 0o755); // as root, PostgreSQL runs as user postgres and must reach its data directory
  say(`[drills] ${short ? 'short' : 'full'} form; work directory ${workDir}`);
  process.env.ADMIN_API_KEY = `drill_${randomBytes(24).toString('hex')}`;

  const bundleDir = join(workDir, 'bundle');
  execFileSync(process.execPath, [CLI, 'generate', '--out', bundleDir, '--trusts', String(TRUSTS), '--from', FROM, '--to', TO], { cwd: ROOT, stdio: 'pipe' });
  const reference = new Map<string, Record<string, string>[]>();
  for (const period of PERIODS) {
    const out = join(workDir, 'reference', period);
    execFileSync(process.execPath, [CLI, 'compute', '--data', bundleDir, '--period', period, '--out', out], { cwd: ROOT, stdio: 'pipe' });
    reference.set(period, readCsvFile(join(out, 'estimates.csv')));
  }
  say(`[drills] bundle of ${TRUSTS} trusts ${FROM}..${TO}; reference computed for ${PERIODS.join(', ')}`);

  const pg = await startPostgres(workDir);
  const redis = await DrillRedis.start(workDir);
  say(`[drills] own PostgreSQL ${pg.url.replace(/:[^:@/]+@/, ':***@')}, own Redis ${redis.url} (AOF)`);
  const shared: Shared = {
    workDir,
    pg,
    redis,
    bundleDir,
    periods: PERIODS,
    trusts: TRUSTS,
    reference,
    expectedBatches: UPLOADED_FILES.filter((name) => existsSync(join(bundleDir, name))).length,
    env: {
      NODE_ENV: 'production',
      // The drills check every period published as its run completes (AUTO_PUBLISH is off by default).
      AUTO_PUBLISH: 'true',
      QUEUE_BACKEND: 'redis',
      REDIS_URL: redis.url,
      ADMIN_API_KEY: process.env.ADMIN_API_KEY,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: process.env.DRILL_LOG_LEVEL ?? 'warn',
      SWAGGER: 'false',
      DB_POOL_SIZE: '3',
      WORKER_CONCURRENCY: '2',
      // A killed worker's job comes back after the lock lapses and a stalled check sees it.
      JOB_LOCK_MS: '4000',
      JOB_STALLED_INTERVAL_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: '8000',
    },
  };

  let passed = 0;
  let failed = 0;
  try {
    for (const [i, drill] of plan(short).entries()) {
      if (only && !only.split(',').some((part) => drill.name.toLowerCase().includes(part))) continue;
      const started = Date.now();
      say(`\n[drill ${i + 1}] ${drill.name}`);
      try {
        const notes = await runDrill(shared, drill, say);
        const checked = notes.find((n) => n.startsWith('checked:'));
        if (checked) say(`  ${checked}`);
        say(`  PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        passed++;
      } catch (error) {
        say(`  FAIL (${((Date.now() - started) / 1000).toFixed(1)} s): ${(error as Error).message}`);
        if (process.env.DRILL_DEBUG) say((error as Error).stack ?? '');
        failed++;
      }
    }
  } finally {
    await redis.stop().catch(() => undefined);
    await pg.remove().catch(() => undefined);
    if (!keep && failed === 0) rmSync(workDir, { recursive: true, force: true });
  }
  say(`\n[drills] ${short ? 'short' : 'full'} form took ${((Date.now() - began) / 1000).toFixed(0)} s${failed ? `; logs kept in ${workDir}` : ''}`);
  say(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[drills] could not run: ${error.stack ?? error.message}`);
    console.error('0 passed, 1 failed');
    process.exit(1);
  },
);
