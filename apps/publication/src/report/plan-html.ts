// Building blocks shared by the plan sections, Table 1 and the pack page: glossary links, the
// board paper's non-acute caveat, a chart with its table beside it, a summary list of figures and
// a plain NHS design system table. All markup goes through the `html` tag (escaped); chart output
// from `@nhsp/charts` is markup the library has escaped itself and is inserted as it is.
import { glossaryAnchor, GlossaryKind, termName, UNIT_DISPLAYS } from '@nhsp/board-answers';
import type { ChartOutput, Marker } from '@nhsp/charts';
import { Month } from '@nhsp/domain';
import { responsiveChartTable } from './chart-table';
import { html, join, SafeHtml, trusted } from './html';

export const GLOSSARY_PATH = '/report/glossary';

/** A term's plain name linked to its glossary entry: `<a href="/report/glossary#pod-opproc">…</a>`. */
export function termLink(kind: GlossaryKind, code: string, text: string = termName(kind, code)): SafeHtml {
  return html`<a class="nhsp-term" href="${GLOSSARY_PATH}#${glossaryAnchor(kind, code)}">${text}</a>`;
}

/**
 * The board paper's caution about non-acute figures (NHS England board paper, paragraphs 8 and
 * 11), shown beside every mental health, community and ambulance figure.
 */
export const NON_ACUTE_CAVEAT =
  'Mental health, community and ambulance figures are less reliable than acute ones: the measure does not yet reflect the nuances of local service delivery in non-acute services, and the quality of their activity data means there is less confidence in the estimate than for the acute sector (NHS England board paper, paragraphs 8 and 11).';

export const NON_ACUTE_SECTORS: readonly string[] = ['mental_health', 'community', 'ambulance'];

export function isNonAcute(sector: string): boolean {
  return NON_ACUTE_SECTORS.includes(sector);
}

/** The caveat in a line, beside each figure once the full text has been given higher on the page. */
export const NON_ACUTE_CAVEAT_SHORT = 'less reliable than an acute figure, as the board paper cautions (paragraphs 8 and 11).';

/** The caveat as a note for a non-acute sector (in full, or in a line beside a figure); nothing for acute. */
export function nonAcuteCaveat(sector: string, form: 'full' | 'short' = 'full'): SafeHtml {
  if (!isNonAcute(sector)) return html``;
  if (form === 'short') return html`<p class="nhsp-caveat nhsp-caveat--short"><strong>Non-acute figure:</strong> ${NON_ACUTE_CAVEAT_SHORT}</p>`;
  return html`<p class="nhsp-caveat"><strong>Non-acute figure.</strong> ${NON_ACUTE_CAVEAT}</p>`;
}

/** The target as the board paper writes it: `0.02` → "2%", `0.025` → "2.50%". */
export function targetText(target: string): string {
  return UNIT_DISPLAYS.percent.format(target).replace(/\.00%$/, '%');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The target as a marker of the histogram of trust growth (issue 13: "the histogram marks 2%"). */
export function targetMarker(target: string): Marker {
  return { label: `Target ${targetText(target)}`, value: target };
}

/** `2025-12` → "December 2025". */
export function monthText(period: string): string {
  const m = Month.parse(period);
  return `${MONTHS[m.month - 1]} ${m.year}`;
}

/**
 * A chart and the table of its figures: side by side on a wide screen where the table is narrow
 * enough (two columns) to sit next to the 640 px drawing, else under it (as the pages' `figure`
 * does); the table stacks its rows on a phone and scrolls rather than clip.
 */
export function chartBeside(chart: ChartOutput): SafeHtml {
  const columns = (chart.table.match(/<th scope="col"/g) ?? []).length;
  const title = /<caption[^>]*>(.*?)<\/caption>/.exec(chart.table)?.[1] ?? 'the chart';
  return html`<div class="nhsp-chart-pair${columns <= 2 ? ' nhsp-chart-pair--beside' : ''}"><div class="nhsp-chart-pair__chart">${trusted(chart.svg)}</div><div class="nhsp-chart-pair__table"><div class="nhsp-table-wrap" role="region" aria-label="Data: ${trusted(title)}" tabindex="0">${trusted(responsiveChartTable(chart.table))}</div></div></div>`;
}

export interface Fact {
  /** Used as `data-figure` so a test (or a reader's tool) can find the figure. */
  code: string;
  label: SafeHtml | string;
  /** The figure as shown. */
  text: SafeHtml | string;
  /** The exact figure behind it, carried in `data-value`. */
  value?: string | null;
  /** A line of explanation under the figure. */
  note?: SafeHtml | string;
}

/** Figures as an NHS summary list: label, figure (with its exact value in data-value), note. */
export function factList(id: string, facts: readonly Fact[]): SafeHtml {
  const rows = facts.map(
    (f) =>
      html`<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">${f.label}</dt><dd class="nhsuk-summary-list__value" data-figure="${f.code}"${
        f.value === undefined || f.value === null ? '' : html` data-value="${f.value}"`
      }><span class="nhsp-fact">${f.text}</span>${f.note ? html`<br><span class="nhsp-fact__note">${f.note}</span>` : ''}</dd></div>`,
  );
  return html`<dl class="nhsuk-summary-list nhsp-facts" id="${id}">${rows}</dl>`;
}

export interface Column<T> {
  header: string;
  numeric?: boolean;
  /** `data-col` on each cell, so a test can find a figure. */
  key?: string;
  rowHeader?: boolean;
  cell: (row: T) => SafeHtml | string;
  /** The exact figure behind a numeric cell (`data-value`). */
  value?: (row: T) => string | null;
}

/** A table in the design system's classes, with a caption and scoped headers. */
export function dataTable<T>(o: { id: string; caption: SafeHtml | string; columns: readonly Column<T>[]; rows: readonly T[]; rowKey?: (row: T) => string }): SafeHtml {
  const head = o.columns.map((c) => html`<th scope="col" class="nhsuk-table__header${c.numeric ? ' nhsuk-table__header--numeric' : ''}">${c.header}</th>`);
  const body = o.rows.map((row) => {
    const cells = o.columns.map((c) => {
      const value = c.value?.(row);
      const attrs = html`${c.key ? html` data-col="${c.key}"` : ''}${value === undefined || value === null ? '' : html` data-value="${value}"`}`;
      // The column's name before each cell: a phone stacks the row, each cell labelled (as layout.ts's table does).
      const content = html`<span class="nhsuk-table__heading" aria-hidden="true">${c.header} </span><span class="nhsp-cell">${c.cell(row)}</span>`;
      if (c.rowHeader) return html`<th scope="row" class="nhsuk-table__header"${attrs}>${content}</th>`;
      return html`<td class="nhsuk-table__cell${c.numeric ? ' nhsuk-table__cell--numeric' : ''}"${attrs}>${content}</td>`;
    });
    return html`<tr class="nhsuk-table__row"${o.rowKey ? html` data-row="${o.rowKey(row)}"` : ''}>${cells}</tr>`;
  });
  return html`<div class="nhsp-table-wrap" role="region" aria-labelledby="${o.id}-caption" tabindex="0"><table role="table" class="nhsuk-table nhsuk-table--responsive" id="${o.id}"><caption class="nhsuk-table__caption" id="${o.id}-caption">${o.caption}</caption><thead class="nhsuk-table__head"><tr class="nhsuk-table__row">${head}</tr></thead><tbody class="nhsuk-table__body">${body}</tbody></table></div>`;
}

/** Names joined for a sentence: "a", "a and b", "a, b and c". */
export function sentenceList(parts: readonly (SafeHtml | string)[]): SafeHtml {
  const items = parts.map((p) => (p instanceof SafeHtml ? p : html`${p}`));
  if (items.length <= 1) return join(items);
  return html`${join(items.slice(0, -1), ', ')} and ${items[items.length - 1]}`;
}

/** An id safe for `id` attributes and chart ids: `RAE` → `rae`; anything else becomes `-`. */
export function idPart(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * Styles of the plan and pack parts (the lead puts them in the layout once, with CHART_CSS):
 * the chart beside its table from 641 px, the caveat as an inset note, and figures that read.
 */
export const PLAN_CSS = [
  '.nhsp-chart-pair{display:block;margin:0 0 32px}',
  '.nhsp-chart-pair__chart,.nhsp-chart-pair__table{min-width:0}',
  '@media (min-width:61.875em){.nhsp-chart-pair--beside{display:grid;grid-template-columns:minmax(0,640px) minmax(0,1fr);gap:32px;align-items:start}}',
  '.nhsp-table-wrap{overflow-x:auto}',
  '.nhsp-caveat{border-left:6px solid #ffb81c;background:#fff9e6;padding:8px 16px;margin:8px 0 16px}',
  '.nhsp-caveat--short{padding:4px 12px;font-size:0.9em}',
  '.nhsp-fact{font-weight:600}',
  '.nhsp-fact__note{color:#4c6272;font-size:0.9em}',
  '.nhsp-figure-band{font-size:2rem;font-weight:700;margin:8px 0}',
  '.nhsp-missing{color:#4c6272}',
].join('\n');
