// A release's own copy of the run's plan view and packs (docs/services-design.md, "The plan view
// and the packs between services"), taken from the owners' read-only views when the release is
// assembled, inside the transaction that inserts the release: a published release never changes
// when a source view does, and its rows exist exactly when the release does. A view that is not
// there (an older deployment of its owner) leaves that part of the release empty.
import type { EntityManager } from 'typeorm';
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

const exists = async (tx: Queryable, view: string): Promise<boolean> =>
  (await tx.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [view]))[0].exists;

/** Rows a statement inserted (pg's rowCount, as TypeORM hands it back for INSERT … SELECT). */
async function inserted(tx: Queryable, sql: string, params: unknown[]): Promise<number> {
  const result = await tx.query(`WITH copied AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM copied`, params);
  return result[0].n;
}

/**
 * Copies the run's rows into the release's tables. `on_track` and `in_progress` are read as
 * text and compared, so a view that hands them over as text or boolean reads the same.
 */
export async function copyPlanAndPacks(tx: EntityManager, releaseId: string, runId: string, period: string): Promise<SnapshotCounts> {
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
  counts.sensitivity = await copySensitivity(tx, releaseId, runId);
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

/**
 * The run's method sensitivity, copied into the release if the release has none yet; the rows
 * copied. Productivity computes it after the run, at low priority (sensitivity.requested.v1),
 * and stores a run's sensitivity once, whole, in one transaction: so it usually arrives after
 * the release was assembled, and is copied the first time it is asked for after it exists
 * (sensitivityOf). Once copied it never changes, like the rest of the release.
 */
async function copySensitivity(db: Queryable, releaseId: string, runId: string): Promise<number> {
  if (!(await exists(db, 'productivity.v_sensitivity'))) return 0;
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
