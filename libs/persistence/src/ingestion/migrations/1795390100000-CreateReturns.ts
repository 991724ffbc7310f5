import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'trusts', 'activity', 'finance', 'cost_weights', 'deflators'`;
const KINDS = `'trusts', 'activity', 'finance', 'trust_costs', 'workforce', 'operations', 'medicines', 'unit_costs', 'cost_weights', 'deflators'`;

/*
 * The optional operational returns (data contract; methodology §11–§12), stored like activity and
 * finance: rows kept per batch forever, a later batch covering a trust's month (a trust's year, for
 * trust costs) superseding the earlier one for that month only. Other services read ONLY the views:
 *
 * ingestion.v_current_return_submissions(org_code, period ('YYYY-MM', or 'YYYY' = the financial
 *   year's first calendar year for trust_costs), kind 'trust_costs'|'workforce'|'operations'|'medicines',
 *   batch_id, content_sha256 (of that trust-period's rows, order and formatting aside), received_at)
 * ingestion.v_current_trust_costs(org_code, year int, pod, currency, activity numeric, cost_gbp numeric)
 * ingestion.v_current_workforce(org_code, month, staff_group, wte numeric)
 * ingestion.v_current_operations(org_code, month, measure, dimension ('' where the measure has none), value numeric)
 * ingestion.v_current_medicines(org_code, month, molecule (lower case), product, quantity numeric, cost_gbp numeric)
 * ingestion.v_current_unit_costs(name, gbp numeric, batch_id): the latest batch naming each unit cost
 *
 * Rows with the same key are summed, as the readers sum them. Which batch is current is a flag set
 * when a batch is stored (under the upload lock, so in commit order) rather than a DISTINCT ON over
 * every submission, so that a period's rows are found by index at national scale.
 */
export class CreateReturns1795390100000 implements MigrationInterface {
  name = 'CreateReturns1795390100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ingestion.batch DROP CONSTRAINT batch_kind_check`);
    await q.query(`ALTER TABLE ingestion.batch ADD CONSTRAINT batch_kind_check CHECK (kind IN (${KINDS}))`);
    await q.query(`
      CREATE TABLE ingestion.trust_cost (
        batch_id uuid NOT NULL REFERENCES ingestion.batch(id),
        org_code text NOT NULL,
        year integer NOT NULL,
        pod text NOT NULL,
        currency text NOT NULL,
        activity numeric NOT NULL CHECK (activity >= 0),
        cost_gbp numeric NOT NULL CHECK (cost_gbp >= 0)
      )`);
    await q.query('CREATE INDEX trust_cost_year_org ON ingestion.trust_cost (year, org_code)');
    await q.query(`
      CREATE TABLE ingestion.workforce (
        batch_id uuid NOT NULL REFERENCES ingestion.batch(id),
        org_code text NOT NULL,
        month text NOT NULL,
        staff_group text NOT NULL,
        wte numeric NOT NULL CHECK (wte >= 0)
      )`);
    await q.query('CREATE INDEX workforce_month_org ON ingestion.workforce (month, org_code)');
    await q.query(`
      CREATE TABLE ingestion.operations (
        batch_id uuid NOT NULL REFERENCES ingestion.batch(id),
        org_code text NOT NULL,
        month text NOT NULL,
        measure text NOT NULL,
        dimension text NOT NULL,
        value numeric NOT NULL CHECK (value >= 0)
      )`);
    await q.query('CREATE INDEX operations_month_org ON ingestion.operations (month, org_code)');
    await q.query(`
      CREATE TABLE ingestion.medicine (
        batch_id uuid NOT NULL REFERENCES ingestion.batch(id),
        org_code text NOT NULL,
        month text NOT NULL,
        molecule text NOT NULL,
        product text NOT NULL,
        quantity numeric NOT NULL CHECK (quantity >= 0),
        cost_gbp numeric NOT NULL CHECK (cost_gbp >= 0)
      )`);
    await q.query('CREATE INDEX medicine_month_org ON ingestion.medicine (month, org_code)');
    await q.query(`
      CREATE TABLE ingestion.unit_cost (
        batch_id uuid NOT NULL REFERENCES ingestion.batch(id),
        name text NOT NULL,
        gbp numeric NOT NULL CHECK (gbp >= 0),
        PRIMARY KEY (batch_id, name)
      )`);
    await q.query(`
      CREATE TABLE ingestion.return_submission (
        org_code text NOT NULL,
        period text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('trust_costs', 'workforce', 'operations', 'medicines')),
        batch_id uuid NOT NULL REFERENCES ingestion.batch(id),
        content_sha256 text NOT NULL,
        received_at timestamptz NOT NULL,
        current boolean NOT NULL,
        PRIMARY KEY (org_code, period, kind, batch_id)
      )`);
    await q.query('CREATE UNIQUE INDEX return_submission_current ON ingestion.return_submission (kind, org_code, period) WHERE current');
    await q.query('CREATE INDEX return_submission_batch ON ingestion.return_submission (batch_id)');

    await q.query(`
      CREATE VIEW ingestion.v_current_return_submissions AS
      SELECT org_code, period, kind, batch_id, content_sha256, received_at FROM ingestion.return_submission WHERE current`);
    await q.query(`
      CREATE VIEW ingestion.v_current_trust_costs AS
      SELECT t.org_code, t.year, t.pod, t.currency, sum(t.activity) AS activity, sum(t.cost_gbp) AS cost_gbp
      FROM ingestion.trust_cost t
      JOIN ingestion.return_submission s
        ON s.current AND s.kind = 'trust_costs' AND s.org_code = t.org_code AND s.period = t.year::text AND s.batch_id = t.batch_id
      GROUP BY t.org_code, t.year, t.pod, t.currency`);
    await q.query(`
      CREATE VIEW ingestion.v_current_workforce AS
      SELECT w.org_code, w.month, w.staff_group, sum(w.wte) AS wte
      FROM ingestion.workforce w
      JOIN ingestion.return_submission s
        ON s.current AND s.kind = 'workforce' AND s.org_code = w.org_code AND s.period = w.month AND s.batch_id = w.batch_id
      GROUP BY w.org_code, w.month, w.staff_group`);
    await q.query(`
      CREATE VIEW ingestion.v_current_operations AS
      SELECT o.org_code, o.month, o.measure, o.dimension, sum(o.value) AS value
      FROM ingestion.operations o
      JOIN ingestion.return_submission s
        ON s.current AND s.kind = 'operations' AND s.org_code = o.org_code AND s.period = o.month AND s.batch_id = o.batch_id
      GROUP BY o.org_code, o.month, o.measure, o.dimension`);
    await q.query(`
      CREATE VIEW ingestion.v_current_medicines AS
      SELECT m.org_code, m.month, m.molecule, m.product, sum(m.quantity) AS quantity, sum(m.cost_gbp) AS cost_gbp
      FROM ingestion.medicine m
      JOIN ingestion.return_submission s
        ON s.current AND s.kind = 'medicines' AND s.org_code = m.org_code AND s.period = m.month AND s.batch_id = m.batch_id
      GROUP BY m.org_code, m.month, m.molecule, m.product`);
    await q.query(`
      CREATE VIEW ingestion.v_current_unit_costs AS
      SELECT DISTINCT ON (u.name) u.name, u.gbp, u.batch_id
      FROM ingestion.unit_cost u JOIN ingestion.batch b ON b.id = u.batch_id
      ORDER BY u.name, b.seq DESC`);
  }

  async down(q: QueryRunner): Promise<void> {
    const views = ['v_current_unit_costs', 'v_current_medicines', 'v_current_operations', 'v_current_workforce', 'v_current_trust_costs', 'v_current_return_submissions'];
    for (const view of views) await q.query(`DROP VIEW IF EXISTS ingestion.${view}`);
    for (const table of ['return_submission', 'unit_cost', 'medicine', 'operations', 'workforce', 'trust_cost']) await q.query(`DROP TABLE IF EXISTS ingestion.${table}`);
    await q.query(`DELETE FROM ingestion.batch WHERE kind NOT IN (${KINDS_BEFORE})`);
    await q.query(`ALTER TABLE ingestion.batch DROP CONSTRAINT batch_kind_check`);
    await q.query(`ALTER TABLE ingestion.batch ADD CONSTRAINT batch_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
  }
}
