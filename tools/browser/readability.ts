// What a reader sees, measured in the page at each width (issue 15): no text under 12 CSS px (SVG
// text through its drawing's scale), no two chart labels overlapping (their boxes on screen), no
// table column cut off (a table wider than its box, or reaching past the window), and every
// metric shown by its plain name with its unit. Plain JavaScript in strings on purpose (see
// audit.ts): a function compiled by SWC could reference helpers the browser does not have.
import type { Page } from 'playwright-core';
import { Checks } from './checks';

export interface Layout {
  texts: number;
  smallText: Array<{ text: string; px: number; where: string }>;
  overlaps: Array<{ a: string; b: string; chart: string }>;
  charts: number;
  tables: number;
  clippedTables: Array<{ id: string; scrollWidth: number; clientWidth: number; right: number }>;
  rawIds: string[];
}

export const LAYOUT_SCRIPT = `(() => {
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const where = (el) => { const c = el.closest('[id]'); return c ? '#' + c.id : el.tagName; };
  const smallText = [];
  let texts = 0;
  // HTML text: every element with its own visible text.
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') || !shown(el)) continue;
    const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent.trim()).join(' ');
    if (!own) continue;
    if (el.closest('.nhsuk-u-visually-hidden, [aria-hidden="true"]') && !shown(el)) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    texts++;
    if (px < 12) smallText.push({ text: own.slice(0, 40), px, where: where(el) });
  }
  // SVG text: its font size times the drawing's scale on screen.
  const overlaps = [];
  const charts = [...document.querySelectorAll('svg.nhsp-chart__svg')].filter(shown);
  for (const svg of charts) {
    const boxes = [];
    for (const t of svg.querySelectorAll('text')) {
      if (!shown(t) || !t.textContent.trim()) continue;
      const ctm = t.getScreenCTM();
      const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      texts++;
      if (px < 12) smallText.push({ text: t.textContent.trim().slice(0, 40), px: Math.round(px * 10) / 10, where: where(svg) });
      const r = t.getBoundingClientRect();
      boxes.push({ text: t.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom });
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      // A pixel of slack: glyph boxes of neighbouring lines touch without the letters meeting.
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps.push({ a: a.text, b: b.text, chart: where(svg) });
    }
  }
  const clippedTables = [];
  const tables = [...document.querySelectorAll('main table')].filter(shown);
  for (const table of tables) {
    const box = table.closest('.nhsp-table-wrap') || table.parentElement;
    const right = table.getBoundingClientRect().right;
    if (box.scrollWidth > box.clientWidth + 1 || right > window.innerWidth + 1) clippedTables.push({ id: table.id || where(table), scrollWidth: box.scrollWidth, clientWidth: box.clientWidth, right: Math.round(right) });
  }
  // Codes as files write them (pay_substantive, MISSING_DATA, cost_per_wau) must not reach a reader.
  const rawIds = [...new Set((document.querySelector('main').innerText.match(/\\b[A-Za-z]+_[A-Za-z_]+\\b/g) || []))];
  return { texts, smallText, overlaps, charts: charts.length, tables: tables.length, clippedTables, rawIds };
})()`;

export async function layoutChecks(checks: Checks, page: Page, label: string): Promise<void> {
  const layout = (await page.evaluate(LAYOUT_SCRIPT)) as Layout;
  checks.ok(`${label}: no text under 12 px (${layout.texts} texts)`, layout.texts > 50 && layout.smallText.length === 0, JSON.stringify(layout.smallText.slice(0, 8)));
  checks.ok(`${label}: no chart label overlaps another (${layout.charts} charts)`, layout.charts > 0 && layout.overlaps.length === 0, JSON.stringify(layout.overlaps.slice(0, 8)));
  checks.ok(`${label}: no table column clipped (${layout.tables} tables)`, layout.tables > 0 && layout.clippedTables.length === 0, JSON.stringify(layout.clippedTables));
  checks.equal(`${label}: no raw code shown to a reader`, layout.rawIds, []);
}

/** Each measure's plain name and how its figures must end (its unit), written here independently of the report. */
export const MEASURES: Record<string, { name: string; unit: RegExp }> = {
  productivity_growth: { name: 'Productivity growth', unit: /^[+−]?\d+\.\d\d%$/ },
  output_growth: { name: 'Output growth', unit: /^[+−]?\d+\.\d\d%$/ },
  input_growth: { name: 'Input growth', unit: /^[+−]?\d+\.\d\d%$/ },
  cost_per_wau: { name: 'Cost per weighted activity unit', unit: /^−?£[\d,]+\.\d\d$/ },
  los_elective: { name: 'Elective length of stay', unit: /^\d+\.\d\d days$/ },
  los_non_elective: { name: 'Non-elective length of stay', unit: /^\d+\.\d\d days$/ },
  temporary_staffing: { name: 'Bank and agency share of pay', unit: /^\d+\.\d%$/ },
};
const NONE = '–';

interface Shown {
  headline: Array<{ measure: string; title: string; figure: string }>;
  columns: Array<{ table: string; key: string; header: string; cells: string[] }>;
  peers: Array<{ metric: string; value: string; benchmark: string; opportunity: string }>;
}

export const SHOWN_SCRIPT = `(() => {
  const text = (el) => (el ? (el.querySelector('.nhsp-cell') || el).textContent.trim() : '');
  const headline = [...document.querySelectorAll('[data-measure]')].map((el) => ({
    measure: el.getAttribute('data-measure'),
    title: (el.closest('.nhsuk-card') || el.parentElement).querySelector('.nhsuk-card__heading').textContent.trim(),
    figure: el.textContent.trim(),
  }));
  const columns = [];
  for (const table of document.querySelectorAll('main table[id]')) {
    if (table.id === 'peers-table') continue;
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    const firstRow = table.querySelector('tbody tr');
    if (!firstRow) continue;
    [...firstRow.children].forEach((cell, i) => {
      const key = cell.getAttribute('data-col');
      if (!key) return;
      columns.push({ table: table.id, key, header: headers[i] || '', cells: [...table.querySelectorAll('tbody tr')].map((tr) => text(tr.children[i])) });
    });
  }
  const peers = [...document.querySelectorAll('#peers-table tbody tr')].map((tr) => ({
    metric: text(tr.querySelector('[data-col="metric"]')),
    value: text(tr.querySelector('[data-col="value"]')),
    benchmark: text(tr.querySelector('[data-col="benchmark"]')),
    opportunity: text(tr.querySelector('[data-col="opportunity_gbp"]')),
  }));
  return { headline, columns, peers };
})()`;

/** Every measure on the page appears with its plain name (card title, column header, row name) and each figure in its unit. */
export async function metricChecks(checks: Checks, page: Page, label: string, peerMetrics: string[]): Promise<void> {
  const shown = (await page.evaluate(SHOWN_SCRIPT)) as Shown;
  const fits = (measure: string, figure: string) => figure === NONE || MEASURES[measure].unit.test(figure);
  const badCards = shown.headline.filter((h) => MEASURES[h.measure] && (h.title !== MEASURES[h.measure].name || !fits(h.measure, h.figure)));
  checks.ok(`${label}: headline figures named and in their units (${shown.headline.length})`, shown.headline.length >= 3 && badCards.length === 0, JSON.stringify(badCards));
  const growthColumns = shown.columns.filter((c) => MEASURES[c.key]);
  const badColumns = growthColumns.filter((c) => !c.header.startsWith(MEASURES[c.key].name) || !c.cells.every((v) => fits(c.key, v)));
  checks.ok(`${label}: table columns named and every figure in its unit (${growthColumns.length} columns)`, growthColumns.length >= 3 && badColumns.length === 0, JSON.stringify(badColumns.slice(0, 3)));
  const badPeers = shown.peers.filter((p) => {
    const metric = Object.keys(MEASURES).find((k) => MEASURES[k].name === p.metric);
    return !metric || !fits(metric, p.value) || !fits(metric, p.benchmark) || !(p.opportunity === NONE || /^£[\d,]+$/.test(p.opportunity));
  });
  checks.ok(`${label}: peer measures named and in their units (${shown.peers.length} rows)`, shown.peers.length >= peerMetrics.length && badPeers.length === 0, JSON.stringify(badPeers));
}

/** Every glossary link on the page leads to an entry the glossary page has. */
export async function glossaryLinkChecks(checks: Checks, page: Page, base: string, label: string): Promise<void> {
  const anchors = (await page.evaluate(`[...new Set([...document.querySelectorAll('a[href^="/report/glossary#"]')].map((a) => a.getAttribute('href').split('#')[1]))]`)) as string[];
  const res = await fetch(`${base}/report/glossary`);
  const glossary = await res.text();
  const ids = new Set([...glossary.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  const missing = anchors.filter((a) => !ids.has(a));
  checks.ok(`${label}: ${anchors.length} glossary links all lead to an entry`, res.ok && anchors.length > 5 && missing.length === 0, JSON.stringify(missing));
}
