import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The key indicators (methodology §12) moved to benchmarking, which computes them for every run
 * with the packs and exposes benchmarking.v_indicators (docs/services-design.md). Productivity no
 * longer writes them: its view and table go. A run's indicators are recomputed by benchmarking
 * from the run's estimates and its months' data, so nothing is lost.
 */
export class DropIndicators1795390300000 implements MigrationInterface {
  name = 'DropIndicators1795390300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW productivity.v_indicators`);
    await q.query(`DROP TABLE productivity.indicator`);
  }

  async down(q: QueryRunner): Promise<void> {
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
    await q.query(`CREATE VIEW productivity.v_indicators AS
      SELECT run_id, level, group_name, period, indicator, base, current, change FROM productivity.indicator`);
  }
}
