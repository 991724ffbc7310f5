// The trust page: its figures, output/input/productivity over the months, what moved them (a
// waterfall of contributions by POD and by cost category), its position among peers, flags,
// notifications and revisions.
import { Exact } from '@nhsp/domain';
import { BenchmarkRow, ContributionRow } from '../source-views';
import { lineChart, waterfall } from './charts';
import { flagList, pctAxis, releaseFacts } from './england-page';
import { explainFlag, GROUP_KINDS, METRIC_NAMES, NOTIFICATION_CATEGORIES, STATUS_TEXT } from './explanations';
import { humanise, monthName, number, percent, percentNumber, pounds, shortMonth, VINTAGES } from './format';
import { html, SafeHtml } from './html';
import { figure, page, table } from './layout';
import type { TrustModel } from './report-data';

const pctLabel = (v: number) => {
  const text = Math.abs(v).toFixed(2);
  return `${Number(text) === 0 ? '' : v > 0 ? '+' : '\u2212'}${text}%`;
};

function seriesSection(m: TrustModel): SafeHtml {
  const rows = m.series;
  const chart = rows.length > 1
    ? lineChart({
        id: 'trust-series-chart',
        title: `${m.estimate.name}: growth by month (year to date)`,
        description: rows.map((e) => `${monthName(e.period)}: output ${percent(e.output_growth)}, input ${percent(e.input_growth)}, productivity ${percent(e.productivity_growth)}`).join('; '),
        labels: rows.map((e) => shortMonth(e.period)),
        series: [
          { name: 'Productivity growth', values: rows.map((e) => percentNumber(e.productivity_growth)) },
          { name: 'Output growth', values: rows.map((e) => percentNumber(e.output_growth)) },
          { name: 'Input growth', values: rows.map((e) => percentNumber(e.input_growth)) },
        ],
        format: pctAxis,
      })
    : null;
  const data = table({
    id: 'series-table',
    caption: `${m.estimate.name}: growth in each published month`,
    rowKey: (e) => e.period,
    columns: [
      { header: 'Month', rowHeader: true, cell: (e) => html`<a href="/report/trusts/${encodeURIComponent(e.org_code)}?period=${e.period}">${monthName(e.period)}</a>` },
      { header: 'Vintage', cell: (e) => humanise(e.vintage) },
      { header: 'Output growth', numeric: true, key: 'output_growth', cell: (e) => percent(e.output_growth) },
      { header: 'Input growth', numeric: true, key: 'input_growth', cell: (e) => percent(e.input_growth) },
      { header: 'Productivity growth', numeric: true, key: 'productivity_growth', cell: (e) => percent(e.productivity_growth) },
      { header: 'Flags', cell: (e) => flagList(e.flags) },
    ],
    rows,
  });
  return html`<section aria-labelledby="months-heading"><h2 id="months-heading">Over the months</h2>${chart ? figure({ caption: 'Output, input and productivity growth by month', chart, data }) : data}</section>`;
}

function contributionPart(side: 'output' | 'input', rows: ContributionRow[], total: string | null, name: string): SafeHtml {
  const mine = rows.filter((r) => r.side === side && r.contribution !== null);
  const what = side === 'output' ? 'point of delivery' : 'cost category';
  const totalName = side === 'output' ? 'Output growth' : 'Input growth';
  if (mine.length === 0) return html`<p>No ${what} contributions for this estimate.</p>`;
  const chart = waterfall({
    id: `${side}-waterfall`,
    title: `${name}: contributions to ${totalName.toLowerCase()} by ${what}`,
    description: `${mine.map((r) => `${humanise(r.component)} ${percent(r.contribution, true)}`).join(', ')}; ${totalName.toLowerCase()} ${percent(total)}`,
    // Unrounded steps, so the bars end exactly at the growth (2 dp rounding is for labels only).
    data: mine.map((r) => ({ label: humanise(r.component), value: new Exact(r.contribution!).times(100).toNumber() })),
    totalLabel: totalName,
    format: pctLabel,
  });
  const data = table({
    id: `${side}-contributions-table`,
    caption: `Contributions to ${totalName.toLowerCase()} by ${what} (they add up to ${percent(total)})`,
    columns: [
      { header: side === 'output' ? 'Point of delivery' : 'Cost category', rowHeader: true, cell: (r) => humanise(r.component) },
      { header: side === 'output' ? 'Base CWA' : 'Base real spend', numeric: true, cell: (r) => (side === 'output' ? number(r.base, 0) : pounds(r.base, 0)) },
      { header: side === 'output' ? 'Current CWA' : 'Current real spend', numeric: true, cell: (r) => (side === 'output' ? number(r.current, 0) : pounds(r.current, 0)) },
      { header: 'Contribution', numeric: true, cell: (r) => percent(r.contribution, true) },
    ],
    rows: mine,
  });
  return html`<h3>${totalName} by ${what}</h3>${figure({ caption: `What made up ${totalName.toLowerCase()} (${percent(total)})`, chart, data })}`;
}

function contributionsSection(m: TrustModel): SafeHtml {
  const e = m.estimate;
  let content: SafeHtml;
  if (m.contributions === null) content = html`<p>Contributions are not available from this deployment.</p>`;
  else if (e.productivity_growth === null) content = html`<p>There is no estimate for this period, so nothing to break down.</p>`;
  else content = html`${contributionPart('output', m.contributions, e.output_growth, e.name)}${contributionPart('input', m.contributions, e.input_growth, e.name)}`;
  return html`<section aria-labelledby="contributions-heading"><h2 id="contributions-heading">What moved the figures</h2><p>Each step is one component's change as a share of the base period; the steps add up to the growth.</p>${content}</section>`;
}

function peerGroupName(b: BenchmarkRow): SafeHtml {
  if (b.group_kind === 'national') return html`${GROUP_KINDS.national}`;
  const name = b.group_kind === 'sector' ? `${humanise(b.peer_group)} trusts` : b.peer_group;
  return html`${name} <span class="meta">(${GROUP_KINDS[b.group_kind] ?? humanise(b.group_kind)})</span>`;
}

function metricValue(b: BenchmarkRow, v: string | null): string {
  return b.metric === 'productivity_growth' ? percent(v) : b.metric === 'cost_per_wau' ? pounds(v) : number(v, 2);
}

function peersSection(m: TrustModel): SafeHtml {
  const rows = m.benchmarks;
  const anyOpportunity = rows.some((b) => b.opportunity_gbp !== null);
  const tableHtml = table({
    id: 'peers-table',
    caption: `${m.estimate.name} among its peers, ${monthName(m.release.period)}`,
    rowKey: (b) => `${b.peer_group}|${b.metric}`,
    empty: 'No benchmarks were published for this trust in this period.',
    columns: [
      { header: 'Compared with', rowHeader: true, cell: (b) => peerGroupName(b) },
      { header: 'Measure', cell: (b) => METRIC_NAMES[b.metric] ?? humanise(b.metric) },
      { header: 'Rank', numeric: true, key: 'rank', cell: (b) => (b.rank === null ? '–' : `${b.rank} of ${b.group_size}`) },
      { header: 'Score', numeric: true, key: 'score', cell: (b) => (b.score === null ? '–' : number(b.score, 2)) },
      { header: 'Trust', numeric: true, key: 'value', cell: (b) => metricValue(b, b.value) },
      { header: 'Benchmark (top quartile)', numeric: true, key: 'benchmark', cell: (b) => metricValue(b, b.benchmark) },
      { header: 'Opportunity', numeric: true, key: 'opportunity_gbp', cell: (b) => pounds(b.opportunity_gbp, 0) },
    ],
    rows,
  });
  const warning = anyOpportunity
    ? html`<p class="warning"><strong>Opportunities overlap, do not add them up.</strong> Each opportunity is what the trust would save by reaching the top-quartile benchmark of one measure; the categories overlap, so their sum is not a total saving.</p>`
    : html``;
  return html`<section aria-labelledby="peers-heading"><h2 id="peers-heading">Position among peers</h2><p>The benchmark is the bottom of the top quartile of the group; for cost per weighted activity unit, lower is better. Rank 1 is the best.</p>${warning}${tableHtml}</section>`;
}

function flagsSection(m: TrustModel): SafeHtml {
  const flags = m.estimate.flags ?? [];
  const content = flags.length
    ? html`<dl class="facts">${flags.map((f) => html`<dt><span class="flag" data-flag="${f}">${humanise(f.toLowerCase())}</span></dt><dd>${explainFlag(f)}</dd>`)}</dl>`
    : html`<p>No data-quality flag for this estimate.</p>`;
  return html`<section aria-labelledby="flags-heading"><h2 id="flags-heading">Data-quality flags</h2>${content}</section>`;
}

function notificationsSection(m: TrustModel): SafeHtml {
  const later = m.notifications.some((n) => !n.in_figures);
  const content = table({
    id: 'notifications-table',
    caption: `What ${m.estimate.name} told us about its data for these months`,
    empty: 'These figures take no notification from the trust into account.',
    columns: [
      { header: 'Month', rowHeader: true, cell: (n) => monthName(n.month) },
      { header: 'About', cell: (n) => NOTIFICATION_CATEGORIES[n.category] ?? humanise(n.category) },
      { header: 'What the trust said', cell: (n) => n.text },
      { header: 'Raised', cell: (n) => (n.raised_at ? n.raised_at.slice(0, 10) : '–') },
      { header: 'Review', cell: (n) => reviewOf(n) },
      ...(later ? [{ header: 'In these figures', cell: (n: TrustModel['notifications'][number]) => (n.in_figures ? 'Yes' : 'Not yet') }] : []),
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
  const content = table({
    id: 'revisions-table',
    caption: `Every calculation of ${monthName(m.release.period)} for ${m.estimate.name}, oldest first`,
    rowKey: (r) => r.run_id,
    columns: [
      { header: 'Calculated', rowHeader: true, cell: (r) => r.created_at.slice(0, 16).replace('T', ' ') },
      { header: 'Vintage', cell: (r) => humanise(r.vintage) },
      { header: 'What changed', cell: (r) => html`${r.changes.map((c, i) => html`${i ? html`<br>` : ''}${c}`)}` },
      { header: 'Productivity growth', numeric: true, cell: (r) => percent(r.productivity_growth) },
      { header: 'Output growth', numeric: true, cell: (r) => percent(r.output_growth) },
      { header: 'Input growth', numeric: true, cell: (r) => percent(r.input_growth) },
      { header: 'Published now', cell: (r) => (r.published ? 'Yes' : 'No') },
    ],
    rows: m.revisions,
  });
  const note = m.revisions.length > 1 ? html`<p>This month was calculated ${m.revisions.length} times; the difference between two vintages is a revision.</p>` : html`<p>This month has been calculated once: no revision yet.</p>`;
  return html`<section aria-labelledby="revisions-heading"><h2 id="revisions-heading">Revisions</h2>${note}${content}</section>`;
}

export function renderTrust(m: TrustModel): string {
  const e = m.estimate;
  const period = m.release.period;
  const headline = html`<ul class="headline" aria-label="Headline figures for ${e.name}">
<li><span class="label">Productivity growth</span><span class="figure" data-measure="productivity_growth">${percent(e.productivity_growth)}</span></li>
<li><span class="label">Output growth (cost-weighted activity)</span><span class="figure" data-measure="output_growth">${percent(e.output_growth)}</span></li>
<li><span class="label">Input growth (real-terms spend)</span><span class="figure" data-measure="input_growth">${percent(e.input_growth)}</span></li>
</ul>`;
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="/report?period=${period}">England, ${monthName(period)}</a></li><li aria-current="page">${e.name}</li></ol></nav>
<h1>${e.name} <span class="meta">(${e.org_code})</span></h1>
${releaseFacts(m.release)}
<dl class="facts"><dt>Sector</dt><dd>${humanise(e.sector)}</dd><dt>Region</dt><dd>${e.region}</dd><dt>Peer group</dt><dd>${e.peer_group}</dd><dt>Estimate</dt><dd data-fact="status">${STATUS_TEXT[e.status] ?? humanise(e.status)}, ${e.months} month(s) of the year</dd></dl>
<section aria-labelledby="headline-heading"><h2 id="headline-heading">Headline</h2><p>Growth from April to ${monthName(period)} against the same months a year earlier (${VINTAGES[e.vintage] ? humanise(e.vintage).toLowerCase() : e.vintage} figures).</p>${headline}</section>
${seriesSection(m)}
${contributionsSection(m)}
${peersSection(m)}
${flagsSection(m)}
${notificationsSection(m)}
${revisionsSection(m)}`;
  return page({ title: `${e.name}: productivity, ${monthName(period)}`, body });
}
