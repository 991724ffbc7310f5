// Publication with periods of the golden history bundle published, for the specs that compare its
// answers over real computed figures (20 trusts, real names, nulls and tied scores): each period
// is computed by `nhsp compute`, its estimates, aggregates and benchmarks put into the stand-in
// views (stand-in-views.ts), its plan view and packs through plan-pack-stand-ins.ts, and its
// release assembled and published; an analyst key is made for the key holder's (routed) answers.
// What one spec needs beyond that (rows in reverse, the values it builds its URLs from) it asks
// for through the options.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { TestService, waitFor, withClient } from '@nhsp/testing';
import { PublishedReleases } from '../src/quick-reads/published-releases';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { computeGoldenPeriod, GOLDEN_HISTORY_BUNDLE, loadComputedPlanAndPacks, PLAN_PACK_STAND_IN_DDL } from './plan-pack-stand-ins';
import { rawRequest } from './raw-http';
import { startPublication } from './start-publication';

export type CsvRow = Record<string, string>;

/** A computed (or bundle) CSV file's rows by column name. */
export const readCsv = (file: string): CsvRow[] => parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as CsvRow[];
const v = (s: string | undefined) => (s === undefined || s === '' ? null : s);

export interface GoldenHistoryOptions {
  /** The spec's name: its admin key, its analyst key's name and its temporary folder are named after it. */
  name: string;
  /** The service's environment beyond GOLDEN_HISTORY_ENV (CACHE_MAX_AGE, say). */
  env?: Record<string, string>;
  /** The periods published, in this order; the last is the latest release. */
  periods: readonly string[];
  /** Estimates and aggregates go into the views in reverse, so an answer's order must come from its query. */
  reversed?: boolean;
  /** opportunity_units of the benchmark on line `at` of benchmarks.csv (null when not given). */
  opportunityUnits?: (at: number) => string | null;
  /** Each estimate of the latest period, in the order inserted, with the region trusts.csv gives its trust. */
  onLatestEstimate?: (estimate: CsvRow, region: string) => void;
  /** Each benchmark of every period. */
  onBenchmark?: (benchmark: CsvRow) => void;
  /** Each period's computed folder, once its plan view and packs are in the views, before it is published. */
  onComputed?: (dir: string) => void;
}

export interface GoldenHistory {
  svc: TestService;
  /** An analyst's key: a request with it goes the routed way. */
  key: string;
  /** Stops the service and removes the computed files. */
  stop(): Promise<void>;
}

/**
 * What publishing the history needs of the service: no publication of its own (the releases are
 * published here), the admin API for the analyst key, and no access cache or rate limit that
 * would make one request answer unlike the next.
 */
const GOLDEN_HISTORY_ENV = { AUTO_PUBLISH: 'false', ACCESS_ADMIN_API: 'true', ACCESS_CACHE_MS: '0', RATE_LIMIT_PER_MINUTE: '0' };

/** Publication started, the golden periods published, and the quick path knowing the latest release. */
export async function startWithGoldenHistory(options: GoldenHistoryOptions): Promise<GoldenHistory> {
  const adminKey = `${options.name}-spec-admin-key-0123456789`;
  const svc = await startPublication({ ...GOLDEN_HISTORY_ENV, ADMIN_API_KEY: adminKey, ...options.env }, PLAN_PACK_STAND_IN_DDL);
  const work = mkdtempSync(join(tmpdir(), `${options.name}-spec-`));
  const stop = async () => {
    await svc.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const created = await rawRequest(svc.url, '/admin/api-keys', {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `${options.name} analyst`, role: 'analyst' }),
    });
    const key: string = JSON.parse(created.body.toString()).key;
    const regions = new Map(readCsv(join(GOLDEN_HISTORY_BUNDLE, 'trusts.csv')).map((t) => [t.org_code, t.region]));
    let latest = '';
    for (const period of options.periods) {
      computeGoldenPeriod(period, join(work, period));
      latest = await publishComputed(svc, options, period, join(work, period), regions);
    }
    await waitFor(() => svc.app.get(PublishedReleases).choose({})?.runId === latest, { description: 'the quick path knows the latest release' });
    return { svc, key, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One computed period into the stand-in views, then assembled and published; its run id. */
async function publishComputed(svc: TestService, options: GoldenHistoryOptions, period: string, dir: string, regions: Map<string, string>): Promise<string> {
  const inOrder = (rows: CsvRow[]) => (options.reversed ? rows.reverse() : rows);
  const latest = period === options.periods[options.periods.length - 1];
  const runId = randomUUID();
  await withClient(svc.database.url, async (c) => {
    await c.query(`INSERT INTO productivity.v_runs VALUES ($1, $2, 'provisional', '{}', '{}', $3, now())`, [runId, period, `fp-${runId}`]);
    for (const e of inOrder(readCsv(join(dir, 'estimates.csv')))) {
      const region = regions.get(e.org_code) ?? 'Unknown';
      await c.query(`INSERT INTO productivity.v_estimates VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`, [
        runId, e.org_code, e.name, e.sector, region, e.peer_group, e.months, e.flags.includes('MISSING') ? 'missing_data' : 'valid',
        v(e.cwa_base), v(e.cwa_current), v(e.output_growth), v(e.real_spend_base), v(e.real_spend_current), v(e.input_growth), v(e.productivity_growth),
        e.flags ? e.flags.split('|') : []]);
      if (latest) options.onLatestEstimate?.(e, region);
    }
    for (const a of inOrder(readCsv(join(dir, 'aggregates.csv')))) {
      await c.query(`INSERT INTO productivity.v_aggregates VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`, [
        runId, a.level, a.group, a.trusts, v(a.cwa_base), v(a.cwa_current), v(a.output_growth), v(a.real_spend_base), v(a.real_spend_current), v(a.input_growth), v(a.productivity_growth)]);
    }
    const benchmarks = readCsv(join(dir, 'benchmarks.csv'));
    for (const [at, b] of benchmarks.entries()) {
      const peers = benchmarks.filter((p) => p.metric === b.metric && p.peer_group === b.peer_group);
      // A rank with ties and gaps, null without a score: something for sort=rank to order.
      const rank = b.score === '' ? null : peers.filter((p) => p.score !== '' && Number(p.score) > Number(b.score)).length + 1;
      options.onBenchmark?.(b);
      await c.query(`INSERT INTO benchmarking.v_benchmarks VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`, [
        runId, b.org_code, b.peer_group, 'peer_group', b.metric, v(b.value), v(b.benchmark), v(b.opportunity_gbp), options.opportunityUnits?.(at) ?? null, v(b.score), rank, peers.length]);
    }
  });
  await loadComputedPlanAndPacks(svc.database.url, runId, period, dir);
  options.onComputed?.(dir);
  await svc.app.get(ReleasePublishing).publish((await svc.app.get(ReleaseAssembly).assemble(runId)).id);
  return runId;
}
