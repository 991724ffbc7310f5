// Where a notification is written, whichever way it came (POST /notifications, or notifications.csv
// in POST /bundles): the same notification sent again is the stored one, and the caller's
// transaction decides what is stored together (a bundle's files all or none).
import type { EntityManager } from 'typeorm';
import type { NotificationCategory } from '@nhsp/data-contract';

export interface NewNotification {
  orgCode: string;
  month: string;
  category: NotificationCategory;
  text: string;
}

export interface StoredNotification extends NewNotification {
  id: string;
  raisedAt: string;
}

/** A stored notification, whether this write stored it, and whether its message was accepted (null: still to announce). */
export interface WrittenNotification {
  notification: StoredNotification;
  duplicate: boolean;
  notifiedAt: string | null;
}

export const NOTIFICATION_COLUMNS = `id, org_code AS "orgCode", month, category, text, raised_at AS "raisedAt"`;

export async function writeNotification(m: Pick<EntityManager, 'query'>, input: NewNotification): Promise<WrittenNotification> {
  const values = [input.orgCode, input.month, input.category, input.text];
  const [created] = await m.query(
    `INSERT INTO ingestion.notification (org_code, month, category, text) VALUES ($1, $2, $3, $4)
     ON CONFLICT ON CONSTRAINT notification_unique DO NOTHING RETURNING ${NOTIFICATION_COLUMNS}, notified_at AS "notifiedAt"`,
    values,
  );
  const row =
    created ??
    (
      await m.query(
        `SELECT ${NOTIFICATION_COLUMNS}, notified_at AS "notifiedAt" FROM ingestion.notification
         WHERE org_code = $1 AND month = $2 AND category = $3 AND text = $4`,
        values,
      )
    )[0];
  const { notifiedAt, ...notification } = row;
  return { notification: normaliseNotification(notification), duplicate: !created, notifiedAt };
}

export function normaliseNotification(n: StoredNotification): StoredNotification {
  return { ...n, raisedAt: new Date(n.raisedAt).toISOString() };
}
