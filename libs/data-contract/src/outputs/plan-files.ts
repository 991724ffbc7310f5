import Decimal from 'decimal.js';
import { formatFraction, formatPounds } from '@nhsp/domain';
import type { IndexRow, PlanView, StabilityRow, TargetRow } from '@nhsp/methodology';
import { Cell, OutputTable } from './output-files';

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

export function targetsTable(rows: readonly TargetRow[]): OutputTable {
  return {
    header: TARGETS_HEADER,
    rows: rows.map((r) => [
      r.level, r.group, r.period, fraction(r.productivityGrowth), fraction(r.target), r.onTrack ? 'true' : 'false',
      fraction(r.requiredOutputGrowthRest), fraction(r.requiredProductivityGrowthRest),
      r.savingsNeededGbp ? formatPounds(r.savingsNeededGbp) : null, fraction(r.projectedFullYearGrowth),
    ]),
  };
}

export function indexTable(rows: readonly IndexRow[]): OutputTable {
  return {
    header: INDEX_HEADER,
    rows: rows.map((r) => [
      r.level, r.group, r.year, fraction(r.growth?.outputGrowth), fraction(r.growth?.inputGrowth), fraction(r.growth?.productivityGrowth), fraction(r.index),
    ]),
  };
}

/** Trust rows, then the England row with rank_stability in the band column and every other measure empty. */
export function stabilityTable(view: Pick<PlanView, 'period' | 'stability' | 'rankStability'>): OutputTable {
  const trustRow = (r: StabilityRow): Cell[] => [
    r.orgCode, r.period, fraction(r.productivityGrowth), fraction(r.monthMove), fraction(r.band), fraction(r.revisionRange),
  ];
  return {
    header: STABILITY_HEADER,
    rows: [...view.stability.map(trustRow), [STABILITY_NATIONAL_ROW, view.period, null, null, fraction(view.rankStability), null]],
  };
}
