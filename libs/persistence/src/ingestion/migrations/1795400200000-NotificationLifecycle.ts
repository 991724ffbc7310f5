import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A data notification's lifecycle (issue 16.2): raised by the trust → under_review (an analyst
 * took it up) → accepted (with the analyst's note; its estimates keep TRUST_NOTIFICATION) or
 * declined (with the reason), or resolved by a resubmission of the month's data (the batch that
 * resolved it is kept). `notification_event` is each step, who took it and why, for the trust
 * and the auditors (each step's request is also in access.audit_log).
 *
 * v_notifications gains status and status_note at its end: a run takes the notifications that are
 * not declined or resolved (productivity, notification-inputs.ts).
 */
export class NotificationLifecycle1795400200000 implements MigrationInterface {
  name = 'NotificationLifecycle1795400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ingestion.notification
        ADD COLUMN status text NOT NULL DEFAULT 'raised' CHECK (status IN ('raised', 'under_review', 'accepted', 'declined', 'resolved')),
        ADD COLUMN status_note text CHECK (status_note IS NULL OR length(btrim(status_note)) BETWEEN 1 AND 2000),
        ADD COLUMN status_changed_at timestamptz,
        ADD COLUMN resolved_by_batch_id uuid REFERENCES ingestion.batch (id)`);
    await q.query(`
      CREATE TABLE ingestion.notification_event (
        id bigserial PRIMARY KEY,
        notification_id uuid NOT NULL REFERENCES ingestion.notification (id),
        from_status text NOT NULL,
        to_status text NOT NULL,
        role text NOT NULL,
        -- access.api_key id; null for the bootstrap ADMIN_API_KEY.
        key_id uuid,
        note text,
        batch_id uuid,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX notification_event_notification ON ingestion.notification_event (notification_id, id)`);
    await q.query(`
      CREATE OR REPLACE VIEW ingestion.v_notifications AS
      SELECT id, org_code, month, category, text, raised_at, status, status_note, status_changed_at FROM ingestion.notification`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS ingestion.v_notifications`);
    await q.query(`CREATE VIEW ingestion.v_notifications AS SELECT id, org_code, month, category, text, raised_at FROM ingestion.notification`);
    await q.query(`DROP TABLE IF EXISTS ingestion.notification_event`);
    await q.query(`
      ALTER TABLE ingestion.notification DROP COLUMN resolved_by_batch_id, DROP COLUMN status_changed_at,
        DROP COLUMN status_note, DROP COLUMN status`);
  }
}
