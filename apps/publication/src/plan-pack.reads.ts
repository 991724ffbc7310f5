// Reads of a release's own copy of the plan view and packs (publication.release_*, copied at
// assembly by release-snapshot.ts). Measures come back as text (exact decimals); lists keep the
// order `nhsp compute` writes its files in (seq) unless a sort is asked for.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sensitivityOf } from './release-snapshot';
import type { IndexRow, IndicatorViewRow, OpportunityViewRow, RankStabilityRow, SensitivityRow, StabilityRow, TargetRow } from './report/plan-types';
import { Page, PageRequest, SourceViews, whereEqual } from './source-views';

export interface TargetRecord {
  level: string;
  group: string;
  period: string;
  productivity_growth: string | null;
  target: string | null;
  on_track: boolean;
  required_output_growth_rest: string | null;
  required_productivity_growth_rest: string | null;
  savings_needed_gbp: string | null;
  projected_full_year_growth: string | null;
}

export interface IndexRecord {
  level: string;
  group: string;
  year: string;
  output_growth: string | null;
  input_growth: string | null;
  productivity_growth: string | null;
  index: string | null;
  in_progress: boolean;
}

export interface StabilityRecord {
  org_code: string;
  period: string;
  national: boolean;
  productivity_growth: string | null;
  month_move: string | null;
  band: string | null;
  revision_range: string | null;
}

export interface SensitivityRecord {
  org_code: string;
  /** Variant name → productivity growth under it (null: no estimate under the variant). */
  growth: Record<string, string | null>;
  spread: string | null;
}

export interface OpportunityRecord {
  org_code: string;
  period: string;
  sector: string;
  metric: string;
  dimension: string | null;
  value: string | null;
  benchmark: string | null;
  benchmark_group: string | null;
  opportunity_units: string | null;
  unit: string | null;
  opportunity_gbp: string | null;
  missing: string | null;
}

export interface IndicatorRecord {
  level: string;
  group: string;
  period: string;
  indicator: string;
  window: string;
  base: string | null;
  current: string | null;
  change: string | null;
  change_kind: string;
}

const numeric = (columns: string[]) => Object.fromEntries(columns.map((c) => [c, `q."${c}"::numeric`]));
const text = (columns: string[]) => Object.fromEntries(columns.map((c) => [c, `q."${c}" COLLATE "C"`]));

/** Columns each list may be sorted by (`sort=`), as SQL over the list query. */
export const PLAN_PACK_SORTABLE = {
  targets: {
    ...text(['level', 'group']), on_track: 'q.on_track',
    ...numeric(['productivity_growth', 'required_output_growth_rest', 'required_productivity_growth_rest', 'savings_needed_gbp', 'projected_full_year_growth']),
  },
  index: { ...text(['level', 'group', 'year']), ...numeric(['output_growth', 'input_growth', 'productivity_growth', 'index']) },
  stability: { ...text(['org_code']), ...numeric(['productivity_growth', 'month_move', 'band', 'revision_range']) },
  sensitivity: { ...text(['org_code']), ...numeric(['spread']) },
  opportunities: {
    ...text(['org_code', 'sector', 'metric', 'dimension', 'benchmark_group']),
    ...numeric(['value', 'benchmark', 'opportunity_units', 'opportunity_gbp']),
  },
  indicators: { ...text(['level', 'group', 'indicator']), ...numeric(['base', 'current', 'change']) },
};

/**
 * The variants of `nhsp sensitivity` in the order it writes their columns (standardVariants);
 * a variant not named here follows, alphabetically.
 */
export const VARIANT_ORDER = ['base', 'equalisation_none', 'working_days_on', 'no_exclusions', 'combined_deflator'];

export interface TargetFilter { level?: string; group?: string; onTrack?: boolean }
export interface IndexFilter { level?: string; group?: string }
export interface OpportunityFilter { org?: string; sector?: string; metric?: string; dimension?: string; benchmarkGroup?: string }
export interface IndicatorFilter { level?: string; group?: string; indicator?: string; window?: string }

@Injectable()
export class PlanPackReads {
  constructor(
    private readonly db: DataSource,
    private readonly views: SourceViews,
  ) {}

  targets(releaseId: string, filter: TargetFilter, page: PageRequest): Promise<Page<TargetRecord>> {
    const params: unknown[] = [releaseId];
    const conditions = ['t.release_id = $1'];
    if (filter.onTrack !== undefined) {
      params.push(filter.onTrack);
      conditions.push(`t.on_track = $${params.length}`);
    }
    const where = whereEqual('t', conditions, params, { level: filter.level, group_name: filter.group });
    return this.views.page<TargetRecord>(
      `SELECT t.level, t.group_name AS "group", t.period, t.productivity_growth::text, t.target::text, t.on_track,
              t.required_output_growth_rest::text, t.required_productivity_growth_rest::text,
              t.savings_needed_gbp::text, t.projected_full_year_growth::text
         FROM publication.release_target t WHERE ${where} ORDER BY t.seq`,
      params,
      page,
    );
  }

  index(releaseId: string, filter: IndexFilter, page: PageRequest): Promise<Page<IndexRecord>> {
    const params: unknown[] = [releaseId];
    const where = whereEqual('i', ['i.release_id = $1'], params, { level: filter.level, group_name: filter.group });
    return this.views.page<IndexRecord>(
      `SELECT i.level, i.group_name AS "group", i.year, i.output_growth::text, i.input_growth::text,
              i.productivity_growth::text, i.index_value::text AS index, i.in_progress
         FROM publication.release_index i WHERE ${where} ORDER BY i.seq`,
      params,
      page,
    );
  }

  stability(releaseId: string, org: string | undefined, page: PageRequest): Promise<Page<StabilityRecord>> {
    const params: unknown[] = [releaseId];
    const where = whereEqual('s', ['s.release_id = $1'], params, { org_code: org });
    return this.views.page<StabilityRecord>(
      `SELECT s.org_code, s.period, s.national, s.productivity_growth::text, s.month_move::text, s.band::text, s.revision_range::text
         FROM publication.release_stability s WHERE ${where} ORDER BY s.seq`,
      params,
      page,
    );
  }

  /** England's rank stability (stability.csv's last row), null where the release has none. */
  async rankStability(releaseId: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT band::text FROM publication.release_stability WHERE release_id = $1 AND national`, [releaseId]);
    return row?.band ?? null;
  }

  /** Whether the release holds its sensitivity, copied first if it came after the release (release-snapshot.ts). */
  sensitivityHeld(release: { id: string; runId: string }): Promise<boolean> {
    return sensitivityOf(this.db, release);
  }

  /** The variants the release's sensitivity holds, in `nhsp sensitivity`'s column order. */
  async sensitivityVariants(releaseId: string): Promise<string[]> {
    const rows: Array<{ variant: string }> = await this.db.query(
      `SELECT DISTINCT variant FROM publication.release_sensitivity WHERE release_id = $1`,
      [releaseId],
    );
    const rank = (v: string) => (VARIANT_ORDER.includes(v) ? VARIANT_ORDER.indexOf(v) : VARIANT_ORDER.length);
    return rows.map((r) => r.variant).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }

  sensitivity(releaseId: string, org: string | undefined, page: PageRequest): Promise<Page<SensitivityRecord>> {
    const params: unknown[] = [releaseId];
    const where = whereEqual('s', ['s.release_id = $1'], params, { org_code: org });
    return this.views.page<SensitivityRecord>(
      `SELECT s.org_code, jsonb_object_agg(s.variant, s.productivity_growth::text) AS growth, max(s.spread)::text AS spread
         FROM publication.release_sensitivity s WHERE ${where}
        GROUP BY s.org_code ORDER BY s.org_code COLLATE "C"`,
      params,
      page,
    );
  }

  opportunities(releaseId: string, filter: OpportunityFilter, page: PageRequest): Promise<Page<OpportunityRecord>> {
    const params: unknown[] = [releaseId];
    const where = whereEqual('o', ['o.release_id = $1'], params, {
      org_code: filter.org, sector: filter.sector, metric: filter.metric, dimension: filter.dimension, benchmark_group: filter.benchmarkGroup,
    });
    return this.views.page<OpportunityRecord>(
      `SELECT o.org_code, o.period, o.sector, o.metric, o.dimension, o.value::text, o.benchmark::text, o.benchmark_group,
              o.opportunity_units::text, o.unit, o.opportunity_gbp::text, o.missing
         FROM publication.release_opportunity o WHERE ${where} ORDER BY o.seq`,
      params,
      page,
    );
  }

  /**
   * The benchmarks a category is measured against across trusts: one row per dimension,
   * benchmark group (a peer group's, or the national one) and benchmark, with how many trusts it covers.
   */
  categoryBenchmarks(releaseId: string, metric: string, dimension: string | undefined): Promise<Array<{ dimension: string | null; benchmark_group: string; benchmark: string | null; trusts: number }>> {
    return this.db.query(
      `SELECT dimension, benchmark_group, benchmark::text, count(DISTINCT org_code)::int AS trusts
         FROM publication.release_opportunity
        WHERE release_id = $1 AND metric = $2 AND ($3::text IS NULL OR dimension = $3) AND benchmark_group IS NOT NULL
        GROUP BY dimension, benchmark_group, benchmark
        ORDER BY min(seq)`,
      [releaseId, metric, dimension ?? null],
    );
  }

  indicators(releaseId: string, filter: IndicatorFilter, page: PageRequest): Promise<Page<IndicatorRecord>> {
    const params: unknown[] = [releaseId];
    const where = whereEqual('i', ['i.release_id = $1'], params, {
      level: filter.level, group_name: filter.group, indicator: filter.indicator, '"window"': filter.window,
    });
    return this.views.page<IndicatorRecord>(
      `SELECT i.level, i.group_name AS "group", i.period, i.indicator, i."window" AS "window", i.base::text, i.current::text,
              i.change::text, i.change_kind
         FROM publication.release_indicator i WHERE ${where} ORDER BY i.seq`,
      params,
      page,
    );
  }
}

/** A release's rows as the owners' views name their columns (group_name, index_value, variant rows): what the report's parts read. */
export class ReleaseViewRows {
  constructor(
    private readonly db: DataSource,
    private readonly releaseId: string,
    private readonly runId: string,
    private readonly period: string,
  ) {}

  targets(): Promise<TargetRow[]> {
    return this.db.query(
      `SELECT period, level, group_name, productivity_growth::text, target::text, on_track, required_output_growth_rest::text,
              required_productivity_growth_rest::text, savings_needed_gbp::text, projected_full_year_growth::text
         FROM publication.release_target WHERE release_id = $1 ORDER BY seq`,
      [this.releaseId],
    );
  }

  index(level: string, group: string): Promise<IndexRow[]> {
    return this.db.query(`${INDEX_ROWS} AND level = $3 AND group_name = $4 ORDER BY seq`, [this.releaseId, this.period, level, group]);
  }

  /** Every group's index rows, in the order each group's own read gives them (report/held-plan-rows.ts). */
  allIndex(): Promise<IndexRow[]> {
    return this.db.query(`${INDEX_ROWS} ORDER BY seq`, [this.releaseId, this.period]);
  }

  async stability(orgCode: string): Promise<StabilityRow | null> {
    const [row] = await this.db.query(`${STABILITY_ROWS} AND org_code = $2`, [this.releaseId, orgCode]);
    return row ?? null;
  }

  /** Every trust's stability row. */
  allStability(): Promise<StabilityRow[]> {
    return this.db.query(`${STABILITY_ROWS} ORDER BY seq`, [this.releaseId]);
  }

  async rankStability(): Promise<RankStabilityRow | null> {
    const [row] = await this.db.query(
      `SELECT period, band::text AS rank_stability FROM publication.release_stability WHERE release_id = $1 AND national`,
      [this.releaseId],
    );
    return row ?? null;
  }

  async sensitivity(orgCode: string): Promise<SensitivityRow[]> {
    await sensitivityOf(this.db, { id: this.releaseId, runId: this.runId });
    return this.db.query(`${SENSITIVITY_ROWS} AND org_code = $2 ORDER BY variant COLLATE "C"`, [this.releaseId, orgCode]);
  }

  /** Every trust's sensitivity rows, or null while the release holds none (it may arrive after assembly). */
  async allSensitivity(): Promise<SensitivityRow[] | null> {
    if (!(await sensitivityOf(this.db, { id: this.releaseId, runId: this.runId }))) return null;
    return this.db.query(`${SENSITIVITY_ROWS} ORDER BY org_code, variant COLLATE "C"`, [this.releaseId]);
  }

  opportunities(orgCode: string): Promise<OpportunityViewRow[]> {
    return this.db.query(
      `SELECT period, org_code, sector, metric, dimension, value::text, benchmark::text, benchmark_group, opportunity_units::text,
              unit, opportunity_gbp::text, missing
         FROM publication.release_opportunity WHERE release_id = $1 AND org_code = $2 ORDER BY seq`,
      [this.releaseId, orgCode],
    );
  }

  indicators(level: string, group: string): Promise<IndicatorViewRow[]> {
    return this.db.query(`${INDICATOR_ROWS} AND level = $2 AND group_name = $3 ORDER BY seq`, [this.releaseId, level, group]);
  }

  /** Every group's indicator rows. */
  allIndicators(): Promise<IndicatorViewRow[]> {
    return this.db.query(`${INDICATOR_ROWS} ORDER BY seq`, [this.releaseId]);
  }
}

// The plan rows a release holds, by trust or group or all at once: one column list each ($1 the release).
const INDEX_ROWS = `SELECT $2::text AS period, level, group_name, year, output_growth::text, input_growth::text, productivity_growth::text,
       index_value::text, in_progress
  FROM publication.release_index WHERE release_id = $1`;
const STABILITY_ROWS = `SELECT period, org_code, productivity_growth::text, month_move::text, band::text, revision_range::text
  FROM publication.release_stability WHERE release_id = $1 AND NOT national`;
const SENSITIVITY_ROWS = `SELECT org_code, variant, productivity_growth::text, spread::text FROM publication.release_sensitivity
  WHERE release_id = $1`;
const INDICATOR_ROWS = `SELECT period, level, group_name, indicator, "window", base::text, current::text, change::text, change_kind
  FROM publication.release_indicator WHERE release_id = $1`;
