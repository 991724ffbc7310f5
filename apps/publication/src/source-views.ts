// Every read of another service's data goes through here: productivity's and benchmarking's
// read-only views (docs/services-design.md). If their columns change, only this file adapts.
// Run ids are uuid there: compared as uuid so the owners' (run_id, …) primary keys are used.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RunRow {
  id: string;
  period: string;
  vintage: string;
  settings: unknown;
  inputs: Record<string, unknown> | null;
  input_fingerprint: string | null;
  created_at: string;
}

/** The measures of estimates.csv and aggregates.csv: strings (exact decimals); null where a measure does not apply. */
export interface GrowthMeasures {
  cwa_base: string | null;
  cwa_current: string | null;
  output_growth: string | null;
  real_spend_base: string | null;
  real_spend_current: string | null;
  input_growth: string | null;
  productivity_growth: string | null;
}

export interface EstimateRow extends GrowthMeasures {
  run_id: string;
  period: string;
  vintage: string;
  org_code: string;
  name: string;
  sector: string;
  region: string;
  peer_group: string;
  months: number;
  status: string;
  flags: string[];
}

export interface ContributionRow {
  side: 'output' | 'input';
  component: string;
  base: string;
  current: string;
  contribution: string | null;
}

export interface AggregateRow extends GrowthMeasures {
  level: string;
  group: string;
  period: string;
  trusts: number;
}

export interface BenchmarkRow {
  org_code: string;
  period: string;
  peer_group: string;
  group_kind: string;
  metric: string;
  value: string | null;
  benchmark: string | null;
  opportunity_gbp: string | null;
  opportunity_units: string | null;
  score: string | null;
  rank: number | null;
  group_size: number;
}

export interface Page<T> {
  total: number;
  rows: T[];
}

export interface PageRequest {
  limit: number | null;
  offset: number;
  /** From parseSort: an expression over `q.` and its direction. */
  sort?: { expression: string; descending: boolean };
}

const NUMERIC_MEASURES = ['cwa_base', 'cwa_current', 'output_growth', 'real_spend_base', 'real_spend_current', 'input_growth', 'productivity_growth'];
const numeric = (columns: string[]) => Object.fromEntries(columns.map((c) => [c, `q.${c}::numeric`]));
const text = (columns: string[]) => Object.fromEntries(columns.map((c) => [c, `q."${c}" COLLATE "C"`]));

/** Columns each list may be sorted by (`sort=`), as SQL over the list query. */
export const SORTABLE = {
  estimates: { ...text(['org_code', 'name', 'sector', 'region', 'peer_group', 'period', 'status']), months: 'q.months', ...numeric(NUMERIC_MEASURES) },
  aggregates: { ...text(['level', 'group']), trusts: 'q.trusts', ...numeric(NUMERIC_MEASURES) },
  benchmarks: { ...text(['org_code', 'peer_group', 'metric']), ...numeric(['value', 'benchmark', 'opportunity_gbp', 'score']), rank: 'q.rank' },
};

export interface EstimateFilter {
  org?: string;
  peerGroup?: string;
  sector?: string;
  region?: string;
}

export interface BenchmarkFilter {
  org?: string;
  peerGroup?: string;
  metric?: string;
}

const MEASURES = `cwa_base::text, cwa_current::text, output_growth::text, real_spend_base::text,
  real_spend_current::text, input_growth::text, productivity_growth::text`;

/** Aggregate levels in the order `nhsp compute` writes aggregates.csv (AGGREGATE_LEVELS). */
const LEVEL_ORDER = `CASE level WHEN 'national' THEN 0 WHEN 'peer_group' THEN 1 WHEN 'region' THEN 2 WHEN 'sector' THEN 3 ELSE 4 END`;

@Injectable()
export class SourceViews {
  constructor(private readonly db: DataSource) {}

  /** Whether a view is there: an older deployment of its owner may lack it. */
  /** True when the view has the column (an older deployment of its owner may lack a newer one). */
  async hasColumn(view: string, column: string): Promise<boolean> {
    const [schema, table] = view.split('.');
    const rows = await this.db.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3`, [schema, table, column]);
    return rows.length > 0;
  }

  async exists(view: string): Promise<boolean> {
    const [{ exists }] = await this.db.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [view]);
    return exists;
  }

  /** A trust's contributions to output and input growth in a run; null when productivity.v_contributions is not there. */
  async contributions(runId: string, org: string): Promise<ContributionRow[] | null> {
    if (!(await this.exists('productivity.v_contributions'))) return null;
    return this.db.query(
      `SELECT side, component, base::text, current::text, contribution::text
         FROM productivity.v_contributions WHERE run_id = $1::uuid AND org_code = $2
        ORDER BY side DESC, component COLLATE "C"`,
      [runId, org],
    );
  }

  async run(runId: string): Promise<RunRow | null> {
    const rows = await this.db.query(
      `SELECT id::text, period, vintage, settings, inputs, input_fingerprint, to_json(created_at)#>>'{}' AS created_at
         FROM productivity.v_runs WHERE id::text = $1`,
      [runId],
    );
    return rows[0] ?? null;
  }

  /**
   * A weight or deflator set as its owner's view describes it (name, sha256, loaded_at); just the
   * id when the view or the row is not there.
   */
  async referenceSet(view: 'cost_weights.v_weight_sets' | 'deflators.v_deflator_sets', id: unknown): Promise<unknown> {
    if (id === null || id === undefined) return null;
    if (!(await this.exists(view))) return { id };
    const rows = await this.db.query(`SELECT id::text, name, sha256, loaded_at FROM ${view} WHERE id::text = $1`, [String(id)]);
    return rows[0] ?? { id };
  }

  /** The values of a deflator set (deflators.v_deflator_years), by year; [] when the view is not there. */
  async deflatorYears(setId: unknown): Promise<Array<{ year: number; prices: string | null; pay: string | null; pay_and_prices: string | null }>> {
    if (setId === null || setId === undefined || !(await this.exists('deflators.v_deflator_years'))) return [];
    return this.db.query(
      `SELECT year::int, prices::text, pay::text, pay_and_prices::text FROM deflators.v_deflator_years WHERE deflator_set_id::text = $1 ORDER BY year`,
      [String(setId)],
    );
  }

  async counts(runId: string): Promise<{ estimates: number; aggregates: number; benchmarks: number }> {
    const [row] = await this.db.query(
      `SELECT (SELECT count(*) FROM productivity.v_estimates WHERE run_id = $1::uuid)::int AS estimates,
              (SELECT count(*) FROM productivity.v_aggregates WHERE run_id = $1::uuid)::int AS aggregates,
              (SELECT count(*) FROM benchmarking.v_benchmarks WHERE run_id = $1::uuid)::int AS benchmarks`,
      [runId],
    );
    return row;
  }

  async estimates(runIds: string[], filter: EstimateFilter, page: PageRequest): Promise<Page<EstimateRow>> {
    const params: unknown[] = [runIds];
    const where = whereEqual('e', ['e.run_id = ANY($1::uuid[])'], params, {
      org_code: filter.org,
      peer_group: filter.peerGroup,
      sector: filter.sector,
      region: filter.region,
    });
    return this.page<EstimateRow>(
      `SELECT e.run_id::text AS run_id, r.period, r.vintage, e.org_code, e.name, e.sector, e.region, e.peer_group,
              e.months::int AS months, e.status, ${prefixed('e', MEASURES)}, e.flags
         FROM productivity.v_estimates e JOIN publication.release r ON r.run_id = e.run_id::text
        WHERE ${where}
        ORDER BY r.period, e.org_code COLLATE "C"`,
      params,
      page,
    );
  }

  async aggregates(runId: string, level: string | undefined, page: PageRequest): Promise<Page<AggregateRow>> {
    const params: unknown[] = [runId];
    const where = whereEqual('a', ['a.run_id = $1::uuid'], params, { level });
    return this.page<AggregateRow>(
      `SELECT a.level, a.group_name AS "group", r.period, a.trusts::int AS trusts, ${prefixed('a', MEASURES)}
         FROM productivity.v_aggregates a JOIN publication.release r ON r.run_id = a.run_id::text
        WHERE ${where}
        ORDER BY ${prefixed('a', LEVEL_ORDER)}, a.group_name COLLATE "C"`,
      params,
      page,
    );
  }

  async benchmarks(runId: string, filter: BenchmarkFilter, page: PageRequest): Promise<Page<BenchmarkRow>> {
    const params: unknown[] = [runId];
    const where = whereEqual('b', ['b.run_id = $1::uuid'], params, {
      org_code: filter.org,
      peer_group: filter.peerGroup,
      metric: filter.metric,
    });
    return this.page<BenchmarkRow>(
      `SELECT b.org_code, r.period, b.peer_group, b.group_kind, b.metric, b.value::text, b.benchmark::text,
              b.opportunity_gbp::text, b.opportunity_units::text, b.score::text, b.rank::int AS rank,
              b.group_size::int AS group_size
         FROM benchmarking.v_benchmarks b JOIN publication.release r ON r.run_id = b.run_id::text
        WHERE ${where}
        ORDER BY b.org_code COLLATE "C", b.peer_group COLLATE "C", b.metric COLLATE "C"`,
      params,
      page,
    );
  }

  /** One page of a list query (also the release's own tables: plan-pack.reads.ts), sorted as asked, with the total before paging. */
  async page<T>(sql: string, params: unknown[], page: PageRequest): Promise<Page<T>> {
    params = [...params, page.limit, page.offset];
    const n = params.length;
    // Sorted: the chosen column, then the list's own order (its row number) for ties.
    const sorted = page.sort
      ? `SELECT q.* FROM (SELECT s.*, row_number() OVER () AS natural_order FROM (${sql}) s) q
          ORDER BY ${page.sort.expression} ${page.sort.descending ? 'DESC' : 'ASC'} NULLS LAST, q.natural_order`
      : sql;
    const rows: Array<T & { total_count?: string; natural_order?: string }> = await this.db.query(
      `SELECT q.*, count(*) OVER () AS total_count FROM (${sorted}) q LIMIT $${n - 1} OFFSET $${n}`,
      params,
    );
    // An offset past the end returns no row, hence no window count: count separately then.
    const total = rows.length > 0 ? Number(rows[0].total_count) : page.offset > 0 ? await this.count(sql, params.slice(0, -2)) : 0;
    return { total, rows: rows.map(({ total_count: _, natural_order: __, ...row }) => row as T) };
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
    return row.n;
  }
}

/** `cwa_base::text, …` → `e.cwa_base::text AS cwa_base, …` (and `level` in CASE expressions). */
function prefixed(alias: string, sql: string): string {
  if (sql.startsWith('CASE')) return sql.replace('CASE level', `CASE ${alias}.level`);
  return sql
    .split(',')
    .map((part) => part.trim())
    .map((part) => `${alias}.${part} AS ${part.replace('::text', '')}`)
    .join(', ');
}

/** The conditions so far plus `alias.column = $n` for each filter given, parameters numbered after those held. */
export function whereEqual(alias: string, conditions: string[], params: unknown[], filters: Record<string, string | undefined>): string {
  for (const [column, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    params.push(value);
    conditions.push(`${alias}.${column} = $${params.length}`);
  }
  return conditions.join(' AND ');
}
