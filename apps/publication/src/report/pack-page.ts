// A trust's opportunity pack as a page (issue 14 item 6; methodology §11): the categories of its
// sector grouped as the board paper's Table 2 groups them, each with the trust's figure, the
// benchmark, the gap as a bar, the opportunity in its own unit and in pounds, and the data it
// lacked named; the overlap warning (the categories overlap: never add them up); the board
// paper's caveat beside every mental health, community and ambulance figure; and a print
// stylesheet so that the page prints as a board paper. The body only: the lead's layout wraps it.
import { formatFigure, glossaryEntry, periodLabel, termName, UNIT_DISPLAYS, DisplayUnitCode, DISPLAY_UNITS } from '@nhsp/board-answers';
import { gapBars, GapBarsOptions, UnitFormat } from '@nhsp/charts';
import { Exact } from '@nhsp/domain';
import { METRIC_SECTORS, OVERLAP_WARNING, PACK_SECTIONS, PackMetric } from '@nhsp/methodology';
import { html, SafeHtml, trusted } from './html';
import { chartBeside, dataTable, GLOSSARY_PATH, idPart, isNonAcute, nonAcuteCaveat, sentenceList, termLink } from './plan-html';
import type { OpportunityViewRow, PlanTrust } from './plan-types';

/** Categories where a higher figure is better (§11: the 0.75 point); every other is lower-is-better. */
const HIGHER_IS_BETTER: readonly string[] = ['talking_therapies_contacts_per_wte', 'ambulance_incidents_per_wte'];

/** How many drill-down rows (cost index by POD and HRG subchapter) the page lists: the largest opportunities. */
export const DRILL_DOWN_ROWS = 10;

/**
 * Printing as a board paper: A4 with margins, the site's header, footer and navigation left out,
 * a title block only print shows, black text, each category kept on one page, tables unscrolled.
 */
export const PACK_PRINT_CSS = [
  '.nhsp-print-only{display:none}',
  '@media print{',
  '@page{size:A4 portrait;margin:15mm 14mm}',
  'body{font-size:10.5pt;line-height:1.35;color:#000;background:#fff}',
  'header,footer,nav,.nhsuk-header,.nhsuk-footer,.nhsuk-skip-link,.skip-link,.nhsuk-breadcrumb,.nhsuk-back-link{display:none!important}',
  '.nhsp-print-only{display:block;border-bottom:2px solid #000;margin:0 0 8pt;padding:0 0 4pt}',
  '.nhsp-pack h1{font-size:18pt;margin:0 0 6pt}',
  '.nhsp-pack h2{font-size:13pt;break-after:avoid;page-break-after:avoid;margin-top:12pt}',
  '.nhsp-pack h3{font-size:11pt;break-after:avoid;page-break-after:avoid}',
  '.nhsp-pack__category{break-inside:avoid;page-break-inside:avoid}',
  '.nhsp-pack .nhsp-chart-pair{display:block}',
  '.nhsp-pack .nhsp-table-wrap{overflow:visible}',
  '.nhsp-pack table{font-size:9pt}',
  '.nhsp-pack a{color:#000;text-decoration:none}',
  '.nhsp-pack .nhsuk-warning-callout,.nhsp-pack .nhsp-caveat{border:1pt solid #000;background:none}',
  '}',
].join('\n');

const unitOf = (metric: string): DisplayUnitCode => glossaryEntry('pack_metric', metric)?.unit ?? 'count';
const valueText = (metric: string, v: string | null) => UNIT_DISPLAYS[unitOf(metric)].format(v);
const poundsText = (v: string | null) => formatFigure('measure', 'opportunity_gbp', v);

/** The opportunity in its own unit ("19,292 bed days"); "–" where it is in pounds only. */
function unitsText(row: OpportunityViewRow): string {
  if (row.opportunity_units === null || row.unit === null) return '–';
  const unit = (DISPLAY_UNITS as readonly string[]).includes(row.unit) ? UNIT_DISPLAYS[row.unit as DisplayUnitCode] : null;
  return unit ? unit.format(row.opportunity_units) : `${row.opportunity_units} ${row.unit}`;
}

/** The gap to the benchmark in words, in the category's unit (a share's gap in points, to 2 dp: corporate shares differ by hundredths of a point). */
function gapText(row: OpportunityViewRow): string {
  if (row.value === null) return '–';
  if (row.benchmark === null) return row.metric === 'ambulance_handover' ? 'beyond the 15-minute standard' : 'no benchmark';
  const gap = new Exact(row.value).minus(row.benchmark);
  if (gap.isZero()) return 'at the benchmark';
  const worse = HIGHER_IS_BETTER.includes(row.metric) ? gap.isNegative() : gap.isPositive();
  const unit = unitOf(row.metric);
  const size = unit === 'share' ? UNIT_DISPLAYS.growth_points.format(gap.abs().toString()).replace(/^\+/, '') : UNIT_DISPLAYS[unit].format(gap.abs().toString());
  return `${size} ${worse ? 'worse' : 'better'}`;
}

/** A drill-down dimension `<POD>:<HRG subchapter>` (§11), e.g. `EL:FZ`. */
const DRILL_DOWN = /^([A-Z_]+):([A-Z0-9]+)$/;

function rowLabel(row: OpportunityViewRow): string {
  if (!row.dimension) return termName('pack_metric', row.metric);
  const drill = DRILL_DOWN.exec(row.dimension);
  return drill ? `${termName('pod', drill[1])}, HRG subchapter ${drill[2]}` : termName('dimension', row.dimension);
}

/** A row's name linked to its glossary entry: the dimension's, or for a drill-down row its point of delivery's. */
function rowName(row: OpportunityViewRow): SafeHtml | string {
  if (!row.dimension) return termName('pack_metric', row.metric);
  const drill = DRILL_DOWN.exec(row.dimension);
  return drill ? html`${termLink('pod', drill[1])}, HRG subchapter ${drill[2]}` : termLink('dimension', row.dimension, rowLabel(row));
}

/**
 * A unit for the gap bars: the glossary's, without a word suffix on each value label ("17.2", not
 * "17.2 minutes per handover"); the axis title and the table's header name the unit. With the
 * words, the labels of the long units leave a phone's bars too little room (the charts throw).
 */
function chartUnit(code: DisplayUnitCode): UnitFormat {
  const display = UNIT_DISPLAYS[code];
  const suffix = ` ${display.unit}`;
  return {
    unit: display.unit,
    format: (v) => {
      const text = display.format(v);
      return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
    },
    tick: display.tick,
  };
}

/** The gap bars of a category: the rows with a figure against their benchmark (handovers against the 15-minute standard). */
function categoryChart(metric: string, rows: readonly OpportunityViewRow[], org: string): SafeHtml | null {
  const shown = rows.filter((r) => r.value !== null);
  const handover = metric === 'ambulance_handover';
  if (!shown.length || (!handover && !shown.some((r) => r.benchmark !== null))) return null;
  const options: GapBarsOptions = {
    id: `pack-${idPart(org)}-${idPart(metric)}`,
    title: `${termName('pack_metric', metric)}: the trust against its benchmark`,
    rows: shown.map((r) => ({ label: rowLabel(r), value: r.value, benchmark: handover ? '0' : r.benchmark })),
    direction: HIGHER_IS_BETTER.includes(metric) ? 'higher_is_better' : 'lower_is_better',
    format: chartUnit(unitOf(metric)),
    // The category's name is the heading above; a long name beside a long unit cannot fit the axis.
    axisTitle: 'Figure',
    nameHeader: shown.some((r) => r.dimension) ? 'Service line, ward type or function' : 'Category',
    benchmarkName: handover ? 'The 15-minute standard' : 'Benchmark',
  };
  // The figures are all in the table beneath; a chart the library cannot lay out is left out
  // rather than failing the page (the table says everything the bars would).
  try {
    return chartBeside(gapBars(options));
  } catch {
    return null;
  }
}

/**
 * The unit in a column header where the figures cannot carry it themselves: a relative index is
 * written "1.02", its unit being "1 = national average". Units written with the figure ("%", "£",
 * "days") are not repeated.
 */
function headerUnit(metric: string): string {
  const display = UNIT_DISPLAYS[unitOf(metric)];
  return /[%£a-zA-Z]/.test(display.format('1')) ? '' : ` (${display.unit})`;
}

function categoryTable(metric: string, rows: readonly OpportunityViewRow[], org: string): SafeHtml {
  const dimensioned = rows.some((r) => r.dimension);
  return dataTable<OpportunityViewRow>({
    id: `pack-table-${idPart(org)}-${idPart(metric)}`,
    caption: `${termName('pack_metric', metric)}: figure, benchmark and opportunity`,
    rowKey: (r) => `${r.metric}${r.dimension ? `:${r.dimension}` : ''}`,
    columns: [
      { header: dimensioned ? 'Service line, ward type or function' : 'Category', rowHeader: true, cell: rowName },
      { header: `Trust’s figure${headerUnit(metric)}`, numeric: true, key: 'value', cell: (r) => valueText(metric, r.value), value: (r) => r.value },
      {
        header: `Benchmark${headerUnit(metric)}`,
        numeric: true,
        key: 'benchmark',
        cell: (r) => (r.benchmark === null ? '–' : html`${valueText(metric, r.benchmark)}${r.benchmark_group ? html`<br><span class="nhsp-fact__note">${r.benchmark_group}</span>` : ''}`),
        value: (r) => r.benchmark,
      },
      { header: 'Gap', numeric: true, key: 'gap', cell: gapText },
      { header: 'Opportunity in its unit', numeric: true, key: 'opportunity_units', cell: unitsText, value: (r) => r.opportunity_units },
      {
        header: 'Opportunity (£)',
        numeric: true,
        key: 'opportunity_gbp',
        cell: (r) => (r.opportunity_gbp === null && r.opportunity_units !== null ? 'No unit cost' : poundsText(r.opportunity_gbp)),
        value: (r) => r.opportunity_gbp,
      },
      { header: 'Missing data', key: 'missing', cell: (r) => r.missing ?? '' },
    ],
    rows,
  });
}

function categoryBlock(metric: PackMetric, rows: readonly OpportunityViewRow[], trust: PlanTrust): SafeHtml {
  const definition = glossaryEntry('pack_metric', metric)?.definition;
  const missing = rows.filter((r) => r.missing);
  const lacking = rows.length === 0
    ? html`<p class="nhsp-missing" data-missing-category="${metric}">No figures for this category in this release: the data it is built from was not returned for ${trust.name}.</p>`
    : null;
  const missingPart = missing.length
    ? html`<ul class="nhsp-missing">${missing.map((r) => html`<li data-missing="${r.metric}${r.dimension ? `:${r.dimension}` : ''}">${rowLabel(r)}: missing ${r.missing}</li>`)}</ul>`
    : null;
  const noPounds = rows.some((r) => r.opportunity_gbp === null && r.opportunity_units !== null)
    ? html`<p class="nhsp-missing">No unit cost in the bundle’s unit_costs.csv: this opportunity is given in its unit only.</p>`
    : null;
  return html`<div class="nhsp-pack__category" id="pack-${idPart(metric)}">
<h3>${termLink('pack_metric', metric)}</h3>
${definition ? html`<p class="nhsp-fact__note">${definition}</p>` : null}
${nonAcuteCaveat(trust.sector, 'short')}
${lacking}
${rows.length ? html`${categoryChart(metric, rows, trust.org_code)}${categoryTable(metric, rows, trust.org_code)}` : null}
${missingPart}
${noPounds}
</div>`;
}

/** The largest cost index opportunities by POD and HRG subchapter (acute drill-down), if the release has them. */
function drillDown(rows: readonly OpportunityViewRow[], trust: PlanTrust): SafeHtml | null {
  const detail = rows
    .filter((r) => r.metric === 'cost_index_detail' && r.opportunity_gbp !== null && new Exact(r.opportunity_gbp).gt(0))
    .sort((a, b) => new Exact(b.opportunity_gbp!).comparedTo(a.opportunity_gbp!))
    .slice(0, DRILL_DOWN_ROWS);
  if (!detail.length) return null;
  return html`<div class="nhsp-pack__category" id="pack-cost-index-detail">
<h3>${termLink('pack_metric', 'cost_index_detail')}: the ${detail.length} largest opportunities</h3>
${categoryTable('cost_index_detail', detail, trust.org_code)}
</div>`;
}

export interface PackPageView {
  trust: PlanTrust;
  period: string;
  /** The trust's rows of `v_opportunities` for the period (rows of other trusts are ignored). */
  rows: readonly OpportunityViewRow[];
}

/** The categories a sector's pack holds, grouped as Table 2 groups them (the drill-down is listed apart). */
export function packSections(sector: string): { title: string; metrics: PackMetric[] }[] {
  return PACK_SECTIONS.map((s) => ({ title: s.title, metrics: s.metrics.filter((m) => m !== 'cost_index_detail' && (METRIC_SECTORS[m] as readonly string[]).includes(sector)) })).filter((s) => s.metrics.length);
}

/** A trust's whole pack page body: title, overlap warning, caveat, each Table 2 group of its sector, what was missing. */
export function packPage(v: PackPageView): SafeHtml {
  const t = v.trust;
  const rows = v.rows.filter((r) => r.org_code === t.org_code && r.period === v.period);
  const sections = packSections(t.sector);
  const empty = sections.flatMap((s) => s.metrics).filter((m) => !rows.some((r) => r.metric === m));
  const incomplete = rows.filter((r) => r.missing);
  const missingSummary = empty.length || incomplete.length
    ? html`<div class="nhsuk-inset-text nhsp-missing" id="pack-missing"><p><strong>Data missing.</strong> A category a trust lacks data for is named here, never computed from zeros.</p><ul>${[
        ...empty.map((m) => html`<li>${termLink('pack_metric', m)}: no figures in this release</li>`),
        ...incomplete.map((r) => html`<li>${termName('pack_metric', r.metric)}${r.dimension ? `, ${rowLabel(r)}` : ''}: ${r.missing}</li>`),
      ]}</ul></div>`
    : null;
  const body = sections.map(
    (s) => html`<section class="nhsp-pack__section" aria-labelledby="pack-section-${idPart(s.title)}">
<h2 id="pack-section-${idPart(s.title)}">${s.title}</h2>
${s.metrics.map((m) => categoryBlock(m, rows.filter((r) => r.metric === m), t))}
${s.metrics.includes('cost_index') ? drillDown(rows, t) : null}
</section>`,
  );
  // PLAN_CSS comes with the layout's stylesheet (assets.ts); only the print rules are the pack's own.
  return html`<style>${trusted(PACK_PRINT_CSS)}</style>
<article class="nhsp-pack" id="pack-${idPart(t.org_code)}" data-sector="${t.sector}">
<p class="nhsp-print-only">NHS trust productivity: opportunity pack for the board, ${periodLabel(v.period)}</p>
<h1>Opportunity pack: ${t.name} (${t.org_code})</h1>
<p class="nhsuk-body-l">${termLink('sector', t.sector)} trust, peer group ${t.peer_group}. ${periodLabel(v.period)}.</p>
<p>Each category compares the trust with the edge of the best quarter of its benchmark group (the 75th percentile of performance), or with a national standard, as the board paper’s Table 2 sets out for ${termName('sector', t.sector).toLowerCase()} trusts; the opportunity is what reaching it would be worth, in its own unit and in pounds.</p>
<div class="nhsuk-warning-callout" id="pack-overlap"><h2 class="nhsuk-warning-callout__label">The opportunities overlap: do not add them up</h2><p>${OVERLAP_WARNING}</p></div>
${isNonAcute(t.sector) ? nonAcuteCaveat(t.sector) : null}
${missingSummary}
${body}
<p class="nhsp-fact__note">Categories of ${sentenceList(sections.map((s) => s.title))}. Every category is defined in the <a href="${GLOSSARY_PATH}">glossary</a>.</p>
</article>`;
}
