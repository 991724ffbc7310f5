import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';

/**
 * The formulas of methodology §2–§4, one function each, under the names the spec uses.
 * Inputs are exact decimals; nothing here rounds.
 */

/** One weighted count: q × w. */
export function weightedActivity(count: Decimal.Value, weight: Decimal): Decimal {
  return weight.times(count);
}

/** CWA = Σ q × w over all months of the period. */
export function cwa(weighted: Iterable<Decimal>): Decimal {
  let total = new Exact(0);
  for (const value of weighted) total = total.plus(value);
  return total;
}

/** Working-day scale for current-period counts: WD(base) / WD(current). */
export function workingDayScale(workingDaysBase: number, workingDaysCurrent: number): Decimal {
  return new Exact(workingDaysBase).div(workingDaysCurrent);
}

/** output_growth = CWA(current) / CWA(base) − 1. */
export function outputGrowth(cwaBase: Decimal, cwaCurrent: Decimal): Decimal {
  return cwaCurrent.div(cwaBase).minus(1);
}

/** real(base) = nominal(base); real(current) = Σ_c nominal_c(current) / (1 + π_c(t)). */
export function realSpend(deflated: Iterable<Decimal>): Decimal {
  return cwa(deflated);
}

/** input_growth = real(current) / real(base) − 1. */
export function inputGrowth(realBase: Decimal, realCurrent: Decimal): Decimal {
  return realCurrent.div(realBase).minus(1);
}

/** productivity_growth = (1 + output_growth) / (1 + input_growth) − 1. */
export function productivityGrowth(output: Decimal, input: Decimal): Decimal {
  return output.plus(1).div(input.plus(1)).minus(1);
}

/** Implied productivity level: cost per weighted activity unit = real(current) / CWA(current). */
export function costPerWeightedActivityUnit(realCurrent: Decimal, cwaCurrent: Decimal): Decimal {
  return realCurrent.div(cwaCurrent);
}

/** A part's contribution to a growth: (part(current) − part(base)) / whole(base). Parts add up to the growth. */
export function contribution(partBase: Decimal, partCurrent: Decimal, wholeBase: Decimal): Decimal {
  return partCurrent.minus(partBase).div(wholeBase);
}

/** A part's share of a whole (for POD_SHIFT). */
export function share(part: Decimal, whole: Decimal): Decimal {
  return whole.isZero() ? new Exact(0) : part.div(whole);
}
