// A data notification's status, shared by its owner (ingestion, which moves it through its
// lifecycle) and its readers (productivity, which flags estimates by it; publication, which shows
// it): the one definition of which notifications flag TRUST_NOTIFICATION.

export const NOTIFICATION_STATUSES = ['raised', 'under_review', 'accepted', 'declined', 'resolved'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * Statuses whose notification no longer flags the estimates: declined (the analysts judged the
 * month comparable) and resolved (the trust resubmitted the data; RESTATED shows the change).
 * Raised, under review and accepted notifications flag TRUST_NOTIFICATION.
 */
export const NOTIFICATION_STATUSES_NOT_FLAGGING: readonly NotificationStatus[] = ['declined', 'resolved'];
