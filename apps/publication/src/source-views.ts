// A release's figures for every renderer (the /v1 API, the report, the downloads): estimates,
// aggregates, benchmarks and contributions from the release's own copy (release-snapshot.ts,
// taken from productivity's and benchmarking's views when the release was assembled), never
// from those views: a published release reads the same for ever. A run is named by its id, one
// release each; a release assembled before it held its copy gets it on its first read
// (holdReadModel), once per process as far as this class asks. The reference data of a release's
// manifest (weight and deflator sets) are read from their owners' views here.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { holdReadModel } from './release-snapshot';

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

@Injectable()
export class SourceViews {
  /** Runs whose release is known to hold its copy (a fact that never becomes false). */
  private readonly held = new Set<string>();

  constructor(private readonly db: DataSource) {}

  /** Makes sure the releases of these runs hold their copy before it is read (holdReadModel). */
  async hold(runIds: string[]): Promise<void> {
    const missing = runIds.filter((id) => !this.held.has(id));
    if (missing.length === 0) return;
    for (const id of await holdReadModel(this.db, missing)) this.held.add(id);
  }

  private async exists(view: string): Promise<boolean> {
    const [{ exists }] = await this.db.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [view]);
    return exists;
  }

  /**
   * A trust's contributions to output and input growth in the release of a run; null when the
   * release holds none because productivity's contributions view was not there at assembly.
   */
  async contributions(runId: string, org: string): Promise<ContributionRow[] | null> {
    await this.hold([runId]);
    const rows: Array<ContributionRow & { held: boolean }> = await this.db.query(
      `SELECT s.contributions AS held, c.side, c.component, c.base::text, c.current::text, c.contribution::text
         FROM publication.release r
         JOIN publication.release_snapshot s ON s.release_id = r.id
         LEFT JOIN publication.release_contribution c ON c.release_id = r.id AND c.org_code = $2
        WHERE r.run_id = $1
        ORDER BY c.seq`,
      [runId, org],
    );
    if (!rows[0]?.held) return null;
    return rows.filter((row) => row.side !== null).map(({ held: _, ...row }) => row);
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

  async estimates(runIds: string[], filter: EstimateFilter, page: PageRequest): Promise<Page<EstimateRow>> {
    await this.hold(runIds);
    const params: unknown[] = [runIds];
    const where = whereEqual('e', ['r.run_id = ANY($1::text[])'], params, {
      org_code: filter.org,
      peer_group: filter.peerGroup,
      sector: filter.sector,
      region: filter.region,
    });
    return this.page<EstimateRow>(
      `SELECT r.run_id, r.period, r.vintage, e.org_code, e.name, e.sector, e.region, e.peer_group,
              e.months, e.status, ${prefixed('e', MEASURES)}, e.flags
         FROM publication.release_estimate e JOIN publication.release r ON r.id = e.release_id
        WHERE ${where}
        ORDER BY r.period, e.org_code COLLATE "C", r.run_id`,
      params,
      page,
    );
  }

  async aggregates(runId: string, level: string | undefined, page: PageRequest): Promise<Page<AggregateRow>> {
    await this.hold([runId]);
    const params: unknown[] = [runId];
    const where = whereEqual('a', ['r.run_id = $1'], params, { level });
    return this.page<AggregateRow>(
      `SELECT a.level, a.group_name AS "group", r.period, a.trusts, ${prefixed('a', MEASURES)}
         FROM publication.release_aggregate a JOIN publication.release r ON r.id = a.release_id
        WHERE ${where}
        ORDER BY a.seq`,
      params,
      page,
    );
  }

  async benchmarks(runId: string, filter: BenchmarkFilter, page: PageRequest): Promise<Page<BenchmarkRow>> {
    await this.hold([runId]);
    const params: unknown[] = [runId];
    const where = whereEqual('b', ['r.run_id = $1'], params, {
      org_code: filter.org,
      peer_group: filter.peerGroup,
      metric: filter.metric,
    });
    return this.page<BenchmarkRow>(
      `SELECT b.org_code, r.period, b.peer_group, b.group_kind, b.metric, b.value::text, b.benchmark::text,
              b.opportunity_gbp::text, b.opportunity_units::text, b.score::text, b.rank, b.group_size
         FROM publication.release_benchmark b JOIN publication.release r ON r.id = b.release_id
        WHERE ${where}
        ORDER BY b.seq`,
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

/** `cwa_base::text, …` → `e.cwa_base::text AS cwa_base, …`. */
function prefixed(alias: string, sql: string): string {
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
