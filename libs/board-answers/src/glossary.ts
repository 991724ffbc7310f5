import { CORPORATE_FUNCTIONS, FINANCE_CATEGORIES, PODS, POD_SERVICE_CODES, SECTORS, WARD_TYPES } from '@nhsp/domain';
import {
  AGGREGATE_LEVELS,
  changeKindOf,
  COST_INDEX_GROUP_NAMES,
  COST_INDEX_GROUPS,
  DEFAULT_SETTINGS,
  FLAG_CODES,
  INDICATOR_WINDOWS,
  KEY_INDICATORS,
  LOS_GROUPS,
  PACK_METRICS,
  PACK_SECTIONS,
  VINTAGE_MEANINGS,
  VINTAGES,
} from '@nhsp/methodology';
import { DISPLAY_UNITS, DisplayUnitCode, FigureValue, UNIT_DISPLAYS } from './display-units';
import {
  BENCHMARK_METRIC_TERMS,
  DIMENSION_EXPLANATIONS,
  FINANCE_TERMS,
  FLAG_TERMS,
  INDICATOR_TERMS,
  PACK_METRIC_EXPLANATIONS,
  PACK_METRIC_UNITS,
  POD_TERMS,
  SECTOR_EXPLANATIONS,
  Term,
  VINTAGE_NAMES,
} from './glossary-terms';
import { dimensionLabel, METRIC_LABELS, SECTOR_LABELS } from './pack-labels';

/**
 * The glossary the pages link to (issue 15): every code a reader meets, by kind, with a plain
 * name, the unit its figures are written in (null for a category that is not itself a figure,
 * such as a flag or a sector), a one-line explanation, and where it has them the NCC service
 * name, what a point of delivery counts, a pack category's full definition. Built from the
 * methodology's and the domain's constants, so the list is exactly the codes they declare.
 */

export const GLOSSARY_KINDS = ['measure', 'benchmark_metric', 'pack_metric', 'indicator', 'flag', 'pod', 'finance_category', 'dimension', 'sector', 'level', 'vintage', 'unit'] as const;
export type GlossaryKind = (typeof GLOSSARY_KINDS)[number];

/** A section of the glossary page per kind, in this order. */
export const GLOSSARY_SECTIONS: readonly { kind: GlossaryKind; title: string }[] = [
  { kind: 'measure', title: 'Published figures' },
  { kind: 'benchmark_metric', title: 'Benchmarks' },
  { kind: 'pack_metric', title: 'Opportunity pack categories' },
  { kind: 'indicator', title: 'Key operational indicators' },
  { kind: 'flag', title: 'Data-quality flags' },
  { kind: 'pod', title: 'Points of delivery' },
  { kind: 'finance_category', title: 'Cost categories' },
  { kind: 'dimension', title: 'Service lines, ward types and corporate functions' },
  { kind: 'sector', title: 'Sectors' },
  { kind: 'level', title: 'Groups of trusts' },
  { kind: 'vintage', title: 'Vintages' },
  { kind: 'unit', title: 'Units' },
];

export interface GlossaryEntry {
  kind: GlossaryKind;
  /** The code as files and the API write it. */
  code: string;
  name: string;
  unit: DisplayUnitCode | null;
  explanation: string;
  /** PODs: the National Cost Collection service code (methodology §2). */
  nccService?: string;
  /** PODs: what their activity counts. */
  counts?: string;
  /** Pack categories: the Table 2 section they are shown under. */
  section?: string;
  /** Pack categories: how value, benchmark and opportunity are worked out (methodology §11). */
  definition?: string;
  /** Indicators: the window, and the unit of their change. */
  window?: string;
  changeUnit?: DisplayUnitCode;
}

type MeasureCode =
  | 'months' | 'trusts' | 'cwa_base' | 'cwa_current' | 'output_growth' | 'real_spend_base' | 'real_spend_current' | 'input_growth' | 'productivity_growth'
  | 'contribution' | 'base' | 'current' | 'value' | 'benchmark' | 'opportunity_gbp' | 'opportunity_units' | 'score' | 'change'
  | 'target' | 'on_track' | 'required_output_growth_rest' | 'required_productivity_growth_rest' | 'savings_needed_gbp' | 'projected_full_year_growth'
  | 'index' | 'gap_to_base' | 'in_progress' | 'month_move' | 'band' | 'revision_range' | 'rank_stability' | 'sensitivity_spread';

const TARGET = UNIT_DISPLAYS.percent.format(DEFAULT_SETTINGS.target).replace(/\.00%$/, '%');
const INDEX_BASE = DEFAULT_SETTINGS.indexBase;

/** The figures the outputs publish (data contract), by their column names. */
const MEASURE_TERMS: Record<MeasureCode, Term> = {
  months: { name: 'Months of the year so far', unit: 'months', explanation: 'How many months of the financial year the figure covers (April is month 1).' },
  trusts: { name: 'Trusts counted', unit: 'trusts', explanation: 'How many trusts with an estimate a group’s figure adds up.' },
  cwa_base: { name: 'Cost-weighted activity, a year earlier', unit: 'gbp', explanation: 'Activity in the same months a year earlier, each unit valued at its national average cost.' },
  cwa_current: { name: 'Cost-weighted activity', unit: 'gbp', explanation: 'Activity (the output), each unit valued at its national average cost, so that different care adds up.' },
  output_growth: { name: 'Output growth', unit: 'growth', explanation: 'The change in cost-weighted activity on the same months a year earlier.' },
  real_spend_base: { name: 'Spend, a year earlier', unit: 'gbp', explanation: 'What the trust spent in the same months a year earlier.' },
  real_spend_current: { name: 'Real-terms spend', unit: 'gbp', explanation: 'Spend (the input) in last year’s prices: pay and prices inflation taken out.' },
  input_growth: { name: 'Input growth', unit: 'growth', explanation: 'The change in real-terms spend on the same months a year earlier.' },
  productivity_growth: { name: 'Productivity growth', unit: 'growth', explanation: 'How much more care each real-terms pound bought than a year earlier: (1 + output growth) / (1 + input growth) − 1.' },
  contribution: { name: 'Contribution', unit: 'growth', explanation: 'One point of delivery’s or cost category’s change as a share of last year’s total; the contributions add up to the growth.' },
  base: { name: 'A year earlier', unit: null, explanation: 'The figure for the same months (or month) a year earlier, in the unit of its measure.' },
  current: { name: 'This year', unit: null, explanation: 'The figure for the year (or month) shown, in the unit of its measure.' },
  value: { name: 'Trust’s figure', unit: null, explanation: 'The trust’s figure for a benchmark or pack category, in the unit of that category.' },
  benchmark: { name: 'Benchmark', unit: null, explanation: 'The figure to compare with: the edge of the best quarter of the group (25th percentile where lower is better, 75th where higher is).' },
  opportunity_gbp: { name: 'Opportunity (£)', unit: 'gbp', explanation: 'What reaching the benchmark would be worth a year; categories overlap, so they must not be added up.' },
  opportunity_units: { name: 'Opportunity in units', unit: null, explanation: 'The same opportunity in its own unit: bed days, contacts, kWh, hours, conveyances or WTE-months.' },
  score: { name: 'Growth score', unit: 'score', explanation: 'Where the trust’s productivity growth ranks in its group, from 1.00 (best) to 4.00 (worst).' },
  change: { name: 'Change on a year earlier', unit: null, explanation: 'A percentage change for volumes and rates; a change in percentage points for shares.' },
  target: { name: 'Target', unit: 'percent', explanation: `The productivity growth asked for each year by the Spending Review (${TARGET} unless set otherwise).` },
  on_track: { name: 'On track', unit: 'yes_no', explanation: 'Yes when productivity growth so far this year is at or above the target.' },
  required_output_growth_rest: { name: 'Output growth needed for the rest of the year', unit: 'growth', explanation: 'The activity growth the remaining months need for the full year to reach the target, if spending keeps growing as it has.' },
  required_productivity_growth_rest: { name: 'Productivity growth needed for the rest of the year', unit: 'growth', explanation: 'The productivity growth the remaining months need for the full year to reach the target.' },
  savings_needed_gbp: { name: 'Savings still needed', unit: 'gbp', explanation: 'Real-terms spend to take out of the rest of the year to reach the target if activity keeps growing as it has; negative means ahead by that much.' },
  projected_full_year_growth: { name: 'Projected full-year growth', unit: 'growth', explanation: 'The year’s productivity growth if the last three months’ pace carries on.' },
  index: { name: 'Productivity index', unit: 'index', explanation: `Productivity chained year on year from 100 in ${INDEX_BASE} (or a trust’s first full year); the current year shows its position so far.` },
  gap_to_base: { name: `Gap to ${INDEX_BASE}`, unit: 'growth', explanation: `How far the latest complete year’s productivity is above (+) or below (−) ${INDEX_BASE}.` },
  in_progress: { name: 'Year so far', unit: 'yes_no', explanation: 'Yes for the current year’s position so far, which is not yet a complete year.' },
  month_move: { name: 'Move since last month', unit: 'growth_points', explanation: 'The change in year-to-date productivity growth from the month before.' },
  band: { name: 'Stability band', unit: 'spread', explanation: 'How much the figure usually moves from one month to the next (shown as ±): the 80th percentile of its last 12 moves.' },
  revision_range: { name: 'Revision range', unit: 'spread', explanation: 'How far apart the published versions (vintages) of this month’s figure lie.' },
  rank_stability: { name: 'Rank stability', unit: 'correlation', explanation: 'How much the national order of trusts changed since last month (1 means not at all).' },
  sensitivity_spread: { name: 'Method sensitivity', unit: 'spread', explanation: 'How far the figure moves when the method’s open choices are made differently.' },
};

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const podList = (pods: readonly string[]) => pods.map((p) => `${POD_TERMS[p as keyof typeof POD_TERMS].name} (${p})`).join(', ');

const LEVEL_TERMS: Record<(typeof AGGREGATE_LEVELS)[number] | 'trust', Term> = {
  trust: { name: 'Trust', unit: null, explanation: 'One NHS trust, by its organisation code.' },
  national: { name: 'England', unit: null, explanation: 'All trusts in England with an estimate, added up.' },
  sector: { name: 'Sector', unit: null, explanation: 'Trusts of one sector (acute, mental health, community or ambulance), added up.' },
  region: { name: 'Region', unit: null, explanation: 'Trusts of one NHS England region, added up.' },
  peer_group: { name: 'Peer group', unit: null, explanation: 'Trusts of one peer group (similar trusts, such as acute teaching), added up.' },
};

function entries(): GlossaryEntry[] {
  const out: GlossaryEntry[] = [];
  const add = (kind: GlossaryKind, code: string, term: Term, extra: Partial<GlossaryEntry> = {}) => out.push({ kind, code, ...term, ...extra });
  for (const [code, term] of Object.entries(MEASURE_TERMS)) add('measure', code, term);
  const benchmarkMetrics = ['productivity_growth', 'cost_per_wau', ...Object.keys(LOS_GROUPS).map((g) => `los_${g}`), 'temporary_staffing'] as (keyof typeof BENCHMARK_METRIC_TERMS)[];
  for (const code of benchmarkMetrics) add('benchmark_metric', code, BENCHMARK_METRIC_TERMS[code]);
  for (const code of PACK_METRICS) {
    const section = PACK_SECTIONS.find((s) => s.metrics.includes(code))?.title;
    add('pack_metric', code, { name: METRIC_LABELS[code].label, unit: PACK_METRIC_UNITS[code], explanation: PACK_METRIC_EXPLANATIONS[code] }, { section, definition: METRIC_LABELS[code].definition });
  }
  for (const code of KEY_INDICATORS) {
    const window = INDICATOR_WINDOWS[code] === 'ytd' ? 'Year to date, against the same months a year earlier' : 'The single month, against the same month a year earlier';
    add('indicator', code, INDICATOR_TERMS[code], { window, changeUnit: changeKindOf(code) === 'points' ? 'points' : 'growth' });
  }
  for (const code of FLAG_CODES) add('flag', code, FLAG_TERMS[code]);
  for (const code of PODS) add('pod', code, { name: POD_TERMS[code].name, unit: POD_TERMS[code].unit, explanation: POD_TERMS[code].explanation }, { nccService: POD_SERVICE_CODES[code], counts: POD_TERMS[code].counts });
  for (const code of FINANCE_CATEGORIES) add('finance_category', code, FINANCE_TERMS[code]);
  for (const code of COST_INDEX_GROUP_NAMES) {
    const pods = code === 'other' ? null : COST_INDEX_GROUPS[code];
    add('dimension', code, { name: dimensionLabel(code), unit: null, explanation: pods ? `${DIMENSION_EXPLANATIONS[code]} Points of delivery: ${podList(pods)}.` : DIMENSION_EXPLANATIONS[code] });
  }
  for (const code of [...WARD_TYPES, ...CORPORATE_FUNCTIONS]) add('dimension', code, { name: dimensionLabel(code), unit: null, explanation: DIMENSION_EXPLANATIONS[code] });
  for (const code of SECTORS) add('sector', code, { name: SECTOR_LABELS[code], unit: null, explanation: SECTOR_EXPLANATIONS[code] });
  for (const code of ['trust', ...AGGREGATE_LEVELS] as const) add('level', code, LEVEL_TERMS[code]);
  for (const code of VINTAGES) add('vintage', code, { name: VINTAGE_NAMES[code], unit: null, explanation: `${capitalised(VINTAGE_MEANINGS[code])}.` });
  for (const code of DISPLAY_UNITS) add('unit', code, { name: capitalised(UNIT_DISPLAYS[code].unit), unit: code, explanation: `${UNIT_DISPLAYS[code].explanation} For example ${example(code)}.` });
  return out;
}

const EXAMPLES: Partial<Record<DisplayUnitCode, string>> = {
  growth: '0.0123',
  percent: '0.02',
  share: '0.123',
  points: '0.017',
  growth_points: '0.0045',
  spread: '0.008',
  gbp: '1234.5',
  gbp_pence: '0.914',
  days: '4.2',
  index: '102.34',
  relative_index: '1.04',
  score: '2.125',
  correlation: '0.87',
  yes_no: 'true',
};

/** A unit's own example, written by its formatter ("+1.23%", "£0.91", "4.20 days"). */
function example(code: DisplayUnitCode): string {
  return UNIT_DISPLAYS[code].format(EXAMPLES[code] ?? '1234.56');
}

/** Every entry, in the order of GLOSSARY_SECTIONS and within a kind in the constants' order. */
export const GLOSSARY: readonly GlossaryEntry[] = Object.freeze(
  entries().sort((a, b) => GLOSSARY_KINDS.indexOf(a.kind) - GLOSSARY_KINDS.indexOf(b.kind)),
);

const BY_KEY = new Map(GLOSSARY.map((e) => [`${e.kind}:${e.code}`, e]));

/** The entry for a code of a kind (codes repeat across kinds: productivity_growth is a figure and a benchmark). */
export function glossaryEntry(kind: GlossaryKind, code: string): GlossaryEntry | undefined {
  return BY_KEY.get(`${kind}:${code}`);
}

/** A code's plain name; the code itself if the glossary does not know it (a page never shows nothing). */
export function termName(kind: GlossaryKind, code: string): string {
  return glossaryEntry(kind, code)?.name ?? code;
}

/** The id of an entry on the glossary page, for links: `pod-opproc`, `flag-unstable`. */
export function glossaryAnchor(kind: GlossaryKind, code: string): string {
  return `${kind.replace(/_/g, '-')}-${code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** A figure of a code in its unit: `formatFigure('benchmark_metric', 'los_elective', '4.2')` → "4.20 days". */
export function formatFigure(kind: GlossaryKind, code: string, value: FigureValue): string {
  const entry = glossaryEntry(kind, code);
  if (!entry) throw new Error(`the glossary has no ${kind} "${code}"`);
  if (!entry.unit) throw new Error(`the ${kind} "${code}" has no unit of its own (it takes its metric's)`);
  return UNIT_DISPLAYS[entry.unit].format(value);
}
