import Decimal from 'decimal.js';
import { formatFraction, formatPounds } from '@nhsp/domain';
import { Cell, OutputTable } from './output-files';

/** A target row (methodology §8) as targets.csv needs it. */
export interface TargetOutput {
  level: string;
  group: string;
  period: string;
  productivityGrowth: Decimal;
  target: Decimal;
  onTrack: boolean;
  requiredOutputGrowthRest: Decimal | null;
  requiredProductivityGrowthRest: Decimal | null;
  savingsNeededGbp: Decimal | null;
  projectedFullYearGrowth: Decimal | null;
}

/** An index row (methodology §9) as index.csv needs it. */
export interface IndexOutput {
  level: string;
  group: string;
  year: string;
  growth: { outputGrowth: Decimal; inputGrowth: Decimal; productivityGrowth: Decimal } | null;
  index: Decimal;
}

/** A trust's stability row (methodology §10) as stability.csv needs it. */
export interface StabilityOutput {
  orgCode: string;
  period: string;
  productivityGrowth: Decimal;
  monthMove: Decimal | null;
  band: Decimal | null;
  revisionRange: Decimal | null;
}

/**
 * The plan view's files (data contract: targets.csv, index.csv, stability.csv; methodology
 * §8–§10). Rates unrounded (17 significant digits), money to 2 dp halves away from zero, empty
 * cells where the method leaves a measure empty.
 */
export const TARGETS_HEADER = [
  'level', 'group', 'period', 'productivity_growth', 'target', 'on_track', 'required_output_growth_rest',
  'required_productivity_growth_rest', 'savings_needed_gbp', 'projected_full_year_growth',
] as const;
export const INDEX_HEADER = ['level', 'group', 'year', 'output_growth', 'input_growth', 'productivity_growth', 'index'] as const;
export const STABILITY_HEADER = ['org_code', 'period', 'productivity_growth', 'month_move', 'band', 'revision_range'] as const;

/** The org code of the national row of stability.csv, which carries rank_stability in `band`. */
export const STABILITY_NATIONAL_ROW = 'England';

const fraction = (value: Decimal | null | undefined): Cell => (value ? formatFraction(value) : null);

export function targetsTable(rows: readonly TargetOutput[]): OutputTable {
  return {
    header: TARGETS_HEADER,
    rows: rows.map((r) => [
      r.level, r.group, r.period, fraction(r.productivityGrowth), fraction(r.target), r.onTrack ? 'true' : 'false',
      fraction(r.requiredOutputGrowthRest), fraction(r.requiredProductivityGrowthRest),
      r.savingsNeededGbp ? formatPounds(r.savingsNeededGbp) : null, fraction(r.projectedFullYearGrowth),
    ]),
  };
}

export function indexTable(rows: readonly IndexOutput[]): OutputTable {
  return {
    header: INDEX_HEADER,
    rows: rows.map((r) => [
      r.level, r.group, r.year, fraction(r.growth?.outputGrowth), fraction(r.growth?.inputGrowth), fraction(r.growth?.productivityGrowth), fraction(r.index),
    ]),
  };
}

/** Trust rows, then the England row with rank_stability in the band column and every other measure empty. */
export function stabilityTable(view: { period: string; stability: readonly StabilityOutput[]; rankStability: Decimal | null }): OutputTable {
  const trustRow = (r: StabilityOutput): Cell[] => [
    r.orgCode, r.period, fraction(r.productivityGrowth), fraction(r.monthMove), fraction(r.band), fraction(r.revisionRange),
  ];
  return {
    header: STABILITY_HEADER,
    rows: [...view.stability.map(trustRow), [STABILITY_NATIONAL_ROW, view.period, null, null, fraction(view.rankStability), null]],
  };
}
