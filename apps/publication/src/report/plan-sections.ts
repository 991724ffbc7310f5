// The plan view's page parts (issue 13 item 5; methodology §8–§10): pure functions from the
// release's rows to markup. The England part: how many trusts are on track, what England still
// needs this year (or, at Month 12, how the year ended) and the national index since 2019/20
// against 100 and the target's path. The trust part: its figure with its stability band and the
// method's sensitivity spread, on track or not, what it still needs, the projected full year,
// UNSTABLE explained, and its index beside its peer group's.
import { formatFigure, periodLabel, UNIT_DISPLAYS } from '@nhsp/board-answers';
import type { BandFigureOptions, ChartOutput } from '@nhsp/charts';
import { chart as drawnChart, firstChart } from './chart-cache';
import { Exact, FinancialYear, YearToDate } from '@nhsp/domain';
import { DEFAULT_SETTINGS, gapToBase } from '@nhsp/methodology';
import { html, SafeHtml } from './html';
import { chartBeside, Fact, factList, idPart, nonAcuteCaveat, targetText, termLink } from './plan-html';
import type { IndexRow, PlanTrust, RankStabilityRow, SensitivityRow, StabilityRow, TargetRow } from './plan-types';

const growth = (v: string | null) => formatFigure('measure', 'productivity_growth', v);
const spread = (v: string | null) => formatFigure('measure', 'band', v);
const pounds = (v: string | null) => formatFigure('measure', 'savings_needed_gbp', v);

/** Where the year stands: Month m of FY t, complete at Month 12. */
function yearOf(period: string): { months: number; year: string; lastYear: string; complete: boolean } {
  const ytd = YearToDate.of(period);
  return { months: ytd.months, year: ytd.financialYear.toString(), lastYear: ytd.financialYear.previous.toString(), complete: ytd.months === 12 };
}

/** "£1,234" still to save, or "ahead by £1,234" where the figure is negative (§8). */
function savingsText(value: string | null): string {
  if (value === null) return pounds(null);
  const d = new Exact(value);
  return d.isNegative() && !d.isZero() ? `ahead by ${pounds(d.abs().toString())}` : pounds(value);
}

/** The rest-of-year figures of a target row, or why there are none (§8: Month 12, or a base year lacking a month). */
function restOfYearFacts(row: TargetRow, who: string): Fact[] {
  const { months, year, lastYear } = yearOf(row.period);
  if (row.required_output_growth_rest === null) {
    return [
      {
        code: 'required_output_growth_rest',
        label: termLink('measure', 'required_output_growth_rest'),
        text: 'Not available',
        note: `A month of ${lastYear} lacks activity or finance for ${who}, so the rest of ${year} has nothing to be measured against.`,
      },
    ];
  }
  const rest = 12 - months;
  const restText = `the remaining ${rest} month${rest === 1 ? '' : 's'} of ${year}, against the same months of ${lastYear}`;
  return [
    {
      code: 'required_output_growth_rest',
      label: termLink('measure', 'required_output_growth_rest'),
      text: growth(row.required_output_growth_rest),
      value: row.required_output_growth_rest,
      note: `Over ${restText}, if spending keeps growing as it has so far.`,
    },
    {
      code: 'required_productivity_growth_rest',
      label: termLink('measure', 'required_productivity_growth_rest'),
      text: growth(row.required_productivity_growth_rest),
      value: row.required_productivity_growth_rest,
      note: `Over ${restText}.`,
    },
    {
      code: 'savings_needed_gbp',
      label: termLink('measure', 'savings_needed_gbp'),
      text: savingsText(row.savings_needed_gbp),
      value: row.savings_needed_gbp,
      note: `Real-terms spend (${lastYear} prices) to take out of the rest of the year if activity keeps growing as it has; “ahead by” means the full year reaches ${targetText(row.target)} with that much to spare.`,
    },
  ];
}

/** The facts of a target row: growth so far, on track, what the rest of the year needs, the projected full year. */
function targetFacts(row: TargetRow, who: string): Fact[] {
  const { year, lastYear, complete } = yearOf(row.period);
  const target = targetText(row.target);
  if (complete) {
    return [
      { code: 'productivity_growth', label: html`${termLink('measure', 'productivity_growth')}, ${year}`, text: growth(row.productivity_growth), value: row.productivity_growth, note: `The full year against ${lastYear}.` },
      { code: 'on_track', label: html`Reached the ${termLink('measure', 'target')} of ${target}`, text: UNIT_DISPLAYS.yes_no.format(row.on_track), value: String(row.on_track) },
    ];
  }
  return [
    { code: 'productivity_growth', label: html`${termLink('measure', 'productivity_growth')} so far`, text: growth(row.productivity_growth), value: row.productivity_growth, note: periodLabel(row.period) },
    {
      code: 'on_track',
      label: html`${termLink('measure', 'on_track')} for ${target}`,
      text: UNIT_DISPLAYS.yes_no.format(row.on_track),
      value: String(row.on_track),
      note: row.on_track ? `At or above the ${target} target so far.` : `Below the ${target} target so far.`,
    },
    ...restOfYearFacts(row, who),
    {
      code: 'projected_full_year_growth',
      label: termLink('measure', 'projected_full_year_growth'),
      text: growth(row.projected_full_year_growth),
      value: row.projected_full_year_growth,
      note: row.projected_full_year_growth === null ? 'Not available without the rest of the year’s base.' : `${year} as a whole if the pace of the last three months carries on.`,
    },
  ];
}

/** Consecutive financial years covering every row, oldest first. */
function yearsOf(rows: readonly IndexRow[]): string[] {
  const starts = rows.map((r) => FinancialYear.parse(r.year).startYear);
  if (starts.length === 0) return [];
  const first = Math.min(...starts);
  const last = Math.max(...starts);
  return Array.from({ length: last - first + 1 }, (_, i) => FinancialYear.of(first + i).toString());
}

const valuesFor = (rows: readonly IndexRow[], years: readonly string[]) => years.map((y) => rows.find((r) => r.year === y)?.index_value ?? null);

/** The latest complete year's gap to the base (§9), as a sentence; null without a complete year after the base. */
function gapSentence(rows: readonly IndexRow[], who: string): SafeHtml | null {
  const complete = rows.filter((r) => !r.in_progress && r.index_value !== null && r.productivity_growth !== null);
  const latest = complete.sort((a, b) => FinancialYear.parse(b.year).startYear - FinancialYear.parse(a.year).startYear)[0];
  if (!latest) return null;
  const base = rows.filter((r) => r.productivity_growth === null && r.index_value !== null).map((r) => r.year).sort()[0] ?? 'the base year';
  const gap = gapToBase(new Exact(latest.index_value!));
  const where = gap.isZero() ? `level with ${base}` : `${UNIT_DISPLAYS.growth.format(gap.abs().toString()).replace(/^\+/, '')} ${gap.isNegative() ? 'below' : 'above'} ${base}`;
  return html`<p data-figure="gap_to_base" data-value="${gap.toString()}">In ${latest.year}, the latest complete year, ${who}’s ${termLink('measure', 'index', 'productivity index')} stood at ${UNIT_DISPLAYS.index.format(latest.index_value)}: ${where}.</p>`;
}

function indexPart(o: { id: string; title: string; rows: readonly IndexRow[]; peer?: { name: string; rows: readonly IndexRow[] }; name: string; target: string }): SafeHtml {
  const years = yearsOf([...o.rows, ...(o.peer?.rows ?? [])]);
  if (years.length === 0) return html`<p>No ${termLink('measure', 'index', 'productivity index')} yet: there is no complete financial year to start it from.</p>`;
  const lastYear = years[years.length - 1];
  const lastInProgress = [...o.rows, ...(o.peer?.rows ?? [])].some((r) => r.year === lastYear && r.in_progress);
  // Drawn once per release and trust (chart-cache.ts): the page is rendered on every request.
  const chart = drawnChart('indexChart', 'index', {
    id: o.id,
    title: o.title,
    years,
    index: { name: o.name, values: valuesFor(o.rows, years) },
    peer: o.peer ? { name: o.peer.name, values: valuesFor(o.peer.rows, years) } : undefined,
    lastInProgress,
    target: o.target,
    axisTitle: 'Productivity index',
  });
  return html`${chartBeside(chart)}${gapSentence(o.rows, o.name)}`;
}

export interface EnglandPlanView {
  period: string;
  /** Every target row of the release (trust rows are counted; the national row is England's). */
  targets: readonly TargetRow[];
  /** The national index rows (level `national`). */
  index: readonly IndexRow[];
  rankStability?: RankStabilityRow | null;
}

/** The England page's opening: trusts on track, England's needs for the rest of the year, the national index. */
export function englandPlanSection(v: EnglandPlanView): SafeHtml {
  const trusts = v.targets.filter((t) => t.level === 'trust');
  const england = v.targets.find((t) => t.level === 'national');
  if (!england) throw new Error(`the targets of ${v.period} have no national row`);
  const onTrack = trusts.filter((t) => t.on_track).length;
  const { year, complete } = yearOf(v.period);
  const target = targetText(england.target);
  const lead = complete
    ? html`${year} is complete: <strong data-figure="trusts_on_track" data-value="${onTrack}">${onTrack} of ${trusts.length} trusts</strong> reached the ${termLink('measure', 'target')} of ${target} productivity growth, and England’s growth for the year was ${growth(england.productivity_growth)}.`
    : html`<strong data-figure="trusts_on_track" data-value="${onTrack}">${onTrack} of ${trusts.length} trusts</strong> are ${termLink('measure', 'on_track', 'on track')} for ${target} productivity growth in ${year}: their growth so far, ${periodLabel(v.period)}, is at or above the target.`;
  const rank = v.rankStability?.rank_stability ?? null;
  const rankPart =
    rank === null
      ? null
      : html`<p data-figure="rank_stability" data-value="${rank}">${termLink('measure', 'rank_stability')} since last month: ${UNIT_DISPLAYS.correlation.format(rank)} (1 means the trusts’ order did not change at all).</p>`;
  const index = [...v.index].filter((r) => r.level === 'national');
  return html`<section class="nhsp-plan" id="plan-england" aria-labelledby="plan-england-heading">
<h2 id="plan-england-heading">${complete ? `How ${year} ended against the ${target} target` : `On track for ${target}?`}</h2>
<p class="nhsuk-body-l">${lead}</p>
${factList('plan-england-facts', targetFacts(england, 'England'))}
${rankPart}
<h3 id="plan-england-index-heading">England’s productivity since ${index.length ? index.map((r) => r.year).sort()[0] : '2019/20'}</h3>
${indexPart({ id: 'plan-england-index', title: `England’s productivity index against 100 and against ${target} a year`, rows: index, name: 'England', target: england.target })}
</section>`;
}

export interface TrustPlanView {
  trust: PlanTrust;
  period: string;
  /** The trust's target row; null where it has no estimate for the period. */
  target: TargetRow | null;
  stability: StabilityRow | null;
  /** The trust's rows of `v_sensitivity` (any order); empty where sensitivity has not been computed. */
  sensitivity: readonly SensitivityRow[];
  /** The trust's index rows and its peer group's (level `peer_group`, group = its peer group). */
  index: readonly IndexRow[];
  peerIndex: readonly IndexRow[];
  /** The run's `unstable_band` setting as a fraction; default the methodology's (0.02). */
  unstableBand?: string;
}

/**
 * The band as a picture. `bandFigure` (libs/charts) throws when it finds no room for the figure's
 * and the target's labels (e.g. +2.84% ± 2.40 pts beside a 2% target on a phone); the page must
 * not fail for a picture of figures it also writes out, so it is drawn without the target rule
 * then, and left out if that fails too (reported to the charts' owner).
 */
function bandPicture(o: Omit<BandFigureOptions, 'format'>): ChartOutput | null {
  try {
    // Drawn once per release and trust (chart-cache.ts), the way that worked remembered.
    return firstChart('bandFigure', 'growth', [o, { ...o, target: undefined }]).output;
  } catch {
    return null;
  }
}

/** "+1.20% ± 0.80 pts", its band picture, its sensitivity spread and (where flagged) UNSTABLE explained. */
function bandPart(v: TrustPlanView, growthValue: string, t: PlanTrust): SafeHtml {
  const band = v.stability?.band ?? null;
  const figureText = band === null ? growth(growthValue) : `${growth(growthValue)} ± ${spread(band)}`;
  const picture = bandPicture({
    id: `plan-band-${idPart(t.org_code)}`,
    title: `${t.name}: productivity growth so far and its stability band`,
    measure: 'Productivity growth',
    value: growthValue,
    band,
    target: v.target?.target,
    bandFormat: UNIT_DISPLAYS.spread,
    axisTitle: 'Productivity growth, year to date',
  });
  const spreadValue = v.sensitivity.find((s) => s.spread !== null)?.spread ?? null;
  const facts: Fact[] = [
    {
      code: 'band',
      label: termLink('measure', 'band'),
      text: band === null ? 'No band yet' : `± ${spread(band)}`,
      value: band,
      note: band === null ? 'Fewer than 3 month-to-month moves in the last 12 months.' : 'How much the figure usually moves from one month to the next.',
    },
    {
      code: 'sensitivity_spread',
      label: termLink('measure', 'sensitivity_spread'),
      // No rows: the low-priority sensitivity job has not run for this release yet; rows without a
      // spread: fewer than two of the method's variants gave the trust an estimate.
      text: spreadValue !== null ? spread(spreadValue) : v.sensitivity.length ? 'Not available' : 'Not computed for this release',
      value: spreadValue,
      note: 'How far the figure moves when the method’s open choices are made differently.',
    },
  ];
  if (v.stability?.month_move != null) facts.push({ code: 'month_move', label: termLink('measure', 'month_move'), text: formatFigure('measure', 'month_move', v.stability.month_move), value: v.stability.month_move });
  if (v.stability?.revision_range != null) facts.push({ code: 'revision_range', label: termLink('measure', 'revision_range'), text: spread(v.stability.revision_range), value: v.stability.revision_range });
  const unstable = (t.flags ?? []).includes('UNSTABLE');
  const threshold = v.unstableBand ?? String(DEFAULT_SETTINGS.thresholds.unstableBand);
  const unstablePart = unstable
    ? html`<div class="nhsuk-warning-callout" id="plan-unstable"><h3 class="nhsuk-warning-callout__label">${termLink('flag', 'UNSTABLE', 'Unstable figure')}</h3><p>This figure usually moves by up to ± ${spread(band)} from one month to the next, more than the ${spread(threshold)} the method allows before it flags a figure as unstable. A month’s change may be a wobble rather than a real movement: do not rank the trust on it, and read it with its band.</p></div>`
    : null;
  return html`<p class="nhsp-figure-band" data-figure="figure_with_band" data-value="${growthValue}">${figureText}</p>
${unstablePart}
${picture ? chartBeside(picture) : null}
${factList(`plan-stability-${idPart(t.org_code)}`, facts)}`;
}

/** A trust page's plan part: figure with band and spread, target, rest of year, projected full year, index beside its peers'. */
export function trustPlanSection(v: TrustPlanView): SafeHtml {
  const t = v.trust;
  const caveat = nonAcuteCaveat(t.sector);
  const heading = html`<h2 id="plan-trust-heading">Against the ${v.target ? targetText(v.target.target) : targetText(String(DEFAULT_SETTINGS.target))} target</h2>`;
  const growthValue = v.target?.productivity_growth ?? v.stability?.productivity_growth ?? null;
  if (!v.target || growthValue === null) {
    return html`<section class="nhsp-plan" id="plan-trust" aria-labelledby="plan-trust-heading">${heading}<p>${t.name} has no estimate for ${periodLabel(v.period)}, so it has no position against the target.</p></section>`;
  }
  const target = targetText(v.target.target);
  const ownId = `plan-trust-index-${idPart(t.org_code)}`;
  return html`<section class="nhsp-plan" id="plan-trust" aria-labelledby="plan-trust-heading">
${heading}
${caveat}
${bandPart(v, growthValue, t)}
${factList(`plan-trust-facts-${idPart(t.org_code)}`, targetFacts(v.target, t.name))}
<h3>${t.name}’s productivity since ${yearsOf(v.index)[0] ?? '2019/20'}, beside its peer group</h3>
${nonAcuteCaveat(t.sector, 'short')}
${indexPart({
  id: ownId,
  title: `${t.name}: productivity index against 100 and against ${target} a year, beside ${t.peer_group}`,
  rows: v.index,
  peer: v.peerIndex.length ? { name: `${t.peer_group} (peer group)`, rows: v.peerIndex } : undefined,
  name: t.name,
  target: v.target.target,
})}
</section>`;
}

