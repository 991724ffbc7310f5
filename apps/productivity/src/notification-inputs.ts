// The data notifications a run sees (ingestion.v_notifications, services-design.md): those of
// any trust about a base or current month of the period. They are inputs like submissions: a new
// one changes the fingerprint, so the period gets a new vintage carrying TRUST_NOTIFICATION.
import { EntityManager } from 'typeorm';
import { NOTIFICATION_STATUSES_NOT_FLAGGING } from '@nhsp/data-contract';

export interface RunNotification {
  id: string;
  orgCode: string;
  month: string;
  category: string;
  text: string;
}

/** Notifications about any of `months`; none where ingestion's view is not there (yet). */
export async function readPeriodNotifications(db: EntityManager, months: readonly string[]): Promise<RunNotification[]> {
  // Checked first: a failed query would abort the caller's snapshot transaction.
  const [{ present }] = await db.query(`SELECT to_regclass('ingestion.v_notifications') IS NOT NULL AS present`);
  if (!present) return [];
  // Declined and resolved notifications no longer flag (issue 16.2): a run leaves them out, so
  // declining one changes the inputs and the period's next run drops TRUST_NOTIFICATION.
  return db.query(
    `SELECT id::text AS id, org_code AS "orgCode", month, category, text FROM ingestion.v_notifications
     WHERE month = ANY($1) AND status <> ALL($2) ORDER BY org_code, month, id`,
    [months, NOTIFICATION_STATUSES_NOT_FLAGGING],
  );
}

/** What the fingerprint needs: which notifications, not their wording (a notification is never edited). */
export function notificationIdentity(notifications: readonly RunNotification[]): string[] {
  return notifications.map((n) => n.id).sort();
}
