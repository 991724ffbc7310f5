import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Productivity runs and their results. Other services read ONLY the views (same columns as the
 * tables; measures are numeric, read them as text to keep them exact):
 *
 * productivity.v_runs(id uuid, period text 'YYYY-MM', vintage text 'provisional'|'provisional_revised'|'final_revised',
 *   status text 'completed', settings jsonb (MethodSettings), inputs jsonb {weightSetId, deflatorSetId, deflatorSeries,
 *   months[], batchIds[], submissions {org: {month: {activity?, finance?: sha256}}}, requestedVintage, codeVersion},
 *   input_fingerprint text, reason text, created_at timestamptz)
 * productivity.v_estimates(run_id, org_code, name, sector, region, peer_group, trust_type, period, months int,
 *   status 'estimated'|'missing_data'|'zero_base', cwa_base, cwa_current, output_growth, real_spend_base,
 *   real_spend_current, input_growth, productivity_growth, cost_per_wau numeric (null where not estimated),
 *   flags text[] (methodology order), detail jsonb {byPod, byCategory, missing, podShifts, unweighted; numbers as strings})
 * productivity.v_aggregates(run_id, level, group_name, period, trusts int, cwa_base, cwa_current, output_growth,
 *   real_spend_base, real_spend_current, input_growth, productivity_growth numeric, contributions jsonb [{orgCode, output, input}])
 * productivity.v_contributions(run_id, org_code, period, side 'output'|'input', component (POD or finance category),
 *   base, current, contribution numeric)
 */
export class CreateProductivity1795365600000 implements MigrationInterface {
  name = 'CreateProductivity1795365600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE productivity.run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period text NOT NULL,
        vintage text NOT NULL CHECK (vintage IN ('provisional', 'provisional_revised', 'final_revised')),
        status text NOT NULL DEFAULT 'completed',
        settings jsonb NOT NULL,
        inputs jsonb NOT NULL,
        input_fingerprint text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT run_period_fingerprint_unique UNIQUE (period, input_fingerprint)
      )`);
    await q.query(`CREATE INDEX run_period_created ON productivity.run (period, created_at DESC)`);
    await q.query(`
      CREATE TABLE productivity.estimate (
        run_id uuid NOT NULL REFERENCES productivity.run (id),
        org_code text NOT NULL,
        name text NOT NULL,
        sector text NOT NULL,
        region text NOT NULL,
        peer_group text NOT NULL,
        trust_type text NOT NULL,
        period text NOT NULL,
        months integer NOT NULL,
        status text NOT NULL,
        cwa_base numeric, cwa_current numeric, output_growth numeric,
        real_spend_base numeric, real_spend_current numeric, input_growth numeric,
        productivity_growth numeric, cost_per_wau numeric,
        flags text[] NOT NULL,
        detail jsonb NOT NULL,
        PRIMARY KEY (run_id, org_code)
      )`);
    await q.query(`
      CREATE TABLE productivity.aggregate (
        run_id uuid NOT NULL REFERENCES productivity.run (id),
        level text NOT NULL,
        group_name text NOT NULL,
        period text NOT NULL,
        trusts integer NOT NULL,
        cwa_base numeric NOT NULL, cwa_current numeric NOT NULL, output_growth numeric,
        real_spend_base numeric NOT NULL, real_spend_current numeric NOT NULL, input_growth numeric,
        productivity_growth numeric,
        contributions jsonb NOT NULL,
        PRIMARY KEY (run_id, level, group_name)
      )`);
    await q.query(`
      CREATE TABLE productivity.contribution (
        run_id uuid NOT NULL REFERENCES productivity.run (id),
        org_code text NOT NULL,
        period text NOT NULL,
        side text NOT NULL CHECK (side IN ('output', 'input')),
        component text NOT NULL,
        base numeric NOT NULL,
        current numeric NOT NULL,
        contribution numeric,
        PRIMARY KEY (run_id, org_code, side, component)
      )`);
    await q.query(`CREATE VIEW productivity.v_runs AS
      SELECT id, period, vintage, status, settings, inputs, input_fingerprint, reason, created_at FROM productivity.run`);
    await q.query(`CREATE VIEW productivity.v_estimates AS
      SELECT run_id, org_code, name, sector, region, peer_group, trust_type, period, months, status, cwa_base, cwa_current,
             output_growth, real_spend_base, real_spend_current, input_growth, productivity_growth, cost_per_wau, flags, detail
      FROM productivity.estimate`);
    await q.query(`CREATE VIEW productivity.v_aggregates AS
      SELECT run_id, level, group_name, period, trusts, cwa_base, cwa_current, output_growth, real_spend_base,
             real_spend_current, input_growth, productivity_growth, contributions
      FROM productivity.aggregate`);
    await q.query(`CREATE VIEW productivity.v_contributions AS
      SELECT run_id, org_code, period, side, component, base, current, contribution FROM productivity.contribution`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['v_contributions', 'v_aggregates', 'v_estimates', 'v_runs']) await q.query(`DROP VIEW productivity.${view}`);
    for (const table of ['contribution', 'aggregate', 'estimate', 'run']) await q.query(`DROP TABLE productivity.${table}`);
  }
}
