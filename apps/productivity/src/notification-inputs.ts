// The data notifications a run sees (ingestion.v_notifications, services-design.md): those of
// any trust about a base or current month of the period. They are inputs like submissions: a new
// one changes the fingerprint, so the period gets a new vintage carrying TRUST_NOTIFICATION.
import { EntityManager } from 'typeorm';
import { NOTIFICATION_STATUSES_NOT_FLAGGING } from '@nhsp/data-contract';
import { NotificationRepository, RunNotification } from './repositories/notification.repository';

export type { RunNotification };

/** Notifications about any of `months`; none where ingestion's view is not there (yet). */
export function readPeriodNotifications(db: EntityManager, months: readonly string[]): Promise<RunNotification[]> {
  // Declined and resolved notifications no longer flag (issue 16.2): a run leaves them out, so
  // declining one changes the inputs and the period's next run drops TRUST_NOTIFICATION.
  return new NotificationRepository(db).ofMonths(months, NOTIFICATION_STATUSES_NOT_FLAGGING);
}

/** What the fingerprint needs: which notifications, not their wording (a notification is never edited). */
export function notificationIdentity(notifications: readonly RunNotification[]): string[] {
  return notifications.map((n) => n.id).sort();
}
