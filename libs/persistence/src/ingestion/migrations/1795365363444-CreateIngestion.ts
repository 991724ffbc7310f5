import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ingestion's tables and the read-only views other services use (services-design.md).
 * Rows are kept per batch forever, so a restatement never destroys what an earlier run read;
 * "current" is decided by the views from `submission`, latest batch (by `seq`) winning.
 */
export class CreateIngestion1795365363444 implements MigrationInterface {
  name = 'CreateIngestion1795365363444';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ingestion.batch (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Insertion order; received_at is equal for batches stored in one transaction.
        seq bigserial NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('trusts', 'activity', 'finance', 'cost_weights', 'deflators')),
        file_name text NOT NULL,
        sha256 text NOT NULL,
        rows integer NOT NULL,
        months text[] NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now(),
        -- Set once the batch's message was accepted by the queue; null = still to notify.
        notified_at timestamptz,
        CONSTRAINT batch_kind_sha256_unique UNIQUE (kind, sha256)
      )`);
    await q.query(`
      CREATE TABLE ingestion.trust (
        org_code text PRIMARY KEY,
        name text NOT NULL,
        region text NOT NULL,
        trust_type text NOT NULL,
        peer_group text NOT NULL,
        sector text NOT NULL,
        batch_id uuid NOT NULL REFERENCES ingestion.batch(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ingestion.activity (
        batch_id uuid NOT NULL REFERENCES ingestion.batch(id),
        org_code text NOT NULL,
        month text NOT NULL,
        pod text NOT NULL,
        currency text NOT NULL,
        count bigint NOT NULL CHECK (count >= 0),
        bed_days bigint CHECK (bed_days >= 0)
      )`);
    await q.query('CREATE INDEX activity_batch_org_month ON ingestion.activity (batch_id, org_code, month)');
    await q.query(`
      CREATE TABLE ingestion.finance (
        batch_id uuid NOT NULL REFERENCES ingestion.batch(id),
        org_code text NOT NULL,
        month text NOT NULL,
        category text NOT NULL,
        amount_gbp numeric NOT NULL
      )`);
    await q.query('CREATE INDEX finance_batch_org_month ON ingestion.finance (batch_id, org_code, month)');
    await q.query(`
      CREATE TABLE ingestion.submission (
        org_code text NOT NULL,
        month text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('activity', 'finance')),
        batch_id uuid NOT NULL REFERENCES ingestion.batch(id),
        content_sha256 text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (org_code, month, kind, batch_id)
      )`);
    await q.query(`
      CREATE TABLE ingestion.reference_file (
        batch_id uuid PRIMARY KEY REFERENCES ingestion.batch(id),
        kind text NOT NULL CHECK (kind IN ('cost_weights', 'deflators')),
        content bytea NOT NULL
      )`);

    await q.query(`
      CREATE VIEW ingestion.v_trusts AS
      SELECT org_code, name, region, trust_type, peer_group, sector FROM ingestion.trust`);
    await q.query(`
      CREATE VIEW ingestion.v_current_submissions AS
      SELECT DISTINCT ON (s.org_code, s.month, s.kind)
             s.org_code, s.month, s.kind, s.batch_id, s.content_sha256, s.received_at
      FROM ingestion.submission s JOIN ingestion.batch b ON b.id = s.batch_id
      ORDER BY s.org_code, s.month, s.kind, b.seq DESC`);
    await q.query(`
      CREATE VIEW ingestion.v_current_activity AS
      SELECT a.org_code, a.month, a.pod, a.currency, sum(a.count)::bigint AS count, sum(a.bed_days)::bigint AS bed_days
      FROM ingestion.activity a
      JOIN ingestion.v_current_submissions s
        ON s.kind = 'activity' AND s.batch_id = a.batch_id AND s.org_code = a.org_code AND s.month = a.month
      GROUP BY a.org_code, a.month, a.pod, a.currency`);
    await q.query(`
      CREATE VIEW ingestion.v_current_finance AS
      SELECT f.org_code, f.month, f.category, sum(f.amount_gbp) AS amount_gbp
      FROM ingestion.finance f
      JOIN ingestion.v_current_submissions s
        ON s.kind = 'finance' AND s.batch_id = f.batch_id AND s.org_code = f.org_code AND s.month = f.month
      GROUP BY f.org_code, f.month, f.category`);
    await q.query(`
      CREATE VIEW ingestion.v_reference_files AS
      SELECT r.batch_id, r.kind, b.file_name, b.sha256, r.content, b.received_at
      FROM ingestion.reference_file r JOIN ingestion.batch b ON b.id = r.batch_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['v_reference_files', 'v_current_finance', 'v_current_activity', 'v_current_submissions', 'v_trusts']) {
      await q.query(`DROP VIEW IF EXISTS ingestion.${view}`);
    }
    for (const table of ['reference_file', 'submission', 'finance', 'activity', 'trust', 'batch']) {
      await q.query(`DROP TABLE IF EXISTS ingestion.${table}`);
    }
  }
}
