import Decimal from 'decimal.js';
import { formatFraction, formatMissing, formatPounds, MissingData } from '@nhsp/domain';
import type { Cell, OutputTable } from './output-files';

/** An opportunity row (methodology §11) as opportunities.csv needs it. */
export interface OpportunityOutput {
  orgCode: string;
  period: string;
  sector: string;
  metric: string;
  dimension: string | null;
  value: Decimal | null;
  benchmark: Decimal | null;
  benchmarkGroup: string | null;
  opportunityUnits: Decimal | null;
  unit: string | null;
  opportunityGbp: Decimal | null;
  missing: readonly MissingData[];
}

/** A key indicator row (methodology §12) as indicators.csv needs it. */
export interface IndicatorOutput {
  level: string;
  group: string;
  period: string;
  indicator: string;
  window: string;
  base: Decimal | null;
  current: Decimal | null;
  change: Decimal | null;
  changeKind: string;
}

/**
 * `opportunities.csv` and `indicators.csv` (data contract; methodology §11–§12), column for
 * column: values, benchmarks and indicator figures unrounded (17 significant digits), money and
 * units to 2 dp with halves away from zero, empty cells where a measure does not apply.
 */
export const OPPORTUNITIES_HEADER = [
  'org_code', 'period', 'sector', 'metric', 'dimension', 'value', 'benchmark', 'benchmark_group',
  'opportunity_units', 'unit', 'opportunity_gbp', 'missing',
] as const;
export const INDICATORS_HEADER = ['level', 'group', 'period', 'indicator', 'window', 'base', 'current', 'change', 'change_kind'] as const;

/**
 * A decimal's text, kept by the decimal's identity (decimals are immutable): the periods of a
 * whole-history recompute share the same value objects (a financial year's cost indexes, a
 * group's benchmark), so each is formatted once.
 */
function formattedBy(format: (value: Decimal) => string): (value: Decimal | null | undefined) => Cell {
  const texts = new WeakMap<Decimal, string>();
  return (value) => {
    if (!value) return null;
    let text = texts.get(value);
    if (text === undefined) texts.set(value, (text = format(value)));
    return text;
  };
}

const fraction = formattedBy(formatFraction);
/** Money and units alike: 2 dp, halves away from zero. */
const twoPlaces = formattedBy(formatPounds);

export function opportunitiesTable(rows: readonly OpportunityOutput[]): OutputTable {
  return {
    header: OPPORTUNITIES_HEADER,
    rows: rows.map((r) => [
      r.orgCode, r.period, r.sector, r.metric, r.dimension, fraction(r.value), fraction(r.benchmark), r.benchmarkGroup,
      twoPlaces(r.opportunityUnits), r.unit, twoPlaces(r.opportunityGbp), formatMissing(r.missing) || null,
    ]),
  };
}

export function indicatorsTable(rows: readonly IndicatorOutput[]): OutputTable {
  return {
    header: INDICATORS_HEADER,
    rows: rows.map((r) => [r.level, r.group, r.period, r.indicator, r.window, fraction(r.base), fraction(r.current), fraction(r.change), r.changeKind]),
  };
}
