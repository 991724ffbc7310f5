// The England page: headline growth, growth over the months, sector/region/peer-group charts and
// tables, the distribution of trust growth (with England's figure and the target marked) and the
// list of trusts (links to their pages). Every measure is named as the glossary names it, linked
// to its entry, and written in its unit.
import { glossaryEntry } from '@nhsp/board-answers';
import { AggregateRow, EstimateRow } from '../source-views';
import { chart, firstChart } from './chart-cache';
import { humanise, monthName, shortMonth } from './format';
import { html, join, SafeHtml } from './html';
import { cards, Column, figure, page, summaryList, table, tag, warning } from './layout';
import { englandPlanHtml } from './plan-parts';
import type { EnglandModel, ReleaseInfo } from './report-data';
import { glossaryHref, growth, inUnit, term, termName, trustCount } from './terms';

const GROWTHS = ['productivity_growth', 'output_growth', 'input_growth'] as const;
const GROWTH_AXIS = 'Growth on the same months a year earlier';

export function trustLink(org: string, period: string, text: string): SafeHtml {
  return html`<a href="/report/trusts/${encodeURIComponent(org)}?period=${encodeURIComponent(period)}">${text}</a>`;
}

/** Flags as design-system tags, each a link to its glossary entry (name and explanation). */
export function flagList(flags: string[] | null | undefined): SafeHtml {
  if (!flags || flags.length === 0) return html`None`;
  return html`<span class="nhsp-tags">${join(
    flags.map((f) => html`<a href="${glossaryHref('flag', f)}" title="${glossaryEntry('flag', f)?.explanation ?? ''}">${tag(termName('flag', f), f === 'MISSING_DATA' ? 'red' : 'yellow', html` data-flag="${f}"`)}</a>`),
    ' ',
  )}</span>`;
}

/** A vintage as a tag with its glossary name ("Provisional, revised"), linked to its meaning. */
export function vintageTag(vintage: string): SafeHtml {
  return html`<a href="${glossaryHref('vintage', vintage)}">${tag(termName('vintage', vintage), vintage === 'provisional' ? 'blue' : 'purple')}</a>`;
}

export function releaseFacts(release: ReleaseInfo): SafeHtml {
  const preview =
    release.status !== 'published'
      ? warning(`Preview, not published (${release.status})`, html`<p>Only keys with an analyst role or above see these figures.</p>`, 2)
      : html``;
  return html`${preview}${summaryList([
    { key: 'Period', value: `${monthName(release.period)} (year to date)`, fact: 'period' },
    { key: 'Vintage', value: vintageTag(release.vintage), fact: 'vintage' },
    { key: 'Published', value: release.publishedAt ? release.publishedAt.slice(0, 10) : 'not yet' },
  ])}`;
}

/** The three growth columns, each headed by its glossary name (a link); cells carry their unit. */
export function growthColumns<T extends Record<(typeof GROWTHS)[number], string | null>>(): Column<T>[] {
  return GROWTHS.map((g) => ({ header: termName('measure', g), headerHtml: term('measure', g), numeric: true, key: g, cell: (r: T) => growth(r[g]) }));
}

function groupName(level: string, group: string): string {
  return level === 'sector' ? termName('sector', group) : level === 'peer_group' ? humanise(group) : group;
}

function groupSection(level: 'sector' | 'region' | 'peer_group', heading: string, rows: AggregateRow[], period: string): SafeHtml {
  const label = termName('level', level);
  const tableHtml = table<AggregateRow>({
    id: `${level}-table`,
    caption: `${heading}, ${monthName(period)}: growth year to date`,
    rowKey: (a) => `${a.level}|${a.group}`,
    columns: [
      { header: label, headerHtml: term('level', level), rowHeader: true, key: 'group', cell: (a) => groupName(level, a.group) },
      ...growthColumns<AggregateRow>(),
      { header: termName('measure', 'trusts'), headerHtml: term('measure', 'trusts'), numeric: true, key: 'trusts', cell: (a) => trustCount(a.trusts) },
    ],
    rows,
  });
  const charted = rows.filter((a) => a.productivity_growth !== null);
  const content = charted.length
    ? figure({
        title: `Productivity growth by ${label.toLowerCase()}`,
        table: tableHtml,
        chart: chart('barList', 'growth', {
          id: `${level}-chart`,
          title: `Productivity growth by ${label.toLowerCase()}, ${monthName(period)}`,
          bars: charted.map((a) => ({ label: groupName(level, a.group), value: a.productivity_growth })),
          axisTitle: 'Productivity growth',
          nameHeader: label,
        }),
      })
    : tableHtml;
  return html`<section aria-labelledby="${level}-heading"><h2 id="${level}-heading">${heading}</h2>${content}</section>`;
}

function distributionSection(model: EnglandModel, national: AggregateRow | undefined): SafeHtml {
  const { estimates, release } = model;
  const values = estimates.filter((e) => e.productivity_growth !== null).map((e) => e.productivity_growth);
  const heading = html`<h2 id="distribution-heading">How trusts' growth is spread</h2>`;
  if (values.length === 0) return html`<section aria-labelledby="distribution-heading">${heading}<p>No trust has an estimate for this period.</p></section>`;
  const england = national?.productivity_growth != null ? [{ label: 'England', value: national.productivity_growth }] : [];
  const target = { label: 'Target', value: release.target };
  // The charts library may find no room for two marker labels over very few bars: then the
  // target alone, then England alone, then none (the sentence above the chart names both figures).
  const markerSets = [[...england, target], [target], england, []].filter((set, i, all) => i === 0 || set.length < all[0].length);
  const { output: drawing, used } = firstChart(
    'histogram',
    'growth',
    markerSets.map((markers) => ({
      id: 'distribution-chart',
      title: `Trusts by productivity growth, ${monthName(release.period)}`,
      values,
      markers,
      axisTitle: 'Productivity growth, year to date',
      countNoun: 'trusts',
      // A marker beyond the open end bars (±10%, §6 OUTLIER) cannot be drawn on them: no open bars then.
      outlierBeyond: markers.some((m) => Math.abs(Number(m.value)) > 0.1) ? null : 0.1,
    })),
  );
  const drawn = new Set(markerSets[used].map((m) => m.label));
  const targetText = html`the <a href="${glossaryHref('measure', 'target')}">target</a> of ${inUnit('growth', release.target)} a year`;
  const englandText = england.length ? html`England's figure (${growth(national!.productivity_growth)})` : null;
  const markedText =
    drawn.has('Target') && drawn.has('England')
      ? html`The rules mark ${englandText} and ${targetText}.`
      : drawn.has('Target')
        ? html`The rule marks ${targetText}${englandText ? html`; ${englandText} is in the headline` : ''}.`
        : drawn.has('England')
          ? html`The rule marks ${englandText}; ${targetText} is not drawn.`
          : html`Neither England's figure nor ${targetText} is drawn.`;
  const without = estimates.length - values.length;
  return html`<section aria-labelledby="distribution-heading">${heading}<p>${values.length} of ${estimates.length} trusts have an estimate${
    without ? '; the others have none because data is missing (see the list of trusts)' : ''
  }. ${markedText}</p>${figure({ title: 'Trusts by productivity growth', chart: drawing })}</section>`;
}

function nationalSeriesSection(model: EnglandModel): SafeHtml {
  if (model.national.length === 0) return html``;
  const drawing = chart('monthChart', 'growth', {
    id: 'national-series-chart',
    title: 'England growth by month (year to date)',
    months: model.national.map((p) => p.period),
    series: GROWTHS.map((g) => ({ name: termName('measure', g), values: model.national.map((p) => p[g]) })),
    axisTitle: GROWTH_AXIS,
  });
  return html`<section aria-labelledby="months-heading"><h2 id="months-heading">Over the months</h2><p>Each month's figure covers the financial year to that month.</p>${figure({ title: 'England growth by month', chart: drawing })}</section>`;
}

function trustList(model: EnglandModel): SafeHtml {
  const period = model.release.period;
  return html`<section aria-labelledby="trusts-heading"><h2 id="trusts-heading">Trusts</h2>${table<EstimateRow>({
    id: 'trusts-table',
    caption: `All trusts, ${monthName(period)}: growth year to date`,
    rowKey: (e) => e.org_code,
    columns: [
      { header: 'Trust', headerHtml: term('level', 'trust'), rowHeader: true, key: 'name', cell: (e) => html`${trustLink(e.org_code, period, e.name)} <span class="nhsp-unit" data-col="org_code">${e.org_code}</span>` },
      ...growthColumns<EstimateRow>(),
      { header: 'Flags', headerHtml: html`<a href="/report/glossary#flags">Flags</a>`, cell: (e) => flagList(e.flags) },
      { header: 'Sector', headerHtml: term('level', 'sector'), cell: (e) => termName('sector', e.sector) },
      { header: 'Region', headerHtml: term('level', 'region'), cell: (e) => e.region },
    ],
    rows: model.estimates,
  })}</section>`;
}

export function renderEngland(model: EnglandModel): string {
  const period = model.release.period;
  const national = model.aggregates.find((a) => a.level === 'national');
  const by = (level: string) => model.aggregates.filter((a) => a.level === level);
  const headline = national
    ? cards('England headline figures', [
        ...GROWTHS.map((g) => ({ measure: g, title: term('measure', g), figure: growth(national[g]), description: glossaryEntry('measure', g)?.explanation })),
        { measure: 'trusts', title: term('measure', 'trusts'), figure: trustCount(national.trusts), description: 'Trusts with an estimate in both periods.' },
      ])
    : html`<p>No England figure was published for this period.</p>`;
  const otherPeriods =
    model.periods.length > 1
      ? html`<nav aria-label="Other published months"><p class="nhsuk-body-s">Other months:</p><ul class="nhsp-periods">${model.periods.map((p) =>
          p === period ? html`<li><strong aria-current="page">${shortMonth(p)}</strong></li>` : html`<li><a href="/report?period=${p}">${shortMonth(p)}</a></li>`,
        )}</ul></nav>`
      : html``;
  const body = html`<h1>NHS trust productivity in England, ${monthName(period)}</h1>
${releaseFacts(model.release)}
${nextReleaseLine(model)}
${otherPeriods}
<section aria-labelledby="headline-heading"><h2 id="headline-heading">Headline</h2>
<p>Growth from April to ${monthName(period)} against the same months a year earlier, over the trusts with an estimate in both periods. <a href="/report/glossary">What each figure means</a>.</p>
${headline}</section>
${model.plan ? englandPlanHtml(model.plan) : ''}
${nationalSeriesSection(model)}
${groupSection('sector', 'By sector', by('sector'), period)}
${groupSection('region', 'By region', by('region'), period)}
${groupSection('peer_group', 'By peer group', by('peer_group'), period)}
${distributionSection(model, national)}
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
