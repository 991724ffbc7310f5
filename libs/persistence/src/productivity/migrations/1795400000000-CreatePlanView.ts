import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The plan view of every run (methodology §8–§10; docs/services-design.md, "The plan view and the
 * packs between services"), stored with the run in its transaction. Other services read ONLY the
 * views; measures are numeric (unrounded), read them as text to keep them exact:
 *
 * productivity.v_targets(run_id, period, level 'trust'|'national'|'peer_group'|'region'|'sector', group_name
 *   (org code for level trust), productivity_growth, target numeric, on_track boolean, required_output_growth_rest,
 *   required_productivity_growth_rest, savings_needed_gbp, projected_full_year_growth numeric (null where empty))
 * productivity.v_index(run_id, period, level, group_name, year '2024/25', output_growth, input_growth,
 *   productivity_growth numeric (null in the chain's start year), index_value numeric, in_progress boolean
 *   (the year-to-date row of the year in progress))
 * productivity.v_stability(run_id, period, org_code, productivity_growth, month_move, band, revision_range numeric)
 * productivity.v_rank_stability(run_id, period, rank_stability numeric (null at Month 1 or under 3 trusts))
 *
 * productivity.ledger_month is productivity's own cache (no view): a trust-month weighed once per
 * (activity submission, finance submission, weight set and equalisation), so a run weighs only the
 * months of its history it has not seen; '' stands for a kind the month has no submission of. `units`
 * is the methodology's encodeMonthUnits (exact sums as whole numbers of 10^-64 £).
 */
export class CreatePlanView1795400000000 implements MigrationInterface {
  name = 'CreatePlanView1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE productivity.plan_target (
        run_id uuid NOT NULL REFERENCES productivity.run (id),
        period text NOT NULL,
        level text NOT NULL CHECK (level IN ('trust', 'national', 'peer_group', 'region', 'sector')),
        group_name text NOT NULL,
        productivity_growth numeric NOT NULL,
        target numeric NOT NULL,
        on_track boolean NOT NULL,
        required_output_growth_rest numeric, required_productivity_growth_rest numeric,
        savings_needed_gbp numeric, projected_full_year_growth numeric,
        PRIMARY KEY (run_id, level, group_name)
      )`);
    await q.query(`
      CREATE TABLE productivity.plan_index (
        run_id uuid NOT NULL REFERENCES productivity.run (id),
        period text NOT NULL,
        level text NOT NULL CHECK (level IN ('trust', 'national', 'peer_group', 'region', 'sector')),
        group_name text NOT NULL,
        year text NOT NULL,
        output_growth numeric, input_growth numeric, productivity_growth numeric,
        index_value numeric NOT NULL,
        in_progress boolean NOT NULL,
        PRIMARY KEY (run_id, level, group_name, year)
      )`);
    await q.query(`
      CREATE TABLE productivity.plan_stability (
        run_id uuid NOT NULL REFERENCES productivity.run (id),
        period text NOT NULL,
        org_code text NOT NULL,
        productivity_growth numeric NOT NULL,
        month_move numeric, band numeric, revision_range numeric,
        PRIMARY KEY (run_id, org_code)
      )`);
    await q.query(`
      CREATE TABLE productivity.plan_rank_stability (
        run_id uuid PRIMARY KEY REFERENCES productivity.run (id),
        period text NOT NULL,
        rank_stability numeric
      )`);
    await q.query(`
      CREATE TABLE productivity.ledger_month (
        org_code text NOT NULL,
        month text NOT NULL,
        activity_sha256 text NOT NULL,
        finance_sha256 text NOT NULL,
        weights_key text NOT NULL,
        units text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (weights_key, org_code, month, activity_sha256, finance_sha256)
      )`);
    await q.query(`CREATE VIEW productivity.v_targets AS
      SELECT run_id, period, level, group_name, productivity_growth, target, on_track, required_output_growth_rest,
             required_productivity_growth_rest, savings_needed_gbp, projected_full_year_growth
      FROM productivity.plan_target`);
    await q.query(`CREATE VIEW productivity.v_index AS
      SELECT run_id, period, level, group_name, year, output_growth, input_growth, productivity_growth, index_value, in_progress
      FROM productivity.plan_index`);
    await q.query(`CREATE VIEW productivity.v_stability AS
      SELECT run_id, period, org_code, productivity_growth, month_move, band, revision_range FROM productivity.plan_stability`);
    await q.query(`CREATE VIEW productivity.v_rank_stability AS
      SELECT run_id, period, rank_stability FROM productivity.plan_rank_stability`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['v_rank_stability', 'v_stability', 'v_index', 'v_targets']) await q.query(`DROP VIEW productivity.${view}`);
    for (const table of ['ledger_month', 'plan_rank_stability', 'plan_stability', 'plan_index', 'plan_target']) await q.query(`DROP TABLE productivity.${table}`);
  }
}
