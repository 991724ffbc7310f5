import { YearToDate } from '@nhsp/domain';
import { TrustEstimate } from './estimate';
import { orderFlags } from './flags';

/**
 * A data notification a trust raised about one month (an EPR go-live, a changed SDEC setting,
 * restated finance, a coding change...). Methodology §6: TRUST_NOTIFICATION marks every estimate
 * whose base or current months include a month the trust raised a notification for, so a board
 * reading the figure knows the trust itself warned that month is not like-for-like.
 */
export interface TrustNotification {
  orgCode: string;
  /** The month the notification concerns, `YYYY-MM`. */
  month: string;
  category: string;
  text: string;
}

/** What an estimate records of each notification touching it (the trust is the estimate's). */
export type NotificationEvidence = Omit<TrustNotification, 'orgCode'>;

// Declared here rather than in estimate.ts: only estimates that went through applyNotifications
// carry it, and an estimate without it simply has no notifications.
declare module './estimate' {
  interface TrustEstimate {
    /** Notifications of the trust for a base or current month, by month, category and text. */
    notifications?: NotificationEvidence[];
  }
}

const byMonthCategoryText = (a: NotificationEvidence, b: NotificationEvidence) =>
  a.month.localeCompare(b.month) || a.category.localeCompare(b.category) || a.text.localeCompare(b.text);

/**
 * Adds TRUST_NOTIFICATION (in methodology order) to the estimates of trusts with a notification
 * for any base or current month of `ytd`, and records those notifications on the estimate.
 * Estimates without one are returned as they are; the input is not changed.
 */
export function applyNotifications(
  estimates: readonly TrustEstimate[],
  notifications: readonly TrustNotification[],
  ytd: YearToDate,
): TrustEstimate[] {
  const months = new Set([...ytd.base, ...ytd.current].map(String));
  const byOrg = new Map<string, NotificationEvidence[]>();
  for (const n of notifications) {
    if (!months.has(n.month)) continue;
    const org = n.orgCode.trim().toUpperCase();
    byOrg.set(org, [...(byOrg.get(org) ?? []), { month: n.month, category: n.category, text: n.text }]);
  }
  return estimates.map((e) => {
    const touching = byOrg.get(e.trust.orgCode);
    if (!touching) return e;
    const unique = [...new Map(touching.map((n) => [`${n.month}\u0000${n.category}\u0000${n.text}`, n])).values()];
    return { ...e, flags: orderFlags([...e.flags, 'TRUST_NOTIFICATION']), notifications: unique.sort(byMonthCategoryText) };
  });
}
