// The trust page: its figures, output/input/productivity over the months, what moved them (a
// waterfall of contributions by point of delivery and by cost category), its position among
// peers, flags, notifications and revisions. Codes are shown by their glossary names (linked),
// figures in their units; a trust without an estimate says which data is missing for which months.
import { glossaryEntry } from '@nhsp/board-answers';
import { BenchmarkRow, ContributionRow, EstimateRow } from '../source-views';
import { chart } from './chart-cache';
import { flagList, growthColumns, releaseFacts, vintageTag } from './england-page';
import { explainFlag, NOTIFICATION_CATEGORIES, STATUS_TEXT } from './explanations';
import { humanise, listInWords, monthName } from './format';
import { html, SafeHtml } from './html';
import { cards, figure, page, summaryList, table, tag, warning } from './layout';
import { trustPlanHtml } from './plan-parts';
import type { MissingMonth, TrustModel } from './report-data';
import { figureOf, glossaryHref, growth, inUnit, term, termName } from './terms';

const GROWTHS = ['productivity_growth', 'output_growth', 'input_growth'] as const;

/** "No finance for August 2025; no activity or finance for August 2024." */
export function missingInWords(missing: MissingMonth[] | null): string {
  if (!missing || missing.length === 0) return 'This release does not record which months are missing.';
  const parts = missing.map((m) => `no ${m.missing.length ? listInWords(m.missing, 'or') : 'data'} for ${monthName(m.month)}`);
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function estimateFact(m: TrustModel): SafeHtml {
  const e = m.estimate;
  const status = STATUS_TEXT[e.status] ?? humanise(e.status);
  if (e.productivity_growth !== null) return html`${status}, over ${e.months} ${e.months === 1 ? 'month' : 'months'} of the financial year`;
  if (e.status === 'missing_data' || e.flags?.includes('MISSING_DATA')) return html`${status}. <span data-fact="missing">${missingInWords(m.missing)}</span>`;
  return html`${status}`;
}

function seriesSection(m: TrustModel): SafeHtml {
  const rows = m.series;
  const data = table<EstimateRow>({
    id: 'series-table',
    caption: `${m.estimate.name}: growth in each published month`,
    rowKey: (e) => e.period,
    columns: [
      { header: 'Month', rowHeader: true, cell: (e) => html`<a href="/report/trusts/${encodeURIComponent(e.org_code)}?period=${e.period}">${monthName(e.period)}</a>` },
      ...growthColumns<EstimateRow>(),
      { header: 'Vintage', headerHtml: html`<a href="/report/glossary#vintages">Vintage</a>`, cell: (e) => vintageTag(e.vintage) },
      { header: 'Flags', headerHtml: html`<a href="/report/glossary#flags">Flags</a>`, cell: (e) => flagList(e.flags) },
    ],
    rows,
  });
  // A trust with no estimate in any published month has nothing to draw: the table says so.
  if (!rows.some((e) => GROWTHS.some((g) => e[g] !== null))) return html`<section aria-labelledby="months-heading"><h2 id="months-heading">Over the months</h2>${data}</section>`;
  const drawing = chart('monthChart', 'growth', {
    id: 'trust-series-chart',
    title: `${m.estimate.name}: growth by month (year to date)`,
    months: rows.map((e) => e.period),
    series: GROWTHS.map((g) => ({ name: termName('measure', g), values: rows.map((e) => e[g]) })),
    axisTitle: 'Growth on the same months a year earlier',
  });
  return html`<section aria-labelledby="months-heading"><h2 id="months-heading">Over the months</h2>${figure({ title: 'Output, input and productivity growth by month', chart: drawing, table: data })}</section>`;
}

function contributionPart(side: 'output' | 'input', rows: ContributionRow[], total: string | null, name: string): SafeHtml {
  const mine = rows.filter((r) => r.side === side && r.contribution !== null);
  const kind = side === 'output' ? 'pod' : 'finance_category';
  const what = side === 'output' ? 'Point of delivery' : 'Cost category';
  const totalCode = side === 'output' ? 'output_growth' : 'input_growth';
  const totalName = termName('measure', totalCode);
  if (mine.length === 0) return html`<p>No ${what.toLowerCase()} contributions for this estimate.</p>`;
  const baseUnit = side === 'output' ? 'cwa_base' : 'real_spend_base';
  const currentUnit = side === 'output' ? 'cwa_current' : 'real_spend_current';
  const data = table<ContributionRow>({
    id: `${side}-contributions-table`,
    caption: `Contributions to ${totalName.toLowerCase()} by ${what.toLowerCase()} (they add up to ${growth(total)})`,
    rowKey: (r) => r.component,
    columns: [
      { header: what, headerHtml: html`<a href="/report/glossary#${side === 'output' ? 'pods' : 'finance-categories'}">${what}</a>`, rowHeader: true, key: 'component', cell: (r) => term(kind, r.component) },
      { header: 'Contribution', headerHtml: term('measure', 'contribution'), numeric: true, key: 'contribution', cell: (r) => growth(r.contribution) },
      { header: termName('measure', baseUnit), headerHtml: term('measure', baseUnit), numeric: true, cell: (r) => figureOf('measure', baseUnit, r.base) },
      { header: termName('measure', currentUnit), headerHtml: term('measure', currentUnit), numeric: true, cell: (r) => figureOf('measure', currentUnit, r.current) },
    ],
    rows: mine,
  });
  const drawing = chart('waterfall', 'growth', {
    id: `${side}-waterfall`,
    title: `${name}: contributions to ${totalName.toLowerCase()} by ${what.toLowerCase()}`,
    steps: mine.map((r) => ({ label: termName(kind, r.component), value: r.contribution })),
    totalLabel: totalName,
    axisTitle: `Contribution to ${totalName.toLowerCase()}`,
    stepHeader: what,
  });
  return html`<h3>${totalName} by ${what.toLowerCase()}</h3>${figure({ title: `What made up ${totalName.toLowerCase()} (${growth(total)})`, chart: drawing, table: data })}`;
}

function contributionsSection(m: TrustModel): SafeHtml {
  const e = m.estimate;
  let content: SafeHtml;
  if (m.contributions === null) content = html`<p>Contributions are not available from this deployment.</p>`;
  else if (e.productivity_growth === null) content = html`<p>There is no estimate for this period, so nothing to break down.</p>`;
  else content = html`${contributionPart('output', m.contributions, e.output_growth, e.name)}${contributionPart('input', m.contributions, e.input_growth, e.name)}`;
  return html`<section aria-labelledby="contributions-heading"><h2 id="contributions-heading">What moved the figures</h2><p>Each step is one component's change as a share of the base period; the steps add up to the growth.</p>${content}</section>`;
}

function peerGroupName(b: BenchmarkRow): string {
  if (b.group_kind === 'national') return termName('level', 'national');
  const name = b.group_kind === 'sector' ? `${termName('sector', b.peer_group)} trusts` : humanise(b.peer_group);
  return `${name} (${termName('level', b.group_kind).toLowerCase()})`;
}

function metricFigure(b: BenchmarkRow, value: string | null): string {
  return glossaryEntry('benchmark_metric', b.metric) ? figureOf('benchmark_metric', b.metric, value) : inUnit('count', value);
}

function peersSection(m: TrustModel): SafeHtml {
  const rows = m.benchmarks;
  const tableHtml = table<BenchmarkRow>({
    id: 'peers-table',
    caption: `${m.estimate.name} among its peers, ${monthName(m.release.period)}`,
    rowKey: (b) => `${b.peer_group}|${b.metric}`,
    empty: 'No benchmarks were published for this trust in this period.',
    columns: [
      // The measure first, then the trust's figure: a phone's stacked row starts with what it is about.
      { header: 'Measure', rowHeader: true, key: 'metric', cell: (b) => term('benchmark_metric', b.metric) },
      { header: 'Trust', headerHtml: term('measure', 'value', 'Trust'), numeric: true, key: 'value', cell: (b) => metricFigure(b, b.value) },
      { header: 'Benchmark', headerHtml: term('measure', 'benchmark'), numeric: true, key: 'benchmark', cell: (b) => metricFigure(b, b.benchmark) },
      { header: 'Opportunity', headerHtml: term('measure', 'opportunity_gbp', 'Opportunity'), numeric: true, key: 'opportunity_gbp', cell: (b) => inUnit('gbp', b.opportunity_gbp) },
      { header: 'Rank', numeric: true, key: 'rank', cell: (b) => (b.rank === null ? '–' : `${b.rank} of ${b.group_size}`) },
      { header: termName('measure', 'score'), headerHtml: term('measure', 'score'), numeric: true, key: 'score', cell: (b) => inUnit('score', b.score) },
      { header: 'Compared with', cell: (b) => peerGroupName(b) },
    ],
    rows,
  });
  const overlap = rows.some((b) => b.opportunity_gbp !== null)
    ? warning(
        'Opportunities overlap, do not add them up.',
        html`<p>Each opportunity is what the trust would save in a year by reaching the benchmark of one measure; the measures overlap, so their sum is not a total saving.</p>`,
      )
    : html``;
  return html`<section aria-labelledby="peers-heading"><h2 id="peers-heading">Position among peers</h2><p>The <a href="${glossaryHref('measure', 'benchmark')}">benchmark</a> is the edge of the best quarter of the group; rank 1 is the best. The <a href="${glossaryHref('measure', 'score')}">growth score</a> runs from 1.00 (best) to 4.00 (worst).</p>${overlap}${tableHtml}</section>`;
}

function flagsSection(m: TrustModel): SafeHtml {
  const flags = m.estimate.flags ?? [];
  const content = flags.length
    ? summaryList(
        flags.map((f) => ({
          key: html`<a href="${glossaryHref('flag', f)}">${tag(termName('flag', f), f === 'MISSING_DATA' ? 'red' : 'yellow', html` data-flag="${f}"`)}</a>`,
          value: html`${explainFlag(f)}${f === 'MISSING_DATA' ? html` ${missingInWords(m.missing)}` : ''}`,
        })),
      )
    : html`<p>No data-quality flag for this estimate.</p>`;
  return html`<section aria-labelledby="flags-heading"><h2 id="flags-heading">Data-quality flags</h2>${content}</section>`;
}

function notificationsSection(m: TrustModel): SafeHtml {
  const later = m.notifications.some((n) => !n.in_figures);
  type Row = TrustModel['notifications'][number];
  const content = table<Row>({
    id: 'notifications-table',
    caption: `What ${m.estimate.name} told us about its data for these months`,
    empty: 'These figures take no notification from the trust into account.',
    columns: [
      { header: 'Month', rowHeader: true, cell: (n) => monthName(n.month) },
      { header: 'About', cell: (n) => NOTIFICATION_CATEGORIES[n.category] ?? humanise(n.category) },
      { header: 'What the trust said', cell: (n) => n.text },
      { header: 'Raised', key: 'raised', cell: (n) => (n.raised_at ? n.raised_at.slice(0, 10) : 'â') },
      { header: 'Review', key: 'review', cell: (n) => reviewOf(n) },
      ...(later ? [{ header: 'In these figures', key: 'in_figures', cell: (n: Row) => (n.in_figures ? 'Yes' : 'Not yet') }] : []),
    ],
    rows: m.notifications,
  });
  return html`<section aria-labelledby="notifications-heading"><h2 id="notifications-heading">Notifications</h2>${content}</section>`;
}

/** A notification's lifecycle status (issue 16.2) in words, with the analyst's note or reason. */
const REVIEW: Record<string, string> = { raised: 'Raised, not yet reviewed', under_review: 'Under review', accepted: 'Accepted', declined: 'Declined', resolved: 'Resolved by a resubmission' };
function reviewOf(n: TrustModel['notifications'][number]): string {
  if (!n.status) return '–';
  const status = REVIEW[n.status] ?? humanise(n.status);
  return n.status_note ? `${status}: ${n.status_note}` : status;
}

function revisionsSection(m: TrustModel): SafeHtml {
  const content = table<TrustModel['revisions'][number]>({
    id: 'revisions-table',
    caption: `Every calculation of ${monthName(m.release.period)} for ${m.estimate.name}, oldest first`,
    rowKey: (r) => r.run_id,
    columns: [
      { header: 'Calculated', rowHeader: true, cell: (r) => r.created_at.slice(0, 16).replace('T', ' ') },
      { header: 'Vintage', cell: (r) => termName('vintage', r.vintage) },
      { header: 'What changed', cell: (r) => html`${r.changes.map((c, i) => html`${i ? html`<br>` : ''}${c}`)}` },
      ...growthColumns<TrustModel['revisions'][number]>(),
      { header: 'Published now', cell: (r) => (r.published ? 'Yes' : 'No') },
    ],
    rows: m.revisions,
  });
  const note =
    m.revisions.length > 1
      ? html`<p>This month was calculated ${m.revisions.length} times; the difference between two vintages is a revision.</p>`
      : html`<p>This month has been calculated once: no revision yet.</p>`;
  return html`<section aria-labelledby="revisions-heading"><h2 id="revisions-heading">Revisions</h2>${note}${content}</section>`;
}

export function packHref(org: string, period: string): string {
  return `/report/trusts/${encodeURIComponent(org)}/pack?period=${encodeURIComponent(period)}`;
}

export function renderTrust(m: TrustModel): string {
  const e = m.estimate;
  const period = m.release.period;
  const headline = cards(
    `Headline figures for ${e.name}`,
    GROWTHS.map((g) => ({ measure: g, title: term('measure', g), figure: growth(e[g]), description: glossaryEntry('measure', g)?.explanation })),
  );
  const body = html`<h1>${e.name} <span class="nhsp-unit">(${e.org_code})</span></h1>
${releaseFacts(m.release)}
${summaryList([
  { key: 'Sector', value: term('sector', e.sector) },
  { key: 'Region', value: e.region },
  { key: 'Peer group', value: humanise(e.peer_group) },
  { key: 'Estimate', value: estimateFact(m), fact: 'status' },
])}
<section aria-labelledby="headline-heading"><h2 id="headline-heading">Headline</h2><p>Growth from April to ${monthName(period)} against the same months a year earlier (${termName('vintage', e.vintage).toLowerCase()} figures).</p>${headline}</section>
${m.plan ? trustPlanHtml(m.plan, packHref(e.org_code, period)) : ''}
${seriesSection(m)}
${contributionsSection(m)}
${peersSection(m)}
${flagsSection(m)}
${notificationsSection(m)}
${revisionsSection(m)}`;
  return page({ title: `${e.name}: productivity, ${monthName(period)}`, body, breadcrumbs: [{ href: `/report?period=${period}`, text: `England, ${monthName(period)}` }] });
}
