// A release's own copy of everything it publishes (issue 12.1, "a published release is one read
// model"): the run's estimates, aggregates, benchmarks, contributions, plan view and packs, and
// ingestion's notifications as they stood, taken from the owners' read-only views when the
// release is assembled, inside the transaction that inserts the release: a published release
// never changes when a source view does, and its rows exist exactly when the release does. This
// file is the only reader of other services' views in publication (docs/services-design.md,
// "The plan view and the packs between services"); the /v1 API, the report and the downloads
// read the copy. A view that is not there (an older deployment of its owner) leaves that part of
// the release empty.
import type { DataSource, EntityManager } from 'typeorm';
import { Month } from '@nhsp/domain';
import type { ReleaseManifest } from '@nhsp/persistence';
import { STABILITY_NATIONAL_ROW } from '@nhsp/data-contract';

/** Aggregate levels, then trusts, in the order `nhsp compute` writes targets.csv and index.csv (planView). */
const LEVEL_ORDER = `CASE level WHEN 'national' THEN 0 WHEN 'peer_group' THEN 1 WHEN 'region' THEN 2 WHEN 'sector' THEN 3 ELSE 4 END`;

export interface SnapshotCounts {
  targets: number;
  index: number;
  stability: number;
  sensitivity: number;
  opportunities: number;
  indicators: number;
}

/** A connection or a transaction: what runs the copy. */
type Queryable = Pick<EntityManager, 'query'>;

/** Whether the owners' views (and a view's column) are there: asked of PostgreSQL each time, or remembered (SourceCatalog). */
export interface ViewCatalog {
  exists(tx: Queryable, view: string): Promise<boolean>;
  hasColumn(tx: Queryable, view: string, column: string): Promise<boolean>;
}

/** Asks PostgreSQL every time. */
export const LIVE_CATALOG: ViewCatalog = {
  exists: async (tx, view) => (await tx.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [view]))[0].exists,
  hasColumn: async (tx, view, column) =>
    (await tx.query(
      `SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND attnum > 0 AND NOT attisdropped) AS has`,
      [view, column],
    ))[0].has,
};

/**
 * Remembers each view (and view column) once PostgreSQL has said it is there; one not there is
 * asked about again every time, so an owner's view that arrives later (its newer deployment) is
 * copied from the next release on. Assembling a release asked sixteen catalog questions with the
 * same answers every time, 84 times over in a whole-history recompute. `forget` after a failed
 * assembly: a view that has gone is then looked for again on the retry.
 */
export class SourceCatalog implements ViewCatalog {
  private readonly seen = new Set<string>();

  async exists(tx: Queryable, view: string): Promise<boolean> {
    return this.remembered(view, () => LIVE_CATALOG.exists(tx, view));
  }

  async hasColumn(tx: Queryable, view: string, column: string): Promise<boolean> {
    return this.remembered(`${view}\u0000${column}`, () => LIVE_CATALOG.hasColumn(tx, view, column));
  }

  forget(): void {
    this.seen.clear();
  }

  private async remembered(key: string, ask: () => Promise<boolean>): Promise<boolean> {
    if (this.seen.has(key)) return true;
    const there = await ask();
    if (there) this.seen.add(key);
    return there;
  }
}

/** Rows a statement inserted (pg's rowCount, as TypeORM hands it back for INSERT … SELECT). */
async function inserted(tx: Queryable, sql: string, params: unknown[]): Promise<number> {
  const result = await tx.query(`WITH copied AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM copied`, params);
  return result[0].n;
}

/**
 * Copies the run's rows into the release's tables. `on_track` and `in_progress` are read as
 * text and compared, so a view that hands them over as text or boolean reads the same.
 */
export async function copyPlanAndPacks(tx: EntityManager, releaseId: string, runId: string, period: string, catalog: ViewCatalog = LIVE_CATALOG): Promise<SnapshotCounts> {
  const exists = (q: Queryable, view: string) => catalog.exists(q, view);
  const counts: SnapshotCounts = { targets: 0, index: 0, stability: 0, sensitivity: 0, opportunities: 0, indicators: 0 };
  const params = [releaseId, runId];
  if (await exists(tx, 'productivity.v_targets')) {
    counts.targets = await inserted(tx,
      `INSERT INTO publication.release_target
         SELECT $1::uuid, row_number() OVER (ORDER BY ${LEVEL_ORDER}, group_name COLLATE "C")::int, level, group_name, period,
                productivity_growth::numeric, target::numeric, on_track::text IN ('true', 't'),
                required_output_growth_rest::numeric, required_productivity_growth_rest::numeric,
                savings_needed_gbp::numeric, projected_full_year_growth::numeric
           FROM productivity.v_targets WHERE run_id = $2::uuid`, params);
  }
  if (await exists(tx, 'productivity.v_index')) {
    counts.index = await inserted(tx,
      `INSERT INTO publication.release_index
         SELECT $1::uuid, row_number() OVER (ORDER BY ${LEVEL_ORDER}, group_name COLLATE "C", in_progress::text IN ('true', 't'), year COLLATE "C")::int,
                level, group_name, year, output_growth::numeric, input_growth::numeric, productivity_growth::numeric,
                index_value::numeric, in_progress::text IN ('true', 't')
           FROM productivity.v_index WHERE run_id = $2::uuid`, params);
  }
  if (await exists(tx, 'productivity.v_stability')) {
    counts.stability = await inserted(tx,
      `INSERT INTO publication.release_stability
         SELECT $1::uuid, row_number() OVER (ORDER BY org_code COLLATE "C")::int, org_code, period, false,
                productivity_growth::numeric, month_move::numeric, band::numeric, revision_range::numeric
           FROM productivity.v_stability WHERE run_id = $2::uuid`, params);
    // stability.csv always ends with England's row, rank_stability in band (empty where there is none).
    const rank = (await exists(tx, 'productivity.v_rank_stability'))
      ? `(SELECT rank_stability::numeric FROM productivity.v_rank_stability WHERE run_id = $2::uuid LIMIT 1)`
      : 'NULL::numeric';
    counts.stability += await inserted(tx,
      `INSERT INTO publication.release_stability
         SELECT $1::uuid, $3::int, $4, $5, true, NULL, NULL, ${rank}, NULL`,
      [...params, counts.stability + 1, STABILITY_NATIONAL_ROW, period]);
  }
  counts.sensitivity = await copySensitivity(tx, releaseId, runId, catalog);
  if (await exists(tx, 'benchmarking.v_opportunities')) {
    counts.opportunities = await inserted(tx,
      `INSERT INTO publication.release_opportunity
         SELECT $1::uuid, row_number() OVER (ORDER BY seq)::int, period, org_code, sector, metric, dimension,
                value::numeric, benchmark::numeric, benchmark_group, opportunity_units::numeric, unit,
                opportunity_gbp::numeric, missing
           FROM benchmarking.v_opportunities WHERE run_id = $2::uuid`, params);
  }
  if (await exists(tx, 'benchmarking.v_indicators')) {
    counts.indicators = await inserted(tx,
      `INSERT INTO publication.release_indicator
         SELECT $1::uuid, row_number() OVER (ORDER BY seq)::int, period, level, group_name, indicator, "window",
                base::numeric, current::numeric, change::numeric, change_kind
           FROM benchmarking.v_indicators WHERE run_id = $2::uuid`, params);
  }
  return counts;
}

/** The views copyPlanAndPacks copies from, by the count each gives the manifest. */
const PLAN_AND_PACK_VIEWS: ReadonlyArray<[keyof SnapshotCounts, string]> = [
  ['targets', 'productivity.v_targets'], ['index', 'productivity.v_index'], ['stability', 'productivity.v_stability'],
  ['sensitivity', 'productivity.v_sensitivity'], ['opportunities', 'benchmarking.v_opportunities'], ['indicators', 'benchmarking.v_indicators'],
];

/**
 * The rows copyPlanAndPacks would copy for the run as the owners' views hold it now (stability
 * with England's row), counted before the release is inserted so that its manifest is written
 * once: rewriting it afterwards to add the copy's counts cost PostgreSQL more than copying the
 * estimates (the manifest holds every submission hash of the run, hundreds of KB). Where the
 * copy's own counts differ (the owners' rows changed in between) they replace these
 * (sameCounts, ReleaseAssembly).
 */
export async function planAndPackCounts(db: Queryable, runId: string, catalog: ViewCatalog = LIVE_CATALOG): Promise<SnapshotCounts> {
  const counts: SnapshotCounts = { targets: 0, index: 0, stability: 0, sensitivity: 0, opportunities: 0, indicators: 0 };
  const present: Array<[keyof SnapshotCounts, string]> = [];
  for (const [key, view] of PLAN_AND_PACK_VIEWS) if (await catalog.exists(db, view)) present.push([key, view]);
  if (present.length === 0) return counts;
  const [row] = await db.query(
    `SELECT ${present.map(([key, view]) => `(SELECT count(*) FROM ${view} WHERE run_id = $1::uuid)::int AS "${key}"`).join(', ')}`,
    [runId],
  );
  for (const [key] of present) counts[key] = row[key];
  if (present.some(([key]) => key === 'stability')) counts.stability += 1;
  return counts;
}

export const sameCounts = (a: SnapshotCounts, b: SnapshotCounts): boolean =>
  PLAN_AND_PACK_VIEWS.every(([key]) => a[key] === b[key]);

/**
 * The run's method sensitivity, copied into the release if the release has none yet; the rows
 * copied. Productivity computes it after the run, at low priority (sensitivity.requested.v1),
 * and stores a run's sensitivity once, whole, in one transaction: so it usually arrives after
 * the release was assembled, and is copied the first time it is asked for after it exists
 * (sensitivityOf). Once copied it never changes, like the rest of the release.
 */
async function copySensitivity(db: Queryable, releaseId: string, runId: string, catalog: ViewCatalog = LIVE_CATALOG): Promise<number> {
  if (!(await catalog.exists(db, 'productivity.v_sensitivity'))) return 0;
  return inserted(db,
    `INSERT INTO publication.release_sensitivity
       SELECT $1::uuid, org_code, variant, productivity_growth::numeric, spread::numeric
         FROM productivity.v_sensitivity
        WHERE run_id = $2::uuid AND NOT EXISTS (SELECT 1 FROM publication.release_sensitivity WHERE release_id = $1::uuid)
       ON CONFLICT DO NOTHING`,
    [releaseId, runId]);
}

/** Whether the release holds its run's sensitivity, copying it first when it has come since the release was assembled. */
export async function sensitivityOf(db: Queryable, release: { id: string; runId: string }): Promise<boolean> {
  await copySensitivity(db, release.id, release.runId);
  const [row] = await db.query(`SELECT EXISTS (SELECT 1 FROM publication.release_sensitivity WHERE release_id = $1) AS held`, [release.id]);
  return row.held;
}

/** The run as productivity's view holds it, and the weight and deflator sets its inputs name (null where they name none). */
export interface SourceRun {
  id: string;
  period: string;
  vintage: string;
  weightSetId: unknown;
  deflatorSetId: unknown;
}

/** Why a run cannot be assembled: productivity holds no such run. */
export const runNotInSource = (runId: string) => `run ${runId} is not in productivity.v_runs`;

/** The first of these keys the run's inputs hold (its value, JSON null included), else null. */
const inputsKey = (keys: string[]) =>
  `CASE WHEN jsonb_typeof(inputs::jsonb) = 'object' THEN CASE ${keys.map((k) => `WHEN inputs::jsonb ? '${k}' THEN inputs::jsonb->'${k}'`).join(' ')} END END`;

export async function sourceRun(db: Queryable, runId: string): Promise<SourceRun | null> {
  const rows = await db.query(
    `SELECT id::text, period, vintage, ${inputsKey(['weightSetId', 'weight_set_id'])} AS "weightSetId",
            ${inputsKey(['deflatorSetId', 'deflator_set_id'])} AS "deflatorSetId"
       FROM productivity.v_runs WHERE id::text = $1`,
    [runId],
  );
  return rows[0] ?? null;
}

/** The manifest's fields publication assembles; the run's own (settings, inputs, fingerprint, created) insertDraft takes from productivity's view. */
export type AssembledManifest = Omit<ReleaseManifest, 'settings' | 'inputs' | 'inputFingerprint' | 'runCreatedAt'>;

/**
 * The run's draft release, its manifest these fields and the run's settings, inputs, input
 * fingerprint and creation time as productivity's view holds them, put together in PostgreSQL:
 * the inputs are every submission hash of the run (440 KB on average), which passing through
 * JavaScript parsed and serialised again, and PostgreSQL parsed once more, for the same jsonb.
 * Undefined when the run already has a release (a concurrent assembly waits on the unique
 * run_id, then inserts nothing).
 */
export async function insertDraft(tx: Queryable, run: SourceRun, manifest: AssembledManifest): Promise<{ id: string } | undefined> {
  const [created] = await tx.query(
    `INSERT INTO publication.release (run_id, period, vintage, status, manifest)
     SELECT $1, $2, $3, 'draft', $4::jsonb || jsonb_build_object('settings', r.settings, 'inputs', r.inputs,
              'inputFingerprint', r.input_fingerprint, 'runCreatedAt', to_json(r.created_at)#>>'{}')
       FROM productivity.v_runs r WHERE r.id::text = $1
     ON CONFLICT (run_id) DO NOTHING RETURNING id`,
    [run.id, run.period, run.vintage, JSON.stringify(manifest)],
  );
  return created;
}

/** How many rows the owners hold for the run (the manifest's counts). */
export async function sourceCounts(db: Queryable, runId: string): Promise<{ estimates: number; aggregates: number; benchmarks: number }> {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM productivity.v_estimates WHERE run_id = $1::uuid)::int AS estimates,
            (SELECT count(*) FROM productivity.v_aggregates WHERE run_id = $1::uuid)::int AS aggregates,
            (SELECT count(*) FROM benchmarking.v_benchmarks WHERE run_id = $1::uuid)::int AS benchmarks`,
    [runId],
  );
  return row;
}

const MEASURES = `cwa_base::numeric, cwa_current::numeric, output_growth::numeric, real_spend_base::numeric,
  real_spend_current::numeric, input_growth::numeric, productivity_growth::numeric`;

/**
 * The months whose notifications a release of the period keeps besides those its run cites:
 * the financial year to date and the same months a year earlier (the months its figures compare).
 */
export function periodMonths(period: string): string[] {
  const end = Month.parse(period);
  const months: string[] = [];
  for (let m = Month.of(end.financialYear.startYear, 4); m.compare(end) <= 0; m = m.plus(1)) months.push(m.toString(), m.plus(-12).toString());
  return months;
}

/**
 * Copies the run's figures into the release and marks its copy complete (release_snapshot).
 * Each list keeps the order /v1 publishes it in as `seq`. A view without the estimate's detail
 * gives null; a notification's status and note are read through to_jsonb, so one without them
 * gives null too.
 * Notifications: ingestion's rows the run's inputs (the release's manifest) or its estimates'
 * detail cite, and every trust's others about the period's months, with their status as it is
 * now; a published page shows the status as at its release's assembly (it never changes after).
 */
export async function copyReadModel(tx: Queryable, releaseId: string, runId: string, period: string, catalog: ViewCatalog = LIVE_CATALOG): Promise<void> {
  const exists = (q: Queryable, view: string) => catalog.exists(q, view);
  const params = [releaseId, runId];
  // The detail as stored, when the view has it: through to_jsonb(e) each row was turned whole into
  // JSON and its detail compressed again on insert (three quarters of the estimates' copy).
  const detail = (await catalog.hasColumn(tx, 'productivity.v_estimates', 'detail')) ? 'e.detail::jsonb' : 'NULL::jsonb';
  await tx.query(
    `INSERT INTO publication.release_estimate
       SELECT $1::uuid, row_number() OVER (ORDER BY org_code COLLATE "C")::int, org_code, name, sector, region, peer_group,
              months::int, status, ${MEASURES}, flags, ${detail}
         FROM productivity.v_estimates e WHERE run_id = $2::uuid`, params);
  await tx.query(
    `INSERT INTO publication.release_aggregate
       SELECT $1::uuid, row_number() OVER (ORDER BY ${LEVEL_ORDER}, group_name COLLATE "C")::int, level, group_name, trusts::int, ${MEASURES}
         FROM productivity.v_aggregates WHERE run_id = $2::uuid`, params);
  await tx.query(
    `INSERT INTO publication.release_benchmark
       SELECT $1::uuid, row_number() OVER (ORDER BY org_code COLLATE "C", peer_group COLLATE "C", metric COLLATE "C")::int,
              org_code, peer_group, group_kind, metric, value::numeric, benchmark::numeric, opportunity_gbp::numeric,
              opportunity_units::numeric, score::numeric, rank::int, group_size::int
         FROM benchmarking.v_benchmarks WHERE run_id = $2::uuid`, params);
  const contributions = await exists(tx, 'productivity.v_contributions');
  if (contributions) {
    await tx.query(
      `INSERT INTO publication.release_contribution
         SELECT $1::uuid, row_number() OVER (ORDER BY org_code COLLATE "C", side DESC, component COLLATE "C")::int,
                org_code, side, component, base::numeric, current::numeric, contribution::numeric
           FROM productivity.v_contributions WHERE run_id = $2::uuid`, params);
  }
  if (await exists(tx, 'ingestion.v_notifications')) {
    const list = (json: string) => `jsonb_array_elements(CASE jsonb_typeof(${json}) WHEN 'array' THEN ${json} ELSE '[]'::jsonb END)`;
    await tx.query(
      `WITH cited AS (
         SELECT n->>'id' AS id FROM publication.release r CROSS JOIN LATERAL ${list(`r.manifest->'inputs'->'notifications'`)} n WHERE r.id = $1::uuid
         UNION SELECT n->>'id' FROM publication.release_estimate e CROSS JOIN LATERAL ${list(`e.detail->'notifications'`)} n WHERE e.release_id = $1::uuid)
       INSERT INTO publication.release_notification
       SELECT $1::uuid, row_number() OVER (ORDER BY n.org_code COLLATE "C", n.month COLLATE "C", n.id::text)::int, n.id::text,
              n.org_code, n.month, n.category, n.text, to_json(n.raised_at)#>>'{}', to_jsonb(n)->>'status', to_jsonb(n)->>'status_note'
         FROM ingestion.v_notifications n
        WHERE n.id::text IN (SELECT id FROM cited WHERE id IS NOT NULL) OR n.month = ANY($2::text[])`,
      [releaseId, periodMonths(period)]);
  }
  await tx.query(`INSERT INTO publication.release_snapshot (release_id, contributions) VALUES ($1, $2)`, [releaseId, contributions]);
}

/**
 * Makes sure each release of these runs holds its copy: a release assembled before the copy
 * held its figures (or inserted by other means) gets it from the owners' views now, once, the
 * first time it is read; a concurrent first read waits on the lock and then finds it held.
 * Returns the runs whose release holds it (a run without a release has none).
 */
export async function holdReadModel(db: Pick<DataSource, 'query' | 'transaction'>, runIds: string[]): Promise<string[]> {
  if (runIds.length === 0) return [];
  const releases: Array<{ id: string; run_id: string; period: string; held: boolean }> = await db.query(
    `SELECT r.id, r.run_id, r.period, s.release_id IS NOT NULL AS held
       FROM publication.release r LEFT JOIN publication.release_snapshot s ON s.release_id = r.id
      WHERE r.run_id = ANY($1::text[])`,
    [runIds],
  );
  for (const release of releases.filter((r) => !r.held)) {
    await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('publication.release_snapshot:' || $1))`, [release.id]);
      const [copied] = await tx.query(`SELECT 1 FROM publication.release_snapshot WHERE release_id = $1`, [release.id]);
      if (!copied) await copyReadModel(tx, release.id, release.run_id, release.period);
    });
  }
  return releases.map((r) => r.run_id);
}
