// The opportunity pack as a page of the report: the pack's body (pack-page.ts, rendered once per
// release by plan-parts.ts) in the site's shell, with a breadcrumb back to England and the trust,
// and an analyst's preview of an unpublished release marked as such. Printing leaves the shell out
// (PACK_PRINT_CSS), so the printed pack is the board paper alone.
import { periodLabel } from '@nhsp/board-answers';
import { monthName } from './format';
import { html } from './html';
import { page } from './layout';
import { packHtml } from './plan-parts';
import type { PackModel } from './report-data';

export function renderPack(m: PackModel): string {
  const { trust, period } = m.pack;
  // Not a warning callout: its heading would come before the pack's h1.
  const preview = m.release.status !== 'published' ? html`<div class="nhsuk-inset-text" id="pack-preview"><p><strong>Preview, not published (${m.release.status}).</strong> Only keys with an analyst role or above see these figures.</p></div>` : null;
  const body = html`${preview}${packHtml(m.pack)}`;
  return page({
    title: `Opportunity pack: ${trust.name}, ${periodLabel(period)}`,
    body,
    breadcrumbs: [
      { href: `/report?period=${period}`, text: `England, ${monthName(period)}` },
      { href: `/report/trusts/${encodeURIComponent(trust.org_code)}?period=${period}`, text: trust.name },
    ],
  });
}
