import Decimal from 'decimal.js';
import { Exact, FinancialYear } from '@nhsp/domain';

/**
 * Methodology §9, the long run: a chained index, 100 in the base year (setting `index_base`,
 * FY 2019/20) or in a later first complete year, chained on each complete year's Month 12
 * growth and broken for good by a year without one.
 */

/** The index in its base year. */
export const INDEX_BASE_VALUE = 100;

/** The annual growths of a complete year (its Month 12 estimate: the full year against the full year before). */
export interface AnnualGrowth {
  outputGrowth: Decimal;
  inputGrowth: Decimal;
  productivityGrowth: Decimal;
}

/** I_t = I_{t−1} × (1 + g_t). */
export function chainIndex(previousIndex: Decimal, growth: Decimal): Decimal {
  return previousIndex.times(growth.plus(1));
}

/** Within a year, the position so far: I_{t−1} × (1 + productivity_growth of the latest month). */
export function positionSoFar(previousIndex: Decimal, productivityGrowthYearToDate: Decimal): Decimal {
  return chainIndex(previousIndex, productivityGrowthYearToDate);
}

/** gap_to_base = I_latest / 100 − 1, for the latest complete year. */
export function gapToBase(latestIndex: Decimal): Decimal {
  return latestIndex.div(INDEX_BASE_VALUE).minus(1);
}

/**
 * Where a chain starts: the index base year, or, for data starting later, the first financial
 * year from the base on with all twelve months of activity and finance; null when no year up to
 * the last complete one qualifies.
 */
export function chainStart(indexBase: FinancialYear, lastCompleteYear: FinancialYear, isComplete: (year: FinancialYear) => boolean): FinancialYear | null {
  for (let year = indexBase.startYear; year <= lastCompleteYear.startYear; year++) {
    if (isComplete(FinancialYear.of(year))) return FinancialYear.of(year);
  }
  return null;
}

/** A group's chain starts in the first year any member's does. */
export function groupChainStart(memberStarts: readonly (FinancialYear | null)[]): FinancialYear | null {
  const starts = memberStarts.filter((s): s is FinancialYear => s !== null).map((s) => s.startYear);
  return starts.length ? FinancialYear.of(Math.min(...starts)) : null;
}

export interface IndexPoint {
  /** `2024/25`. */
  year: string;
  /** Empty in the start year; the year-to-date growths for the year in progress. */
  growth: AnnualGrowth | null;
  index: Decimal;
  /** The year in progress: its growth is year to date and its index the position so far. */
  inProgress: boolean;
}

/**
 * The chain from its start to the last complete year (`growthOf` gives each later year's
 * growth, null where the year has no Month 12 estimate, which ends the chain), then, where the
 * chain reaches the year before P's and P is not Month 12, the year in progress.
 */
export function chainedIndex(
  start: FinancialYear | null,
  lastCompleteYear: FinancialYear,
  growthOf: (year: FinancialYear) => AnnualGrowth | null,
  inProgress: { year: FinancialYear; growth: AnnualGrowth | null } | null,
): IndexPoint[] {
  if (!start || start.startYear > lastCompleteYear.startYear) return [];
  let index: Decimal = new Exact(INDEX_BASE_VALUE);
  const points: IndexPoint[] = [{ year: String(start), growth: null, index, inProgress: false }];
  for (let y = start.startYear + 1; y <= lastCompleteYear.startYear; y++) {
    const growth = growthOf(FinancialYear.of(y));
    if (!growth) return points;
    index = chainIndex(index, growth.productivityGrowth);
    points.push({ year: String(FinancialYear.of(y)), growth, index, inProgress: false });
  }
  if (inProgress?.growth && inProgress.year.startYear === lastCompleteYear.startYear + 1) {
    points.push({ year: String(inProgress.year), growth: inProgress.growth, index: positionSoFar(index, inProgress.growth.productivityGrowth), inProgress: true });
  }
  return points;
}
