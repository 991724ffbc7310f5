import { TrustEstimate } from '@nhsp/methodology';

/** The notifications behind each TRUST_NOTIFICATION flag, for the end of compute's summary. */
export function notificationsSummary(estimates: readonly TrustEstimate[], read: number): string {
  const touched = estimates.filter((e) => e.notifications?.length);
  const lines = [`Trust notifications: ${read} read from notifications.csv, ${touched.length} trust(s) flagged TRUST_NOTIFICATION for this period.`];
  for (const e of touched) {
    for (const n of e.notifications!) lines.push(`  ${e.trust.orgCode.padEnd(5)} ${n.month} ${n.category}: ${n.text}`);
  }
  return lines.join('\n');
}
