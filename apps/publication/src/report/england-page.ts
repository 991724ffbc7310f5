// The England page: headline growth, growth over the months, sector/region/peer-group tables,
// the distribution of trust growth and the list of trusts (links to their pages).
import { AggregateRow, EstimateRow } from '../source-views';
import { barChart, histogram, histogramBins, lineChart } from './charts';
import { explainFlag } from './explanations';
import { humanise, monthName, percent, percentNumber, shortMonth, VINTAGES } from './format';
import { html, join, SafeHtml } from './html';
import { Column, figure, page, table } from './layout';
import type { EnglandModel } from './report-data';

// Chart labels: the same true minus sign as the tables.
const signed = (v: number, dp: number) => {
  const text = Math.abs(v).toFixed(dp);
  return `${v < 0 && Number(text) !== 0 ? '\u2212' : ''}${text}%`;
};
export const pctAxis = (v: number) => signed(v, 1);
const pctLabel = (v: number) => signed(v, 2);

export function trustLink(org: string, period: string, text: string): SafeHtml {
  return html`<a href="/report/trusts/${encodeURIComponent(org)}?period=${encodeURIComponent(period)}">${text}</a>`;
}

export function flagList(flags: string[] | null | undefined): SafeHtml {
  if (!flags || flags.length === 0) return html`None`;
  return join(flags.map((f) => html`<span class="flag" title="${explainFlag(f)}">${humanise(f.toLowerCase())}</span>`), ' ');
}

export function releaseFacts(release: EnglandModel['release']): SafeHtml {
  const preview = release.status !== 'published'
    ? html`<p class="warning"><strong>Preview, not published (${release.status}).</strong> Only keys with an analyst role or above see these figures.</p>`
    : html``;
  return html`${preview}<dl class="facts"><dt>Period</dt><dd data-fact="period">${monthName(release.period)} (year to date)</dd><dt>Vintage</dt><dd data-fact="vintage">${VINTAGES[release.vintage] ?? release.vintage}</dd><dt>Published</dt><dd>${release.publishedAt ? release.publishedAt.slice(0, 10) : 'not yet'}</dd></dl>`;
}

function growthColumns(): Column<AggregateRow>[] {
  return [
    // Productivity first: the column a phone shows without scrolling.
    { header: 'Productivity growth', numeric: true, key: 'productivity_growth', cell: (a) => percent(a.productivity_growth) },
    { header: 'Output growth', numeric: true, key: 'output_growth', cell: (a) => percent(a.output_growth) },
    { header: 'Input growth', numeric: true, key: 'input_growth', cell: (a) => percent(a.input_growth) },
  ];
}

function groupSection(level: string, heading: string, rows: AggregateRow[], period: string): SafeHtml {
  const label = level === 'sector' ? 'Sector' : level === 'region' ? 'Region' : 'Peer group';
  const charted = rows.filter((a) => a.productivity_growth !== null);
  const tableHtml = table({
    id: `${level}-table`,
    caption: `${heading}, ${monthName(period)}: growth year to date`,
    rowKey: (a) => `${a.level}|${a.group}`,
    columns: [{ header: label, rowHeader: true, key: 'group', cell: (a) => humanise(a.group) }, ...growthColumns(), { header: 'Trusts', numeric: true, key: 'trusts', cell: (a) => String(a.trusts) }],
    rows,
  });
  const chart = charted.length
    ? barChart({
        id: `${level}-chart`,
        title: `Productivity growth by ${label.toLowerCase()}, ${monthName(period)}`,
        description: charted.map((a) => `${humanise(a.group)}: ${percent(a.productivity_growth)}`).join('; '),
        data: charted.map((a) => ({ label: humanise(a.group), value: percentNumber(a.productivity_growth)! })),
        format: pctLabel,
      })
    : html``;
  return html`<section aria-labelledby="${level}-heading"><h2 id="${level}-heading">${heading}</h2>${chart}${tableHtml}</section>`;
}

function distributionSection(estimates: EstimateRow[], national: AggregateRow | undefined, period: string): SafeHtml {
  const values = estimates.filter((e) => e.productivity_growth !== null).map((e) => percentNumber(e.productivity_growth)!);
  if (values.length === 0) return html`<section aria-labelledby="distribution-heading"><h2 id="distribution-heading">How trusts' growth is spread</h2><p>No trust has an estimate for this period.</p></section>`;
  const bins = histogramBins(values);
  const englandValue = percentNumber(national?.productivity_growth);
  const chart = histogram({
    id: 'distribution-chart',
    title: `Distribution of trust productivity growth, ${monthName(period)}`,
    description: `${values.length} trusts with an estimate, from ${pctLabel(Math.min(...values))} to ${pctLabel(Math.max(...values))}` + (englandValue !== null ? `; England ${pctLabel(englandValue)}` : ''),
    values,
    format: pctAxis,
    marker: englandValue !== null ? { label: `England ${pctLabel(englandValue)}`, value: englandValue } : undefined,
  });
  const data = table({
    id: 'distribution-table',
    caption: 'Number of trusts by band of productivity growth',
    columns: [
      { header: 'Band', rowHeader: true, cell: (b) => `${pctLabel(b.from)} to ${pctLabel(b.to)}` },
      { header: 'Trusts', numeric: true, cell: (b) => String(b.count) },
    ],
    rows: bins,
  });
  const without = estimates.length - values.length;
  return html`<section aria-labelledby="distribution-heading"><h2 id="distribution-heading">How trusts' growth is spread</h2><p>${values.length} of ${estimates.length} trusts have an estimate${without ? html`; ${without} have none because data is missing (see the list of trusts)` : ''}.</p>${figure({ caption: 'Trusts by productivity growth', chart, data })}</section>`;
}

function nationalSeriesSection(model: EnglandModel): SafeHtml {
  if (model.national.length < 2) return html``;
  const labels = model.national.map((p) => shortMonth(p.period));
  const chart = lineChart({
    id: 'national-series-chart',
    title: 'England growth by month (year to date)',
    description: model.national.map((p) => `${monthName(p.period)}: productivity ${percent(p.productivity_growth)}`).join('; '),
    labels,
    series: [
      { name: 'Productivity growth', values: model.national.map((p) => percentNumber(p.productivity_growth)) },
      { name: 'Output growth', values: model.national.map((p) => percentNumber(p.output_growth)) },
      { name: 'Input growth', values: model.national.map((p) => percentNumber(p.input_growth)) },
    ],
    format: pctAxis,
  });
  const data = table({
    id: 'national-series-table',
    caption: 'England growth by published month',
    columns: [
      { header: 'Month', rowHeader: true, cell: (p) => html`<a href="/report?period=${p.period}">${monthName(p.period)}</a>` },
      { header: 'Output growth', numeric: true, cell: (p) => percent(p.output_growth) },
      { header: 'Input growth', numeric: true, cell: (p) => percent(p.input_growth) },
      { header: 'Productivity growth', numeric: true, cell: (p) => percent(p.productivity_growth) },
    ],
    rows: model.national,
  });
  return html`<section aria-labelledby="months-heading"><h2 id="months-heading">Over the months</h2><p>Each month's figure covers the financial year to that month.</p>${figure({ caption: 'England growth by month', chart, data })}</section>`;
}

function trustList(model: EnglandModel): SafeHtml {
  const period = model.release.period;
  return html`<section aria-labelledby="trusts-heading"><h2 id="trusts-heading">Trusts</h2>${table({
    id: 'trusts-table',
    caption: `All trusts, ${monthName(period)}: growth year to date`,
    rowKey: (e) => e.org_code,
    columns: [
      { header: 'Trust', rowHeader: true, key: 'name', cell: (e) => trustLink(e.org_code, period, e.name) },
      { header: 'Productivity growth', numeric: true, key: 'productivity_growth', cell: (e) => percent(e.productivity_growth) },
      { header: 'Output growth', numeric: true, key: 'output_growth', cell: (e) => percent(e.output_growth) },
      { header: 'Input growth', numeric: true, key: 'input_growth', cell: (e) => percent(e.input_growth) },
      { header: 'Flags', cell: (e) => flagList(e.flags) },
      { header: 'Code', key: 'org_code', cell: (e) => e.org_code },
      { header: 'Sector', cell: (e) => humanise(e.sector) },
      { header: 'Region', cell: (e) => e.region },
    ],
    rows: model.estimates,
  })}</section>`;
}

export function renderEngland(model: EnglandModel): string {
  const period = model.release.period;
  const national = model.aggregates.find((a) => a.level === 'national');
  const by = (level: string) => model.aggregates.filter((a) => a.level === level);
  const headline = national
    ? html`<ul class="headline" aria-label="England headline figures">
<li><span class="label">Productivity growth</span><span class="figure" data-measure="productivity_growth">${percent(national.productivity_growth)}</span></li>
<li><span class="label">Output growth (cost-weighted activity)</span><span class="figure" data-measure="output_growth">${percent(national.output_growth)}</span></li>
<li><span class="label">Input growth (real-terms spend)</span><span class="figure" data-measure="input_growth">${percent(national.input_growth)}</span></li>
<li><span class="label">Trusts in the England figure</span><span class="figure" data-measure="trusts">${national.trusts}</span></li>
</ul>`
    : html`<p>No England figure was published for this period.</p>`;
  const otherPeriods = model.periods.length > 1
    ? html`<nav class="periods" aria-label="Other published months"><p class="meta">Other months:</p><ul>${model.periods.map((p) => (p === period ? html`<li><span aria-current="page"><strong>${shortMonth(p)}</strong></span></li>` : html`<li><a href="/report?period=${p}">${shortMonth(p)}</a></li>`))}</ul></nav>`
    : html``;
  const body = html`<h1>NHS trust productivity in England, ${monthName(period)}</h1>
${releaseFacts(model.release)}
${nextReleaseLine(model)}
${otherPeriods}
<section aria-labelledby="headline-heading"><h2 id="headline-heading">Headline</h2>
<p>Growth from April to ${monthName(period)} against the same months a year earlier. Productivity growth is (1 + output growth) / (1 + input growth) − 1, over the trusts with an estimate in both periods.</p>
${headline}</section>
${nationalSeriesSection(model)}
${groupSection('sector', 'By sector', by('sector'), period)}
${groupSection('region', 'By region', by('region'), period)}
${groupSection('peer_group', 'By peer group', by('peer_group'), period)}
${distributionSection(model.estimates, national, period)}
${trustList(model)}`;
  return page({ title: `NHS trust productivity in England, ${monthName(period)}`, body });
}

/** The publication calendar's next date (issue 16.1), in London time, with the calendar's addresses. */
function nextReleaseLine(model: EnglandModel): SafeHtml {
  if (!model.nextRelease) return html``;
  const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(model.nextRelease.releaseAt).replace(' at ', ', ');
  return html`<p class="meta" id="next-release">Next release: <strong>${when}</strong> (figures to ${monthName(model.nextRelease.period)}). <a href="/v1/calendar">Publication calendar</a> (<a href="/v1/calendar.ics">add to your calendar</a>)</p>`;
}
