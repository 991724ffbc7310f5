import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * What a board asks of a run besides the estimates: key operational indicators (stored with the
 * run, in its transaction) and method sensitivity (computed once per run by a follow-up job).
 * Other services read only the views; numbers are numeric, read them as text to keep them exact.
 *
 * productivity.v_indicators(run_id, level 'trust'|'national'|'peer_group'|'region'|'sector', group_name
 *   (org code for level trust), period, indicator (KEY_INDICATORS of @nhsp/methodology), base, current,
 *   change numeric (null where a side is missing or the base is zero))
 * productivity.v_sensitivity(run_id, org_code, variant (standardVariants name: base, equalisation_none,
 *   working_days_on, no_exclusions, combined_deflator), productivity_growth numeric (null: no estimate under
 *   the variant), spread numeric (max - min over the variants with an estimate; same on every row of a trust))
 *
 * From this version on, productivity.v_estimates.detail also carries notifications [{month, category, text}]:
 * the trust's data notifications about a base or current month (why the estimate has TRUST_NOTIFICATION),
 * and v_runs.inputs.notifications [{id, orgCode, month, category, text}] the notifications the run saw.
 */
export class CreateBoardAnswers1795366829506 implements MigrationInterface {
  name = 'CreateBoardAnswers1795366829506';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE productivity.indicator (
        run_id uuid NOT NULL REFERENCES productivity.run (id),
        level text NOT NULL CHECK (level IN ('trust', 'national', 'peer_group', 'region', 'sector')),
        group_name text NOT NULL,
        period text NOT NULL,
        indicator text NOT NULL,
        base numeric, current numeric, change numeric,
        PRIMARY KEY (run_id, level, group_name, indicator)
      )`);
    await q.query(`
      CREATE TABLE productivity.sensitivity_run (
        run_id uuid PRIMARY KEY REFERENCES productivity.run (id),
        -- Variant names in the order they were computed (the first is the run's own settings).
        variants text[] NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TABLE productivity.sensitivity (
        run_id uuid NOT NULL REFERENCES productivity.sensitivity_run (run_id),
        org_code text NOT NULL,
        -- variant name -> productivity growth as an exact decimal string, or null.
        growth jsonb NOT NULL,
        spread numeric,
        PRIMARY KEY (run_id, org_code)
      )`);
    await q.query(`CREATE VIEW productivity.v_indicators AS
      SELECT run_id, level, group_name, period, indicator, base, current, change FROM productivity.indicator`);
    await q.query(`CREATE VIEW productivity.v_sensitivity AS
      SELECT s.run_id, s.org_code, v.key AS variant, (v.value #>> '{}')::numeric AS productivity_growth, s.spread
      FROM productivity.sensitivity s CROSS JOIN LATERAL jsonb_each(s.growth) AS v`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['v_sensitivity', 'v_indicators']) await q.query(`DROP VIEW productivity.${view}`);
    for (const table of ['sensitivity', 'sensitivity_run', 'indicator']) await q.query(`DROP TABLE productivity.${table}`);
  }
}
