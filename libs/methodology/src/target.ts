import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { cwa, inputGrowth, outputGrowth, productivityGrowth } from './formulas';
import { PeriodSums } from './period-sums';

/**
 * Methodology §8, the 2% target: where a trust or group stands and what it still needs. One
 * function per formula, under the spec's names; nothing here rounds (savings_needed_gbp is
 * written to 2 dp, halves away from zero, by the output file).
 */

/** on_track = productivity_growth ≥ target. */
export function onTrack(productivityGrowth: Decimal, target: Decimal.Value): boolean {
  return productivityGrowth.gte(target);
}

/** The rest of the year's base, the same months of FY t−1: CWA_rest_base = CWA_base_fy − CWA_base (R likewise). */
export function restOfYearBase(fullPreviousYear: Decimal, yearToDateBase: Decimal): Decimal {
  return fullPreviousYear.minus(yearToDateBase);
}

/** R_rest = R_rest_base × (1 + input_growth): spending goes on growing at the year-to-date input growth. */
export function realSpendRest(realSpendRestBase: Decimal, inputGrowth: Decimal): Decimal {
  return realSpendRestBase.times(inputGrowth.plus(1));
}

/** CWA_rest = (1 + target) × CWA_base_fy × (R_cur + R_rest) / R_base_fy − CWA_cur. */
export function cwaRest(target: Decimal.Value, cwaBaseFy: Decimal, realSpendCurrent: Decimal, realSpendRest: Decimal, realSpendBaseFy: Decimal, cwaCurrent: Decimal): Decimal {
  return new Exact(target).plus(1).times(cwaBaseFy).times(realSpendCurrent.plus(realSpendRest)).div(realSpendBaseFy).minus(cwaCurrent);
}

/** required_output_growth_rest = CWA_rest / CWA_rest_base − 1. */
export function requiredOutputGrowthRest(cwaRest: Decimal, cwaRestBase: Decimal): Decimal {
  return outputGrowth(cwaRestBase, cwaRest);
}

/** required_productivity_growth_rest = (1 + required_output_growth_rest) / (1 + input_growth) − 1. */
export function requiredProductivityGrowthRest(requiredOutputGrowthRest: Decimal, inputGrowth: Decimal): Decimal {
  return productivityGrowth(requiredOutputGrowthRest, inputGrowth);
}

/** R_needed = (CWA_cur + CWA_rest_base × (1 + output_growth)) / CWA_base_fy / (1 + target) × R_base_fy − R_cur. */
export function realSpendNeeded(
  cwaCurrent: Decimal,
  cwaRestBase: Decimal,
  outputGrowth: Decimal,
  cwaBaseFy: Decimal,
  target: Decimal.Value,
  realSpendBaseFy: Decimal,
  realSpendCurrent: Decimal,
): Decimal {
  return cwaCurrent
    .plus(cwaRestBase.times(outputGrowth.plus(1)))
    .div(cwaBaseFy)
    .div(new Exact(target).plus(1))
    .times(realSpendBaseFy)
    .minus(realSpendCurrent);
}

/** savings_needed_gbp = R_rest − R_needed (negative: the trust is ahead by that much). */
export function savingsNeededGbp(realSpendRest: Decimal, realSpendNeeded: Decimal): Decimal {
  return realSpendRest.minus(realSpendNeeded);
}

/**
 * projected_full_year_growth = ((CWA_cur + CWA_rest_base × (1 + og3)) / CWA_base_fy)
 *                            / ((R_cur + R_rest_base × (1 + ig3)) / R_base_fy) − 1.
 */
export function projectedFullYearGrowth(
  cwaCurrent: Decimal,
  cwaRestBase: Decimal,
  og3: Decimal,
  cwaBaseFy: Decimal,
  realSpendCurrent: Decimal,
  realSpendRestBase: Decimal,
  ig3: Decimal,
  realSpendBaseFy: Decimal,
): Decimal {
  const output = cwaCurrent.plus(cwaRestBase.times(og3.plus(1))).div(cwaBaseFy);
  const input = realSpendCurrent.plus(realSpendRestBase.times(ig3.plus(1))).div(realSpendBaseFy);
  return output.div(input).minus(1);
}

/** What §8 reads for a trust or group at period P. */
export interface TargetQuantities {
  /** CWA_cur, CWA_base, R_cur, R_base: the year to date at P. */
  yearToDate: PeriodSums;
  /** CWA_base_fy, R_base_fy: all 12 months of FY t−1 (null where a month of it lacks activity or finance). */
  previousYear: { cwa: Decimal; realSpend: Decimal } | null;
  /** The last three months of the year to date (fewer at Month 1 and 2) against the same months of FY t−1. */
  lastThreeMonths: PeriodSums | null;
}

export interface TargetPosition {
  productivityGrowth: Decimal;
  target: Decimal;
  onTrack: boolean;
  /** Empty at Month 12, or where FY t−1 lacks a month (or the rest of the year's base CWA is zero). */
  requiredOutputGrowthRest: Decimal | null;
  requiredProductivityGrowthRest: Decimal | null;
  savingsNeededGbp: Decimal | null;
  /** The year's productivity growth at Month 12; empty where FY t−1 lacks a month. */
  projectedFullYearGrowth: Decimal | null;
}

const growthsOf = (s: PeriodSums) =>
  s.cwaBase.isZero() || s.realSpendBase.isZero() ? null : { output: outputGrowth(s.cwaBase, s.cwaCurrent), input: inputGrowth(s.realSpendBase, s.realSpendCurrent) };

/**
 * The target position at Month m of the year; null where the year to date has no estimate (a
 * zero base). Month 12 leaves the rest of the year empty and projects the year's own growth.
 */
export function targetPosition(q: TargetQuantities, monthOfYear: number, target: Decimal.Value): TargetPosition | null {
  const ytd = growthsOf(q.yearToDate);
  if (!ytd) return null;
  const growth = productivityGrowth(ytd.output, ytd.input);
  const position: TargetPosition = {
    productivityGrowth: growth,
    target: new Exact(target),
    onTrack: onTrack(growth, target),
    requiredOutputGrowthRest: null,
    requiredProductivityGrowthRest: null,
    savingsNeededGbp: null,
    projectedFullYearGrowth: monthOfYear === 12 ? growth : null,
  };
  const fy = q.previousYear;
  if (monthOfYear === 12 || !fy || fy.cwa.isZero() || fy.realSpend.isZero()) return position;

  const { cwaCurrent, cwaBase, realSpendCurrent, realSpendBase } = q.yearToDate;
  const cwaRestBase = restOfYearBase(fy.cwa, cwaBase);
  const realRestBase = restOfYearBase(fy.realSpend, realSpendBase);
  const realRest = realSpendRest(realRestBase, ytd.input);
  // A zero base for the rest of the year has no growth against it (as a zero base has no estimate, §4).
  if (!cwaRestBase.isZero()) {
    const required = requiredOutputGrowthRest(cwaRest(target, fy.cwa, realSpendCurrent, realRest, fy.realSpend, cwaCurrent), cwaRestBase);
    position.requiredOutputGrowthRest = required;
    position.requiredProductivityGrowthRest = requiredProductivityGrowthRest(required, ytd.input);
  }
  position.savingsNeededGbp = savingsNeededGbp(realRest, realSpendNeeded(cwaCurrent, cwaRestBase, ytd.output, fy.cwa, target, fy.realSpend, realSpendCurrent));
  const last = q.lastThreeMonths && growthsOf(q.lastThreeMonths);
  if (last) {
    position.projectedFullYearGrowth = projectedFullYearGrowth(cwaCurrent, cwaRestBase, last.output, fy.cwa, realSpendCurrent, realRestBase, last.input, fy.realSpend);
  }
  return position;
}

/** A group's quantities: each summed over its trusts that have every one of them (§8). */
export function sumTargetQuantities(members: readonly TargetQuantities[]): TargetQuantities | null {
  const complete = members.filter((m) => m.previousYear !== null && m.lastThreeMonths !== null);
  if (!complete.length) return null;
  const sumSums = (list: PeriodSums[]): PeriodSums => ({
    cwaBase: cwa(list.map((s) => s.cwaBase)),
    cwaCurrent: cwa(list.map((s) => s.cwaCurrent)),
    realSpendBase: cwa(list.map((s) => s.realSpendBase)),
    realSpendCurrent: cwa(list.map((s) => s.realSpendCurrent)),
  });
  return {
    yearToDate: sumSums(complete.map((m) => m.yearToDate)),
    previousYear: { cwa: cwa(complete.map((m) => m.previousYear!.cwa)), realSpend: cwa(complete.map((m) => m.previousYear!.realSpend)) },
    lastThreeMonths: sumSums(complete.map((m) => m.lastThreeMonths!)),
  };
}
