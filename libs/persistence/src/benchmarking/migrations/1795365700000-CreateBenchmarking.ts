import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Benchmarks of productivity runs. Other services read ONLY the view:
 *
 * benchmarking.v_benchmarks(run_id uuid, period text, org_code text, peer_group text (group name),
 *   group_kind 'peer_group'|'sector'|'national'|'custom', metric 'productivity_growth'|'cost_per_wau',
 *   value, benchmark, opportunity_gbp, opportunity_units, score numeric (null where the metric has none),
 *   rank int (1 = best), group_size int, computed_at timestamptz)
 *
 * peer_set (name, org_codes text[], created_at): custom named groups benchmarked with every run.
 */
export class CreateBenchmarking1795365700000 implements MigrationInterface {
  name = 'CreateBenchmarking1795365700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE benchmarking.benchmark (
        run_id uuid NOT NULL,
        period text NOT NULL,
        org_code text NOT NULL,
        peer_group text NOT NULL,
        group_kind text NOT NULL,
        metric text NOT NULL,
        value numeric, benchmark numeric, opportunity_gbp numeric, opportunity_units numeric, score numeric,
        rank integer,
        group_size integer NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, group_kind, peer_group, metric, org_code)
      )`);
    await q.query(`
      CREATE TABLE benchmarking.peer_set (
        name text PRIMARY KEY,
        org_codes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE VIEW benchmarking.v_benchmarks AS
      SELECT run_id, period, org_code, peer_group, group_kind, metric, value, benchmark, opportunity_gbp,
             opportunity_units, score, rank, group_size, computed_at
      FROM benchmarking.benchmark`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW benchmarking.v_benchmarks');
    await q.query('DROP TABLE benchmarking.peer_set');
    await q.query('DROP TABLE benchmarking.benchmark');
  }
}
