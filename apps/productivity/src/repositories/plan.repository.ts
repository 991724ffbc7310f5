// A run's plan view (methodology §8–§10) as the rows of productivity.v_targets, v_index,
// v_stability and v_rank_stability (docs/services-design.md), written in the run's transaction,
// and the vintages of a period that revision_range spans. Decimals are written as plain strings
// PostgreSQL reads into numeric without loss.
import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Exact, stableJson } from '@nhsp/domain';
import { MethodSettings, PlanView } from '@nhsp/methodology';

const text = (value: Decimal | null | undefined): string | null => (value ? value.toFixed() : null);

export function targetRows(runId: string, view: PlanView) {
  return view.targets.map((t) => ({
    run_id: runId,
    period: t.period,
    level: t.level,
    group_name: t.group,
    productivity_growth: text(t.productivityGrowth),
    target: text(t.target),
    on_track: t.onTrack,
    required_output_growth_rest: text(t.requiredOutputGrowthRest),
    required_productivity_growth_rest: text(t.requiredProductivityGrowthRest),
    savings_needed_gbp: text(t.savingsNeededGbp),
    projected_full_year_growth: text(t.projectedFullYearGrowth),
  }));
}

export function indexRows(runId: string, view: PlanView) {
  return view.index.map((r) => ({
    run_id: runId,
    period: view.period,
    level: r.level,
    group_name: r.group,
    year: r.year,
    output_growth: text(r.growth?.outputGrowth),
    input_growth: text(r.growth?.inputGrowth),
    productivity_growth: text(r.growth?.productivityGrowth),
    index_value: text(r.index),
    in_progress: r.inProgress,
  }));
}

export function stabilityRows(runId: string, view: PlanView) {
  return view.stability.map((s) => ({
    run_id: runId,
    period: s.period,
    org_code: s.orgCode,
    productivity_growth: text(s.productivityGrowth),
    month_move: text(s.monthMove),
    band: text(s.band),
    revision_range: text(s.revisionRange),
  }));
}

export class PlanRepository {
  constructor(private readonly db: EntityManager) {}

  /** Writes the run's plan view; the caller holds the transaction that wrote the run. */
  async insert(runId: string, view: PlanView): Promise<void> {
    await this.db.query(
      `INSERT INTO productivity.plan_target
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, period text, level text, group_name text, productivity_growth numeric,
         target numeric, on_track boolean, required_output_growth_rest numeric, required_productivity_growth_rest numeric,
         savings_needed_gbp numeric, projected_full_year_growth numeric)`,
      [JSON.stringify(targetRows(runId, view))],
    );
    await this.db.query(
      `INSERT INTO productivity.plan_index
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, period text, level text, group_name text, year text,
         output_growth numeric, input_growth numeric, productivity_growth numeric, index_value numeric, in_progress boolean)`,
      [JSON.stringify(indexRows(runId, view))],
    );
    await this.db.query(
      `INSERT INTO productivity.plan_stability
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, period text, org_code text, productivity_growth numeric,
         month_move numeric, band numeric, revision_range numeric)`,
      [JSON.stringify(stabilityRows(runId, view))],
    );
    await this.db.query(`INSERT INTO productivity.plan_rank_stability (run_id, period, rank_stability) VALUES ($1, $2, $3)`, [
      runId,
      view.period,
      text(view.rankStability),
    ]);
  }

  /**
   * Each trust's productivity growth in every run of the period kept so far with the same method
   * settings (the vintages of the figure, methodology §5 and §10): a run with other settings is a
   * different figure, not a vintage of this one (README, "revision_range").
   */
  async vintageGrowths(period: string, settings: MethodSettings): Promise<Map<string, Decimal[]>> {
    const rows: Array<{ org_code: string; productivity_growth: string; settings: unknown }> = await this.db.query(
      `SELECT e.org_code, e.productivity_growth::text AS productivity_growth, r.settings
       FROM productivity.run r JOIN productivity.estimate e ON e.run_id = r.id
       WHERE r.period = $1 AND e.productivity_growth IS NOT NULL`,
      [period],
    );
    const same = stableJson(settings);
    const growths = new Map<string, Decimal[]>();
    for (const r of rows) {
      if (stableJson(r.settings) !== same) continue;
      growths.set(r.org_code, [...(growths.get(r.org_code) ?? []), new Exact(r.productivity_growth)]);
    }
    return growths;
  }
}
