import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * v_current_activity and v_current_finance, the same columns and rows, now grouped by the
 * submission's org code and month: a reader's `WHERE month = ANY(...)` then reaches the DISTINCT ON
 * over submissions (month is one of its keys), so a run reads the rows of its own months instead
 * of every month's and filtering them (a national seven-year history holds 84 months).
 */
export class MonthFirstCurrentViews1795390150000 implements MigrationInterface {
  name = 'MonthFirstCurrentViews1795390150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW ingestion.v_current_activity AS
      SELECT s.org_code, s.month, a.pod, a.currency, sum(a.count)::bigint AS count, sum(a.bed_days)::bigint AS bed_days
      FROM ingestion.v_current_submissions s
      JOIN ingestion.activity a ON a.batch_id = s.batch_id AND a.org_code = s.org_code AND a.month = s.month
      WHERE s.kind = 'activity'
      GROUP BY s.org_code, s.month, a.pod, a.currency`);
    await q.query(`
      CREATE OR REPLACE VIEW ingestion.v_current_finance AS
      SELECT s.org_code, s.month, f.category, sum(f.amount_gbp) AS amount_gbp
      FROM ingestion.v_current_submissions s
      JOIN ingestion.finance f ON f.batch_id = s.batch_id AND f.org_code = s.org_code AND f.month = s.month
      WHERE s.kind = 'finance'
      GROUP BY s.org_code, s.month, f.category`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW ingestion.v_current_activity AS
      SELECT a.org_code, a.month, a.pod, a.currency, sum(a.count)::bigint AS count, sum(a.bed_days)::bigint AS bed_days
      FROM ingestion.activity a
      JOIN ingestion.v_current_submissions s
        ON s.kind = 'activity' AND s.batch_id = a.batch_id AND s.org_code = a.org_code AND s.month = a.month
      GROUP BY a.org_code, a.month, a.pod, a.currency`);
    await q.query(`
      CREATE OR REPLACE VIEW ingestion.v_current_finance AS
      SELECT f.org_code, f.month, f.category, sum(f.amount_gbp) AS amount_gbp
      FROM ingestion.finance f
      JOIN ingestion.v_current_submissions s
        ON s.kind = 'finance' AND s.batch_id = f.batch_id AND s.org_code = f.org_code AND s.month = f.month
      GROUP BY f.org_code, f.month, f.category`);
  }
}
