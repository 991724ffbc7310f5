// The page shell and building blocks of the report, in the NHS design system (nhsuk-frontend,
// served by this service: see assets.ts): header, skip link, breadcrumb, main, footer; cards for
// headline figures, summary lists, tags, warning callouts, and tables that never clip: on a
// phone (below the design system's 769 px) each row stacks as a card, its row header (the trust,
// the group) first and every cell labelled by its column.
import type { ChartOutput } from '@nhsp/charts';
import { reportAssets } from './assets';
import { responsiveChartTable } from './chart-table';
import { html, join, SafeHtml, trusted } from './html';
import { GLOSSARY_PATH } from './terms';

const NHS_LOGO = trusted(
  '<svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS"><title>NHS</title><path fill="currentcolor" d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"/></svg>',
);

export interface Crumb {
  href: string;
  text: string;
}

export function page(options: { title: string; body: SafeHtml; breadcrumbs?: Crumb[] }): string {
  const a = reportAssets().links;
  const crumbs = options.breadcrumbs?.length ? breadcrumb(options.breadcrumbs) : html``;
  return `<!DOCTYPE html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#005eb8">
<title>${options.title}</title>
<link rel="icon" href="${a.favicon}" sizes="48x48">
<link rel="icon" href="${a.faviconSvg}" sizes="any" type="image/svg+xml">
<link rel="apple-touch-icon" href="${a.touchIcon}">
<link rel="stylesheet" href="${a.nhsukCss}">
<link rel="stylesheet" href="${a.reportCss}">
<script type="module" src="${a.initJs}"></script>
</head>
<body>
<a class="nhsuk-skip-link" href="#main">Skip to main content</a>
<header class="nhsuk-header" role="banner" data-module="nhsuk-header">
<div class="nhsuk-header__container nhsuk-width-container">
<div class="nhsuk-header__service"><a class="nhsuk-header__service-logo" href="/report" aria-label="NHS trust productivity homepage">${NHS_LOGO}<span class="nhsuk-header__service-name">NHS trust productivity</span></a></div>
</div>
</header>
${crumbs}
<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="main" tabindex="-1">
${options.body}
</main>
</div>
<footer class="nhsuk-footer" role="contentinfo">
<div class="nhsuk-width-container">
<div class="nhsuk-footer__meta">
<h2 class="nhsuk-u-visually-hidden">Support links</h2>
<ul class="nhsuk-footer__list">
<li class="nhsuk-footer__list-item"><a class="nhsuk-footer__list-item-link" href="${GLOSSARY_PATH}">Glossary: what each figure, code and flag means</a></li>
<li class="nhsuk-footer__list-item"><a class="nhsuk-footer__list-item-link" href="/v1/estimates">Trust estimates as data (/v1/estimates)</a></li>
<li class="nhsuk-footer__list-item"><a class="nhsuk-footer__list-item-link" href="/v1/aggregates">Group figures as data (/v1/aggregates)</a></li>
<li class="nhsuk-footer__list-item"><a class="nhsuk-footer__list-item-link" href="/v1/benchmarks">Benchmarks as data (/v1/benchmarks)</a></li>
</ul>
<p class="nhsuk-body-s">Published statistics: figures are year to date against the same months a year earlier, rounded only for display.</p>
</div>
</div>
</footer>
</body>
</html>`}\n`;
}

function breadcrumb(crumbs: Crumb[]): SafeHtml {
  const parent = crumbs[crumbs.length - 1];
  return html`<div class="nhsuk-width-container"><nav class="nhsuk-breadcrumb" aria-label="Breadcrumb"><ol class="nhsuk-breadcrumb__list">${crumbs.map(
    (c) => html`<li class="nhsuk-breadcrumb__list-item"><a class="nhsuk-breadcrumb__link" href="${c.href}">${c.text}</a></li>`,
  )}</ol><p class="nhsuk-breadcrumb__back"><a class="nhsuk-breadcrumb__backlink" href="${parent.href}"><span class="nhsuk-u-visually-hidden">Back to </span>${parent.text}</a></p></nav></div>`;
}

export interface Column<T> {
  /** Plain text: the column header, and the label of each cell when a phone stacks the rows. */
  header: string;
  /** Written after the header in brackets, e.g. "%"; omitted where the cells carry their own units. */
  unit?: string;
  /** The header as a link (to the glossary); `header` is still the stacked cells' label. */
  headerHtml?: SafeHtml;
  numeric?: boolean;
  /** Data attribute naming the column, so tests can find a figure. */
  key?: string;
  cell: (row: T) => SafeHtml | string;
  /** This column's cell is the row header (<th scope="row">); put it first: a phone shows it first. */
  rowHeader?: boolean;
}

/** A design-system table, responsive (stacked rows on a phone), in a region that scrolls rather than clip. */
export function table<T>(options: { id: string; caption: string; columns: Column<T>[]; rows: T[]; rowKey?: (row: T) => string; empty?: string }): SafeHtml {
  if (options.rows.length === 0) return html`<p id="${options.id}">${options.empty ?? 'None.'}</p>`;
  const label = (c: Column<T>) => (c.unit ? `${c.header} (${c.unit})` : c.header);
  const head = options.columns.map(
    (c) =>
      html`<th scope="col" class="nhsuk-table__header${c.numeric ? ' nhsuk-table__header--numeric' : ''}">${c.headerHtml ?? c.header}${c.unit ? html` <span class="nhsp-unit">(${c.unit})</span>` : ''}</th>`,
  );
  const body = options.rows.map(
    (row) =>
      html`<tr class="nhsuk-table__row"${options.rowKey ? html` data-row="${options.rowKey(row)}"` : ''}>${options.columns.map((c) => {
        const tag = trusted(c.rowHeader ? 'th' : 'td');
        const cls = c.rowHeader ? 'nhsuk-table__header' : `nhsuk-table__cell${c.numeric ? ' nhsuk-table__cell--numeric' : ''}`;
        return html`<${tag}${c.rowHeader ? trusted(' scope="row"') : ''} class="${cls}"${c.key ? html` data-col="${c.key}"` : ''}><span class="nhsuk-table__heading" aria-hidden="true">${label(c)} </span><span class="nhsp-cell">${c.cell(row)}</span></${tag}>`;
      })}</tr>`,
  );
  return html`<div class="nhsp-table-wrap" role="region" aria-labelledby="${options.id}-caption" tabindex="0"><table class="nhsuk-table nhsuk-table--responsive" role="table" id="${options.id}"><caption class="nhsuk-table__caption" id="${options.id}-caption">${options.caption}</caption><thead class="nhsuk-table__head"><tr class="nhsuk-table__row">${head}</tr></thead><tbody class="nhsuk-table__body">${body}</tbody></table></div>`;
}

/**
 * A chart with its table beside it (on a wide screen, where the table is narrow enough to sit
 * next to the 640 px drawing) or under it; every reader gets both.
 */
export function figure(options: { title: string; chart: ChartOutput; table?: SafeHtml }): SafeHtml {
  const tableHtml = options.table ?? html`<div class="nhsp-table-wrap" role="region" aria-label="${`Data: ${options.title}`}" tabindex="0">${trusted(responsiveChartTable(options.chart.table))}</div>`;
  const columns = ((options.table?.value ?? options.chart.table).match(/<th scope="col"/g) ?? []).length;
  const beside = columns <= 2 ? ' nhsp-figure--beside' : '';
  return html`<figure class="nhsp-figure${beside}" aria-label="${options.title}"><div class="nhsp-figure__chart">${trusted(options.chart.svg)}</div><div class="nhsp-figure__table">${tableHtml}</div></figure>`;
}

/** Headline figures as design-system cards, one per figure, each naming its measure and unit. */
export function cards(label: string, items: Array<{ measure: string; title: SafeHtml; figure: string; description?: SafeHtml | string }>): SafeHtml {
  const width = items.length >= 4 ? 'one-quarter' : 'one-third';
  return html`<ul class="nhsuk-grid-row nhsuk-card-group nhsp-headline" aria-label="${label}">${items.map(
    (i) =>
      html`<li class="nhsuk-grid-column-${width} nhsuk-card-group__item"><div class="nhsuk-card"><div class="nhsuk-card__content"><h3 class="nhsuk-card__heading nhsuk-heading-xs">${i.title}</h3><p class="nhsp-headline__figure" data-measure="${i.measure}">${i.figure}</p>${i.description ? html`<p class="nhsuk-card__description nhsuk-body-s">${i.description}</p>` : ''}</div></div></li>`,
  )}</ul>`;
}

/** A design-system summary list of facts. */
export function summaryList(rows: Array<{ key: string | SafeHtml; value: SafeHtml | string; fact?: string }>): SafeHtml {
  return html`<dl class="nhsuk-summary-list">${rows.map(
    (r) => html`<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">${r.key}</dt><dd class="nhsuk-summary-list__value"${r.fact ? html` data-fact="${r.fact}"` : ''}>${r.value}</dd></div>`,
  )}</dl>`;
}

export type TagColour = 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export function tag(text: string, colour: TagColour, attributes: SafeHtml = html``): SafeHtml {
  return html`<strong class="nhsuk-tag nhsuk-tag--${colour}"${attributes}>${text}</strong>`;
}

/** The design system's warning callout; `level` keeps the page's headings in order. */
export function warning(label: string, body: SafeHtml, level: 2 | 3 = 3): SafeHtml {
  const h = trusted(`h${level}`);
  return html`<div class="nhsuk-warning-callout"><${h} class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>${label}</span></${h}>${body}</div>`;
}

export { join, responsiveChartTable };
