// The plan view and the opportunity packs in the browser (issues 13.5, 14.6, 15): the England
// page's plan part against /v1/targets, and the pack page of one trust of each sector the bundle
// has, at phone and desktop widths, held to /v1/trusts/:org/pack and to the same readability
// checks as the other pages (no text under 12 px, no overlapping chart labels, no clipped table,
// names and units). The page helpers (open, wcag, keyboard) are report.browser.ts's, passed in.
import { join } from 'node:path';
import Decimal from 'decimal.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { getJson } from '../demo/client';
import { Checks } from './checks';
import { glossaryLinkChecks, layoutChecks } from './readability';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Kind = 'phone' | 'desktop';

export interface PageKit {
  open(browser: Browser, kind: Kind, url: string, origin: string): Promise<{ context: BrowserContext; page: Page; status: number; foreign: string[]; errors: string[] }>;
  wcag(checks: Checks, page: Page, label: string): Promise<void>;
  keyboard(checks: Checks, page: Page, label: string): Promise<void>;
  screenshots: string;
}

/** Growth as the report writes it, independently: percent, 2 dp, half up, signed with a true minus. */
function growthText(value: string): string {
  const d = new Decimal(value).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return `${d.isZero() ? '' : d.isNegative() ? '\u2212' : '+'}${d.abs().toFixed(2)}%`;
}

/** Pounds as the report writes an opportunity, independently: whole pounds with thousands separators. */
function poundsText(value: string): string {
  const d = new Decimal(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return `${d.isNegative() ? '\u2212' : ''}£${d.abs().toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

const FIGURES_SCRIPT = `(() => {
  const out = {};
  for (const el of document.querySelectorAll('[data-figure]')) {
    const shown = el.querySelector('.nhsp-fact') || el;
    out[el.getAttribute('data-figure')] = { value: el.getAttribute('data-value'), text: shown.textContent.trim() };
  }
  return out;
})()`;

/** The England page's plan part: trusts on track and England's needs for the rest of the year, as /v1/targets answers them. */
export async function englandPlanChecks(checks: Checks, page: Page, base: string, period: string, label: string): Promise<void> {
  const targets = (await getJson<Json>(`${base}/v1/targets?period=${period}&limit=1000`)).items as Json[];
  const england = targets.find((t) => t.level === 'national');
  const present = (await page.locator('#plan-england').count()) === 1;
  checks.equal(`${label}: a plan part exactly when /v1/targets has England's row (${targets.length} target rows)`, present, england !== undefined);
  if (!england || !present) return;
  const figures = (await page.evaluate(FIGURES_SCRIPT)) as Record<string, { value: string | null; text: string }>;
  const trusts = targets.filter((t) => t.level === 'trust');
  const onTrack = trusts.filter((t) => t.on_track === true).length;
  checks.equal(`${label}: trusts on track equal /v1/targets`, figures.trusts_on_track, { value: String(onTrack), text: `${onTrack} of ${trusts.length} trusts` });
  for (const code of ['required_output_growth_rest', 'required_productivity_growth_rest', 'projected_full_year_growth']) {
    // A null figure (Month 12, or a base-year month missing) is shown in words, without a value.
    const shown = figures[code] ? { value: figures[code].value, text: england[code] === null ? null : figures[code].text } : null;
    checks.equal(`${label}: England's ${code.replace(/_/g, ' ')} equals /v1/targets`, shown, { value: england[code], text: england[code] === null ? null : growthText(england[code]) });
  }
  const visibleIndex = await page.locator('#plan-england svg.nhsp-chart__svg:visible').count();
  checks.ok(`${label}: draws England's index, one drawing for this width`, visibleIndex === 1, `${visibleIndex} visible drawings`);
}

/** A trust page's plan part: its band, on track and the £ still needed, as /v1/stability and /v1/targets answer them. */
export async function trustPlanChecks(checks: Checks, page: Page, base: string, period: string, org: string, label: string): Promise<void> {
  const [target] = (await getJson<Json>(`${base}/v1/targets?period=${period}&level=trust&group=${org}`)).items as Json[];
  const [stability] = (await getJson<Json>(`${base}/v1/stability?period=${period}&org=${org}`)).items as Json[];
  const present = (await page.locator('#plan-trust').count()) === 1;
  checks.equal(`${label}: a plan part exactly when /v1/targets has the trust's row`, present, target !== undefined);
  if (!target || !present) return;
  const figures = (await page.evaluate(FIGURES_SCRIPT)) as Record<string, { value: string | null; text: string }>;
  checks.equal(`${label}: productivity growth, on track and £ still needed equal /v1/targets`,
    ['productivity_growth', 'on_track', 'savings_needed_gbp'].map((code) => figures[code]?.value ?? null),
    [target.productivity_growth, String(target.on_track), target.savings_needed_gbp]);
  checks.equal(`${label}: band equals /v1/stability`, figures.band?.value ?? null, stability?.band ?? null);
  checks.equal(`${label}: the figure with its band is written as /v1 gives it`, figures.figure_with_band?.text.split(' ± ')[0], growthText(target.productivity_growth));
  checks.equal(`${label}: links to its pack page`, await page.locator(`a#pack-link[href="/report/trusts/${org}/pack?period=${period}"]`).count(), 1);
}

interface CellShown {
  value: string | null;
  text: string;
  /** Its column's header. */
  header: string;
}

interface PackRowShown {
  row: string;
  name: string;
  value: CellShown;
  benchmark: CellShown;
  gbp: CellShown;
}

const PACK_ROWS_SCRIPT = `(() => [...document.querySelectorAll('.nhsp-pack table tbody tr[data-row]')].map((tr) => {
  const headers = [...tr.closest('table').querySelectorAll('thead th')].map((th) => th.textContent.trim());
  const cell = (col) => {
    const td = tr.querySelector('[data-col="' + col + '"]');
    if (!td) return { value: null, text: '', header: '' };
    return { value: td.getAttribute('data-value'), text: (td.querySelector('.nhsp-cell') || td).textContent.trim(), header: headers[[...tr.children].indexOf(td)] || '' };
  };
  const head = tr.querySelector('th');
  return { row: tr.getAttribute('data-row'), name: head ? (head.querySelector('.nhsp-cell') || head).textContent.trim() : '', value: cell('value'), benchmark: cell('benchmark'), gbp: cell('opportunity_gbp') };
}))()`;

/** One trust's pack page at one width: the rows of /v1/trusts/:org/pack, readable, named and in units. */
async function packPage(checks: Checks, browser: Browser, kit: PageKit, kind: Kind, base: string, period: string, trust: Json): Promise<void> {
  const org = trust.org_code as string;
  const label = `Pack ${org} (${trust.sector}) ${kind}`;
  const url = `${base}/report/trusts/${org}/pack?period=${period}`;
  const { context, page, status, foreign, errors } = await kit.open(browser, kind, url, base);
  try {
    checks.equal(`${label}: loads (HTTP 200)`, status, 200);
    checks.equal(`${label}: fetches nothing but the page and its own assets`, foreign, []);
    checks.equal(`${label}: no console error`, errors, []);
    const api = (await getJson<Json>(`${base}/v1/trusts/${org}/pack?period=${period}&limit=1000`)).items as Json[];
    const rows = (await page.evaluate(PACK_ROWS_SCRIPT)) as PackRowShown[];
    const byKey = new Map(rows.map((r) => [r.row, r]));
    const listed = api.filter((r) => r.metric !== 'cost_index_detail');
    const wrong = listed.flatMap((r) => {
      const key = `${r.metric}${r.dimension ? `:${r.dimension}` : ''}`;
      const shown = byKey.get(key);
      if (!shown) return [`${key}: not on the page`];
      const bad: string[] = [];
      if (shown.value.value !== r.value) bad.push(`${key} value ${shown.value.value} ≠ ${r.value}`);
      if (shown.benchmark.value !== r.benchmark) bad.push(`${key} benchmark ${shown.benchmark.value} ≠ ${r.benchmark}`);
      if (shown.gbp.value !== r.opportunity_gbp) bad.push(`${key} £ ${shown.gbp.value} ≠ ${r.opportunity_gbp}`);
      if (r.opportunity_gbp !== null && shown.gbp.text !== poundsText(r.opportunity_gbp)) bad.push(`${key} £ written "${shown.gbp.text}", not ${poundsText(r.opportunity_gbp)}`);
      return bad;
    });
    checks.ok(`${label}: every category row equals /v1/trusts/${org}/pack (${listed.length} rows)`, listed.length > 0 && wrong.length === 0, JSON.stringify(wrong.slice(0, 6)));
    // Names and units: each row named in words (not a code), each figure with its unit, written
    // with the figure or, for a bare ratio ("1.02"), named in brackets in its column's header.
    const unnamed = rows.filter((r) => !r.name || /_/.test(r.name));
    checks.ok(`${label}: every row named in words (${rows.length})`, rows.length > 0 && unnamed.length === 0, JSON.stringify(unnamed.slice(0, 4)));
    const bare = rows.flatMap((r) => [r.value, r.benchmark]).filter((c) => c.value !== null && !/[%£a-zA-Z]/.test(c.text) && !/\([^)]*[a-zA-Z][^)]*\)$/.test(c.header));
    checks.ok(`${label}: every figure and benchmark carries its unit`, bare.length === 0, JSON.stringify(bare.slice(0, 4)));
    const text = (await page.textContent('main')) ?? '';
    checks.ok(`${label}: warns that the opportunities overlap`, (await page.locator('#pack-overlap').count()) === 1 && /do not add them up/i.test(text));
    checks.ok(`${label}: the board paper's non-acute caveat exactly where the sector is not acute`, (await page.locator('.nhsp-caveat').count() > 0) === (trust.sector !== 'acute'));
    await kit.wcag(checks, page, label);
    await layoutChecks(checks, page, label);
    await glossaryLinkChecks(checks, page, base, label);
    await page.screenshot({ path: join(kit.screenshots, `pack-${trust.sector}-${kind}.png`), fullPage: true });
    await kit.keyboard(checks, page, label);
  } finally {
    await context.close();
  }
}

/** The pack page of the first trust of each sector in the release, at each width. */
export async function packPages(checks: Checks, browser: Browser, kit: PageKit, kind: Kind, base: string, period: string, estimates: Json[]): Promise<void> {
  const sectors = [...new Set(estimates.map((e) => e.sector as string))].sort();
  checks.ok(`Packs ${kind}: the release has trusts of ${sectors.length} sectors (${sectors.join(', ')})`, sectors.length > 0);
  for (const sector of sectors) {
    const trust = estimates.find((e) => e.sector === sector)!;
    await checks.run(`Pack ${trust.org_code} ${kind}`, () => packPage(checks, browser, kit, kind, base, period, trust));
  }
}
