import Decimal from 'decimal.js';
import { Exact, FINANCE_CATEGORIES, FinancialYear, isPayCategory, Month } from '@nhsp/domain';
import { deflate, DeflatorSeries } from './deflation';
import type { Measures } from './estimate';
import { Units, roundedFromUnits, fromUnits } from './exact-units';
import { costPerWeightedActivityUnit, inputGrowth, outputGrowth, productivityGrowth, workingDayScale } from './formulas';
import { MethodSettings } from './settings';
import { workingDays } from './working-days';

/**
 * The step from a window's exact sums to the measures of §2–§4, shared by the estimate (cell by
 * cell) and the ledger (month by month) so that both give the same numbers to the last digit.
 */

/** CWA of a period in exact units, split by whether the working-day adjustment scales it. */
export interface CwaUnits {
  /** Σ q × w over the PODs the working-day adjustment leaves alone. */
  other: Units;
  /** Σ q × w over EL, DC, OPPROC, OP and OP_NCL (WORKING_DAY_PODS). */
  workingDayPods: Units;
}

/** WD(base) / WD(current) when the working-day adjustment is on; null (no scaling) when it is off. */
export function windowScale(base: readonly Month[], current: readonly Month[], settings: MethodSettings): Decimal | null {
  return settings.workingDays === 'on' ? workingDayScale(workingDays(base), workingDays(current)) : null;
}

/** CWA = Σ q × w, the working-day PODs' counts scaled where a scale is given; rounded once. */
export function scaledCwa(units: CwaUnits, scale: Decimal | null): Decimal {
  if (!scale) return roundedFromUnits(units.other + units.workingDayPods);
  return roundedFromUnits(units.other).plus(fromUnits(units.workingDayPods).times(scale));
}

/**
 * real(base) = nominal(base); real(current) = Σ_c nominal_c(current) / (1 + π_c(t)), over the
 * categories not excluded (by FINANCE_CATEGORIES index, in exact units). The categories that
 * share a deflator (pay; prices) are summed exactly first and deflated once: the same sum with
 * one rounding per deflator instead of one per category, and a third of the divisions.
 */
export function realSpendFromUnits(
  nominalBase: readonly Units[],
  nominalCurrent: readonly Units[],
  year: FinancialYear,
  deflators: DeflatorSeries,
  settings: MethodSettings,
): { realSpendBase: Decimal; realSpendCurrent: Decimal } {
  let base = 0n;
  const current = { pay: 0n, prices: 0n };
  const deflator: { pay?: Decimal; prices?: Decimal } = {};
  FINANCE_CATEGORIES.forEach((category, c) => {
    if (settings.excludedCategories.includes(category)) return;
    base += nominalBase[c];
    if (nominalCurrent[c] === 0n) return;
    const kind = isPayCategory(category) ? 'pay' : 'prices';
    current[kind] += nominalCurrent[c];
    deflator[kind] ??= deflators.deflator(category, year);
  });
  let realSpendCurrent: Decimal = new Exact(0);
  for (const kind of ['pay', 'prices'] as const) {
    if (deflator[kind]) realSpendCurrent = realSpendCurrent.plus(deflate(fromUnits(current[kind]), deflator[kind]!));
  }
  return { realSpendBase: roundedFromUnits(base), realSpendCurrent };
}

/** The four sums a productivity estimate is made of. */
export interface PeriodSums {
  cwaBase: Decimal;
  cwaCurrent: Decimal;
  realSpendBase: Decimal;
  realSpendCurrent: Decimal;
}

/** §2–§4 from a window's sums; null (no estimate) where the base CWA or base real spend is zero. */
export function measuresFromSums(sums: PeriodSums): Measures | null {
  if (sums.cwaBase.isZero() || sums.realSpendBase.isZero()) return null;
  const output = outputGrowth(sums.cwaBase, sums.cwaCurrent);
  const input = inputGrowth(sums.realSpendBase, sums.realSpendCurrent);
  return {
    ...sums,
    outputGrowth: output,
    inputGrowth: input,
    productivityGrowth: productivityGrowth(output, input),
    costPerWau: costPerWeightedActivityUnit(sums.realSpendCurrent, sums.cwaCurrent),
  };
}
