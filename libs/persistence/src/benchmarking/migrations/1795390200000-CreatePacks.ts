import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The opportunity packs (methodology §11) and key indicators (§12) of every run, stored by
 * benchmarking in the run's benchmarking transaction (with its benchmarks), replaced whole when a
 * run is benchmarked again. Other services read ONLY the views (docs/services-design.md, "The plan
 * view and the packs between services"); measures are numeric and exact (unrounded: the files
 * round money and units to 2 dp on writing), read them as text:
 *
 * benchmarking.v_opportunities(run_id, period, org_code, sector, metric, dimension (null where the
 *   metric has none), value, benchmark, benchmark_group, opportunity_units, unit, opportunity_gbp,
 *   missing (text as opportunities.csv writes it, null where nothing was missing), seq)
 * benchmarking.v_indicators(run_id, period, level, group_name, indicator, "window" (quote it: a
 *   reserved word), base, current, change (null where the base is zero), change_kind, seq)
 *
 * `seq` is the row's place in the file compute writes (opportunities.csv, indicators.csv):
 * ORDER BY seq gives its order.
 */
export class CreatePacks1795390200000 implements MigrationInterface {
  name = 'CreatePacks1795390200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE benchmarking.opportunity (
        run_id uuid NOT NULL,
        seq integer NOT NULL,
        period text NOT NULL,
        org_code text NOT NULL,
        sector text NOT NULL,
        metric text NOT NULL,
        dimension text,
        value numeric,
        benchmark numeric,
        benchmark_group text,
        opportunity_units numeric,
        unit text,
        opportunity_gbp numeric,
        missing text,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, seq)
      )`);
    await q.query('CREATE INDEX opportunity_run_org ON benchmarking.opportunity (run_id, org_code)');
    await q.query(`
      CREATE TABLE benchmarking.indicator (
        run_id uuid NOT NULL,
        seq integer NOT NULL,
        period text NOT NULL,
        level text NOT NULL CHECK (level IN ('trust', 'national', 'peer_group', 'region', 'sector')),
        group_name text NOT NULL,
        indicator text NOT NULL,
        "window" text NOT NULL CHECK ("window" IN ('ytd', 'month')),
        base numeric NOT NULL,
        current numeric NOT NULL,
        change numeric,
        change_kind text NOT NULL CHECK (change_kind IN ('relative', 'points')),
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, seq),
        UNIQUE (run_id, level, group_name, indicator)
      )`);
    await q.query(`CREATE VIEW benchmarking.v_opportunities AS
      SELECT run_id, period, org_code, sector, metric, dimension, value, benchmark, benchmark_group,
             opportunity_units, unit, opportunity_gbp, missing, seq
      FROM benchmarking.opportunity`);
    await q.query(`CREATE VIEW benchmarking.v_indicators AS
      SELECT run_id, period, level, group_name, indicator, "window", base, current, change, change_kind, seq
      FROM benchmarking.indicator`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['v_indicators', 'v_opportunities']) await q.query(`DROP VIEW benchmarking.${view}`);
    for (const table of ['indicator', 'opportunity']) await q.query(`DROP TABLE benchmarking.${table}`);
  }
}
