import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data notifications trusts raise about a month (methodology §6, TRUST_NOTIFICATION). Kept
 * forever, like batches: a run's fingerprint names the notifications it saw, so an old vintage
 * stays explainable. Read by other services only through the view:
 *
 * ingestion.v_notifications(id uuid, org_code text, month text 'YYYY-MM', category text
 *   'epr_go_live'|'sdec_setting_change'|'restated_finance'|'coding_change'|'other', text text, raised_at timestamptz)
 */
export class CreateNotifications1795366716434 implements MigrationInterface {
  name = 'CreateNotifications1795366716434';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ingestion.notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_code text NOT NULL,
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        category text NOT NULL CHECK (category IN ('epr_go_live', 'sdec_setting_change', 'restated_finance', 'coding_change', 'other')),
        text text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 2000),
        raised_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        -- Set once notification.raised was accepted by the queue; null = still to announce.
        notified_at timestamptz,
        -- The same notification sent twice (a retried request) is one notification.
        CONSTRAINT notification_unique UNIQUE (org_code, month, category, text)
      )`);
    await q.query(`CREATE INDEX notification_org_month ON ingestion.notification (org_code, month)`);
    await q.query(`
      CREATE VIEW ingestion.v_notifications AS
      SELECT id, org_code, month, category, text, raised_at FROM ingestion.notification`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS ingestion.v_notifications`);
    await q.query(`DROP TABLE IF EXISTS ingestion.notification`);
  }
}
