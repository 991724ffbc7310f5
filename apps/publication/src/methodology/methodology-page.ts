// /report/methodology: the method in plain English, generated from the settings the release
// carries (its manifest), with the deflator values of its set, the board paper's caveats and the
// change log of the method between releases. Pure: model in, HTML out.
import { EQUALISATION_GROUPS, MethodSettings } from '@nhsp/methodology';
import { html, SafeHtml } from '../report/html';
import { page, table } from '../report/layout';
import type { MethodChange } from './method-changes';

export interface MethodologyModel {
  release: { id: string; period: string; vintage: string; status: string; publishedAt: Date | null };
  settings: MethodSettings;
  weightSet: { id?: unknown; name?: unknown; loaded_at?: unknown } | null;
  deflatorSet: { id?: unknown; name?: unknown; loaded_at?: unknown } | null;
  deflatorYears: Array<{ year: number; prices: string | null; pay: string | null; pay_and_prices: string | null }>;
  codeVersion: string | null;
  changes: MethodChange[];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthName = (period: string) => `${MONTHS[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;
/** A fraction as a percentage, exactly as stored (no rounding of a setting). */
const percent = (fraction: number | string | null) => (fraction === null ? '–' : `${+(Number(fraction) * 100).toPrecision(12)}%`);
const CATEGORY_NAMES: Record<string, string> = {
  pay_substantive: 'substantive pay', pay_bank: 'bank staff', pay_agency: 'agency staff', non_pay_drugs: 'drugs',
  non_pay_clinical_supplies: 'clinical supplies', non_pay_other: 'other non-pay', depreciation: 'depreciation',
  pfi_capital_charges: 'PFI capital charges', exceptional: 'exceptional costs',
};

/** The board paper's caveats (NHS productivity plan update; methodology commentary), in every release's methodology. */
export const CAVEATS = [
  'It measures activity, not outcomes: a hip replacement counts the same whatever the result for the patient, and the method cannot tell different quality of care apart.',
  'Data quality from non-acute services (community, mental health, ambulance) is weaker, and their activity is less well counted than acute activity; we have less confidence in their estimates.',
  'It does not capture care moved across sector boundaries ("left shift"): care moved out of hospital into the community or prevention can make a trust\'s measured productivity fall while overall value rises.',
  'Monthly in-year figures are subject to data quality and coding issues, in particular at trust level: they are provisional, revised as data are resubmitted, and finalised after the year end.',
];

export function renderMethodology(m: MethodologyModel): string {
  const s = m.settings;
  const group = EQUALISATION_GROUPS[s.equalisation];
  const preview = m.release.publishedAt === null;
  const body = html`
<h1>Methodology: how the ${monthName(m.release.period)} figures are made</h1>
${preview ? html`<p class="warning"><strong>Preview, not published.</strong> This release is ${m.release.status}; it is not yet public.</p>` : ''}
<p class="meta">Release ${m.release.id}, ${m.release.vintage.replace('_', ' ')} figures${m.release.publishedAt ? html`, published ${new Date(m.release.publishedAt).toISOString().slice(0, 10)}` : ''}. Everything below is generated from the settings this release was computed with.</p>

<h2 id="measure">The measure</h2>
<p>Each figure is <strong>year to date</strong>: the months of the financial year up to ${monthName(m.release.period)} against the same months a year earlier.</p>
<p><strong>Output</strong> is cost-weighted activity: every unit of activity (a spell, an attendance, a contact) is weighted by its national unit cost from ${setName(m.weightSet, 'the cost-weight set')}, the same weights in both years, so a shift towards costlier care counts as more output. Output growth is the growth of that total.</p>
<p><strong>Input</strong> is spend in real terms: pay deflated by the pay deflator and other spend by the prices deflator of ${setName(m.deflatorSet, 'the deflator set')} (series ${s.deflatorSeries}), so spend of both years is in the earlier year's prices. Input growth is the growth of real spend.</p>
<p><strong>Productivity growth</strong> = (1 + output growth) / (1 + input growth) − 1: output grown faster than input is a gain.</p>

<h2 id="settings">The settings of this release</h2>
<dl class="facts">
<dt>Cost weights</dt><dd>${setName(m.weightSet, 'not recorded')}</dd>
<dt>Deflators</dt><dd>${setName(m.deflatorSet, 'not recorded')}, series ${s.deflatorSeries}</dd>
<dt>Equalisation</dt><dd>${group.length ? `the same currency is weighted alike in ${group.join(' and ')} (one weight, the activity-weighted mean of their unit costs)` : 'none: every point of delivery keeps its own weight'}</dd>
<dt>Working days</dt><dd>${s.workingDays === 'on' ? 'elective and outpatient counts are adjusted for the working days of each year' : 'no working-day adjustment'}</dd>
<dt>Excluded from input</dt><dd>${s.excludedCategories.length ? s.excludedCategories.map((c) => CATEGORY_NAMES[c] ?? c).join(', ') : 'nothing'}</dd>
<dt>Productivity target</dt><dd>${percent(s.target)} a year</dd>
<dt>Index base year</dt><dd>${s.indexBase}</dd>
${m.codeVersion ? html`<dt>Calculation code</dt><dd>${m.codeVersion}</dd>` : ''}
</dl>
${table({
  id: 'thresholds',
  caption: 'Data-quality thresholds: a figure beyond one is flagged',
  columns: [
    { header: 'Flag', cell: (r: string[]) => r[0], rowHeader: true },
    { header: 'Raised when', cell: (r) => r[1] },
    { header: 'Threshold', numeric: true, cell: (r) => r[2], key: 'threshold' },
  ],
  rows: [
    ['UNWEIGHTED_ACTIVITY', 'the share of output from activity without a national weight is more than', percent(s.thresholds.unweightedShare)],
    ['POD_SHIFT', 'a point of delivery\'s share of output moved by more than (percentage points)', percent(s.thresholds.podShift)],
    ['OUTLIER', 'productivity growth is, either way, more than', percent(s.thresholds.outlier)],
    ['UNSTABLE', 'the trust\'s stability band is wider than (percentage points)', percent(s.thresholds.unstableBand)],
  ],
  rowKey: (r) => r[0],
})}
${table({
  id: 'deflators',
  caption: `Deflator values of ${String(m.deflatorSet?.name ?? 'the set')}: inflation into each financial year`,
  columns: [
    { header: 'Financial year', cell: (r: MethodologyModel['deflatorYears'][number]) => `${r.year}/${String((r.year + 1) % 100).padStart(2, '0')}`, rowHeader: true },
    { header: 'Prices', numeric: true, cell: (r) => percent(r.prices), key: 'prices' },
    { header: 'Pay', numeric: true, cell: (r) => percent(r.pay), key: 'pay' },
    { header: 'Pay and prices', numeric: true, cell: (r) => percent(r.pay_and_prices), key: 'pay_and_prices' },
  ],
  rows: m.deflatorYears,
  rowKey: (r) => String(r.year),
  empty: 'The deflator values are not available.',
})}

<h2 id="caveats">What the figures do not show</h2>
<ul>${CAVEATS.map((c) => html`<li>${c}</li>`)}</ul>

<h2 id="changes">Changes to the method</h2>
${m.changes.length === 0 ? html`<p>The method has not changed between the releases published so far.</p>` : html`<ol>${m.changes.map(
  (c) => html`<li data-release="${c.release.id}"><strong>${monthName(c.release.period)}, ${c.release.vintage.replace('_', ' ')}</strong>${c.release.published_at ? ` (published ${c.release.published_at.slice(0, 10)})` : ' (this preview)'}: ${c.changes.join('; ')}.</li>`,
)}</ol>`}
`;
  return page({ title: `Methodology, ${monthName(m.release.period)}`, body });
}

function setName(set: MethodologyModel['weightSet'], fallback: string): SafeHtml {
  if (!set || !set.name) return html`${fallback}`;
  const loaded = set.loaded_at ? ` loaded ${new Date(String(set.loaded_at)).toISOString().slice(0, 10)}` : '';
  return html`${String(set.name)} (set ${String(set.id)}${loaded})`;
}
