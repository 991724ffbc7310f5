// The demo's year end (issue 16.3): FY 2024/25 is over, so once the history has published every
// month of it, the demo asks for its final revision in one request. Productivity re-runs the
// twelve months as final_revised; publication publishes them as one release (AUTO_PUBLISH, the
// demo's setting) and reports the year's revisions at /v1/final-revisions/2024-25. It runs in the
// background like the rest of the history (never delaying the demo); a refusal is reported.
import { setTimeout as sleep } from 'node:timers/promises';

export const DEMO_FINAL_YEAR = '2024/25';
const MONTHS = ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03'];
const auth = (): Record<string, string> => (process.env.ADMIN_API_KEY ? { Authorization: `Bearer ${process.env.ADMIN_API_KEY}` } : {});

/** Waits (every 5 s, up to `timeoutMs`) for the year's provisional figures, then requests the final ones. */
export async function finalRevisionWhenPublished(urls: { productivity: string; publication: string }, log: (line: string) => void, timeoutMs = 30 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const published = await Promise.all(MONTHS.map(async (period) => {
      const res = await fetch(`${urls.publication}/v1/releases?period=${period}&status=published`).catch(() => null);
      return res?.ok ? ((await res.json()) as { total: number }).total > 0 : false;
    }));
    if (published.every(Boolean)) return requestFinalRevision(urls, log);
    await sleep(5000, undefined, { ref: false });
  }
  log(`final revision of ${DEMO_FINAL_YEAR} not requested: its months were not all published within ${timeoutMs / 60_000} minutes`);
}

export async function requestFinalRevision(urls: { productivity: string; publication: string }, log: (line: string) => void): Promise<void> {
  const res = await fetch(`${urls.productivity}/final-revisions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth() },
    body: JSON.stringify({ financialYear: DEMO_FINAL_YEAR }),
  }).catch((error: Error) => ({ ok: false, status: 0, text: async () => error.message }) as Response);
  if (!res.ok) {
    log(`final revision of ${DEMO_FINAL_YEAR} not requested: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    return;
  }
  log(`final revision of ${DEMO_FINAL_YEAR} requested (twelve final_revised runs); its revisions report: ${urls.publication}/v1/final-revisions/${DEMO_FINAL_YEAR.replace('/', '-')}`);
}
