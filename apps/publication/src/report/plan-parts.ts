// The plan view, Table 1 and the opportunity pack as the pages show them, rendered once per
// release. The renderers (plan-sections.ts, table1.ts, pack-page.ts) are pure functions of the
// release's rows and draw up to ~8 charts each (tens to hundreds of ms apiece), so their output
// is kept under a hash of exactly the input they were given: a second read of the same release's
// page reuses the markup (and so its charts) without drawing again, while a release whose rows
// differ (another release, or a trust's sensitivity arriving after assembly) renders anew.
// Bounded, least recently used first out.
import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html';
import { packPage, PackPageView } from './pack-page';
import { englandPlanSection, EnglandPlanView, trustPlanSection, TrustPlanView } from './plan-sections';
import { table1Section, Table1View } from './table1';

export interface PlanParts<P> {
  plan: P;
  table1: Table1View;
}

/** A few releases' England pages, a few hundred trust pages and packs (each part a few tens of KB). */
const LIMIT = 600;
const kept = new Map<string, SafeHtml>();
let rendered = 0;

function once<T>(kind: string, input: T, render: (input: T) => SafeHtml): SafeHtml {
  const key = `${kind}|${createHash('sha256').update(JSON.stringify(input)).digest('base64url')}`;
  const hit = kept.get(key);
  if (hit) {
    kept.delete(key);
    kept.set(key, hit);
    return hit;
  }
  const out = render(input);
  rendered++;
  kept.set(key, out);
  if (kept.size > LIMIT) kept.delete(kept.keys().next().value as string);
  return out;
}

/** The England page's plan part (trusts on track, England's needs, the national index) and England's Table 1. */
export function englandPlanHtml(parts: PlanParts<EnglandPlanView>): SafeHtml {
  return html`${once('england-plan', parts.plan, englandPlanSection)}${once('table1', parts.table1, table1Section)}`;
}

/** A trust page's plan part (band, on track, the rest of the year, index), its Table 1 and a link to its pack. */
export function trustPlanHtml(parts: PlanParts<TrustPlanView>, packHref: string): SafeHtml {
  const name = parts.plan.trust.name;
  return html`${once('trust-plan', parts.plan, trustPlanSection)}${once('table1', parts.table1, table1Section)}
<section aria-labelledby="pack-link-heading"><h2 id="pack-link-heading">Opportunity pack</h2><p><a id="pack-link" href="${packHref}">Opportunity pack for ${name}</a>: each category against its benchmark, with what reaching it would be worth, ready to print for the board.</p></section>`;
}

/** The pack page's body (the layout wraps it). */
export function packHtml(view: PackPageView): SafeHtml {
  return once('pack', view, packPage);
}

/** How many parts were rendered (not reused) since the process started: for tests of the reuse. */
export function planPartsRendered(): number {
  return rendered;
}
