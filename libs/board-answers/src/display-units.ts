import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';

/**
 * How each unit a published figure can have is written, once, so that a figure reads the same in
 * every table, chart, page and workbook (issue 15: £0.91 beside 0.91, length of stay without
 * "days", temporary staffing as 0.12). Figures arrive as exact decimals (strings from the API or
 * the files) and are rounded here only, halves away from zero, with a true minus sign. Each unit
 * also writes axis ticks (the same symbol, no word suffix: the axis title names the unit) and
 * names itself for axis titles and column headers, so `@nhsp/charts` can take a unit as it is.
 */

export const DISPLAY_UNITS = [
  'growth',
  'percent',
  'share',
  'points',
  'growth_points',
  'spread',
  'gbp',
  'gbp_pence',
  'days',
  'index',
  'relative_index',
  'score',
  'correlation',
  'wte',
  'count',
  'months',
  'trusts',
  'spells',
  'bed_days',
  'contacts',
  'kwh',
  'hours',
  'conveyances',
  'wte_months',
  'kwh_per_m2',
  'minutes_per_handover',
  'contacts_per_wte_month',
  'incidents_per_wte_month',
  'attendances_per_wte_month',
  'yes_no',
] as const;
export type DisplayUnitCode = (typeof DISPLAY_UNITS)[number];

/** A figure as the pages hold it. */
export type FigureValue = Decimal.Value | boolean | null | undefined;

export interface DisplayUnit {
  code: DisplayUnitCode;
  /** The unit as an axis title or a column header names it: "%", "£", "days", "2019/20 = 100". */
  unit: string;
  /** What a figure in this unit is, in one line (the glossary shows it). */
  explanation: string;
  /** A figure for a table, a label or a sentence: "+1.23%", "£1,234", "4.20 days"; "–" for none. */
  format(value: FigureValue): string;
  /** An axis tick: the symbol and the decimals the step between ticks needs ("+1%", "£2,000"). */
  tick(value: number, step: number): string;
}

export const MINUS = '\u2212';
export const NO_FIGURE = '–';

function exact(value: Exclude<FigureValue, null | undefined | ''>, unit: DisplayUnitCode): Decimal {
  if (typeof value === 'boolean') throw new Error(`a ${unit} figure must be a number, not ${value}`);
  try {
    return new Exact(value);
  } catch {
    throw new Error(`a ${unit} figure must be a number, not "${String(value)}"`);
  }
}

const grouped = (integer: string) => integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** `d` scaled, rounded to `dp` (halves away from zero), grouped, with − or (if `signed`) + before. */
function number(d: Decimal, dp: number, options: { scale?: number; signed?: boolean; prefix?: string; suffix?: string } = {}): string {
  const rounded = d.times(options.scale ?? 1).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
  const [integer, fraction] = rounded.abs().toFixed(dp).split('.');
  const sign = rounded.isZero() ? '' : rounded.isNegative() ? MINUS : options.signed ? '+' : '';
  return `${sign}${options.prefix ?? ''}${grouped(integer)}${fraction ? `.${fraction}` : ''}${options.suffix ?? ''}`;
}

/** The decimals a tick needs for a step (in the displayed scale): 0.5 → 1, 2 → 0, 0.25 → 2. */
export function tickDecimals(step: number): number {
  if (!(step > 0)) return 0;
  for (let dp = 0; dp <= 6; dp++) if (Math.abs(Math.round(step * 10 ** dp) - step * 10 ** dp) < 1e-9) return dp;
  return 6;
}

interface Style {
  unit: string;
  explanation: string;
  dp: number;
  scale?: number;
  signed?: boolean;
  prefix?: string;
  suffix?: string;
  /** Tick suffix (a symbol such as %); words are left to the axis title. */
  tickSuffix?: string;
}

function numeric(code: DisplayUnitCode, s: Style): DisplayUnit {
  return {
    code,
    unit: s.unit,
    explanation: s.explanation,
    format: (value) => (value === null || value === undefined || value === '' ? NO_FIGURE : number(exact(value, code), s.dp, s)),
    tick: (value, step) => number(new Exact(value), tickDecimals(step * (s.scale ?? 1)), { scale: s.scale, signed: s.signed, prefix: s.prefix, suffix: s.tickSuffix }),
  };
}

/** A count with its noun, singular where the figure as written is exactly 1 ("1 trust", "2 trusts", "1.0 WTE-months"). */
function counted(code: DisplayUnitCode, noun: string, explanation: string, dp = 0, singular?: string): DisplayUnit {
  const plural = numeric(code, { unit: noun, explanation, dp, suffix: ` ${noun}` });
  if (!singular || dp !== 0) return plural;
  const one = numeric(code, { unit: noun, explanation, dp, suffix: ` ${singular}` });
  return { ...plural, format: (value) => (value !== null && value !== undefined && value !== '' && exact(value, code).abs().eq(1) ? one.format(value) : plural.format(value)) };
}

export const UNIT_DISPLAYS: Readonly<Record<DisplayUnitCode, DisplayUnit>> = {
  growth: numeric('growth', { unit: '%', explanation: 'A change on the same months a year earlier, as a percentage with its sign (+2.00% is 2% up).', dp: 2, scale: 100, signed: true, suffix: '%', tickSuffix: '%' }),
  percent: numeric('percent', { unit: '%', explanation: 'A rate as a percentage, such as the 2.00% a year target.', dp: 2, scale: 100, suffix: '%', tickSuffix: '%' }),
  share: numeric('share', { unit: '%', explanation: 'A part of a whole, as a percentage (12.0% is 12 in every 100).', dp: 1, scale: 100, suffix: '%', tickSuffix: '%' }),
  points: numeric('points', { unit: 'percentage points', explanation: 'The difference between two percentages, in percentage points (from 70.0% to 71.7% is +1.7 pts).', dp: 1, scale: 100, signed: true, suffix: ' pts' }),
  growth_points: numeric('growth_points', {
    unit: 'percentage points',
    explanation: 'The difference between two growth figures, in percentage points with its sign (from +1.10% to +1.55% is +0.45 pts).',
    dp: 2,
    scale: 100,
    signed: true,
    suffix: ' pts',
  }),
  spread: numeric('spread', { unit: 'percentage points', explanation: 'How far growth figures lie apart, in percentage points (shown as ± beside a figure).', dp: 2, scale: 100, suffix: ' pts' }),
  gbp: numeric('gbp', { unit: '£', explanation: 'Pounds, to the nearest pound.', dp: 0, prefix: '£' }),
  gbp_pence: numeric('gbp_pence', { unit: '£', explanation: 'Pounds and pence, for a cost of one unit.', dp: 2, prefix: '£' }),
  days: numeric('days', { unit: 'days', explanation: 'Days, to two decimals (an average over stays).', dp: 2, suffix: ' days' }),
  index: numeric('index', { unit: '2019/20 = 100', explanation: 'An index: 100 in the base year (2019/20, or a trust’s first full year), 102.0 is 2% above it.', dp: 1 }),
  relative_index: numeric('relative_index', { unit: '1 = national average', explanation: 'A ratio to the national average: 1.00 is average, 1.10 is 10% above it.', dp: 2 }),
  score: numeric('score', { unit: 'score, 1 best to 4 worst', explanation: 'A score from 1.00 (best in the group) to 4.00 (worst).', dp: 2 }),
  correlation: numeric('correlation', { unit: 'correlation, −1 to 1', explanation: 'A rank correlation from −1 to 1: 1 means the order did not change at all.', dp: 2 }),
  wte: numeric('wte', { unit: 'WTE', explanation: 'Whole-time equivalent staff (two half-time posts are 1.0 WTE).', dp: 1, suffix: ' WTE' }),
  count: numeric('count', { unit: 'number', explanation: 'A count.', dp: 0 }),
  months: counted('months', 'months', 'A number of months.', 0, 'month'),
  trusts: counted('trusts', 'trusts', 'A number of trusts.', 0, 'trust'),
  spells: counted('spells', 'spells', 'Hospital stays, from admission to discharge.'),
  bed_days: counted('bed_days', 'bed days', 'Days spent in a hospital bed (one patient for one day is one bed day).'),
  contacts: counted('contacts', 'contacts', 'Appointments or other contacts with a patient.'),
  kwh: counted('kwh', 'kWh', 'Energy, in kilowatt hours.'),
  hours: counted('hours', 'hours', 'Hours (of ambulance crews’ time).'),
  conveyances: counted('conveyances', 'conveyances', 'Patients taken by ambulance to an emergency department.'),
  wte_months: counted('wte_months', 'WTE-months', 'Staff time: one whole-time equivalent for one month.', 1),
  kwh_per_m2: counted('kwh_per_m2', 'kWh per m²', 'Energy used per square metre of floor area.', 1),
  minutes_per_handover: counted('minutes_per_handover', 'minutes per handover', 'Minutes beyond the 15-minute standard, averaged over all handovers.', 1),
  contacts_per_wte_month: counted('contacts_per_wte_month', 'contacts per WTE-month', 'Contacts per whole-time equivalent member of staff per month.', 1),
  incidents_per_wte_month: counted('incidents_per_wte_month', 'incidents per WTE-month', 'Incidents per whole-time equivalent frontline member of staff per month.', 1),
  attendances_per_wte_month: counted('attendances_per_wte_month', 'attendances per WTE-month', 'Attendances per whole-time equivalent consultant per month.', 1),
  yes_no: {
    code: 'yes_no',
    unit: 'yes or no',
    explanation: 'Yes or no.',
    format: (value) => {
      if (value === null || value === undefined || value === '') return NO_FIGURE;
      if (value === true || value === 'true') return 'Yes';
      if (value === false || value === 'false') return 'No';
      throw new Error(`a yes_no figure must be true or false, not "${String(value)}"`);
    },
    tick: (value) => (value ? 'Yes' : 'No'),
  },
};

/** A figure in a unit: `formatIn('days', '4.2')` → "4.20 days". */
export function formatIn(unit: DisplayUnitCode, value: FigureValue): string {
  return UNIT_DISPLAYS[unit].format(value);
}
