import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { percentileInc } from './benchmarks';
import { TrustEstimate } from './estimate';
import { orderFlags } from './flags';
import { MethodSettings } from './settings';

/**
 * Methodology §10, how steady a figure is: the month-on-month move of a year-to-date figure, the
 * band it usually moves within, the spread of its vintages, and how much the national ranking
 * holds from one month to the next.
 */

// Declared here rather than in estimate.ts: only estimates that went through applyStability carry it.
declare module './estimate' {
  interface TrustEstimate {
    /** The trust's stability band at the period (§10; null with fewer than 3 month moves), where it was computed. */
    band?: Decimal | null;
  }
}

/** The point of PERCENTILE.INC the band takes, and the fewest month moves it is given for. */
export const BAND_PERCENTILE = '0.8';
export const BAND_MIN_MOVES = 3;
/** rank_stability needs at least this many trusts with both months. */
export const RANK_STABILITY_MIN_TRUSTS = 3;

/** month_move(P) = productivity_growth(P) − productivity_growth(P − 1 month), both of the same FY (empty at Month 1). */
export function monthMove(growth: Decimal | null, previousMonthGrowth: Decimal | null, monthOfYear: number): Decimal | null {
  if (monthOfYear === 1 || growth === null || previousMonthGrowth === null) return null;
  return growth.minus(previousMonthGrowth);
}

/** band(P) = PERCENTILE.INC(|month_move| over the months of the 12 ending at P that have one, 0.8); empty with fewer than 3. */
export function band(monthMoves: readonly (Decimal | null)[]): Decimal | null {
  const moves = monthMoves.filter((m): m is Decimal => m !== null).map((m) => m.abs());
  return moves.length < BAND_MIN_MOVES ? null : percentileInc(moves, BAND_PERCENTILE);
}

/** revision_range(P) = the largest minus the smallest productivity growth over all the vintages of P kept (0 with one). */
export function revisionRange(vintageGrowths: readonly Decimal[]): Decimal | null {
  if (!vintageGrowths.length) return null;
  return Exact.max(...vintageGrowths).minus(Exact.min(...vintageGrowths));
}

/** Ranks 1..n from the smallest value, tied values sharing the average of the ranks they span. */
export function averageRanks(values: readonly Decimal[]): Decimal[] {
  const order = values.map((value, i) => ({ value, i })).sort((a, b) => a.value.comparedTo(b.value));
  const ranks: Decimal[] = new Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && order[end].value.eq(order[start].value)) end++;
    // Positions start..end−1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const rank = new Exact(start + 1 + end).div(2);
    for (let k = start; k < end; k++) ranks[order[k].i] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rank correlation with average ranks for ties: the Pearson correlation of the ranks
 * (without ties it equals 1 − 6 Σd² / (n(n² − 1))). Null where either side's ranks do not vary.
 */
export function spearman(x: readonly Decimal[], y: readonly Decimal[]): Decimal | null {
  if (x.length !== y.length) throw new RangeError(`spearman: ${x.length} values against ${y.length}`);
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = new Exact(x.length + 1).div(2);
  let sxy = new Exact(0);
  let sxx = new Exact(0);
  let syy = new Exact(0);
  for (let i = 0; i < x.length; i++) {
    const dx = rx[i].minus(mean);
    const dy = ry[i].minus(mean);
    sxy = sxy.plus(dx.times(dy));
    sxx = sxx.plus(dx.times(dx));
    syy = syy.plus(dy.times(dy));
  }
  if (sxx.isZero() || syy.isZero()) return null;
  return sxy.div(sxx.times(syy).sqrt());
}

/**
 * rank_stability(P): Spearman's rank correlation between the trusts' productivity growth at P and
 * at P − 1 month, over the trusts with both; empty at Month 1 or with fewer than 3 trusts.
 */
export function rankStability(pairs: readonly { growth: Decimal; previousMonthGrowth: Decimal }[], monthOfYear: number): Decimal | null {
  if (monthOfYear === 1 || pairs.length < RANK_STABILITY_MIN_TRUSTS) return null;
  return spearman(
    pairs.map((p) => p.growth),
    pairs.map((p) => p.previousMonthGrowth),
  );
}

/** UNSTABLE: the trust's stability band is more than `unstable_band`. */
export function isUnstable(trustBand: Decimal | null, settings: MethodSettings): boolean {
  return trustBand !== null && trustBand.gt(settings.thresholds.unstableBand);
}

/**
 * Records each estimate's band and adds UNSTABLE (in methodology order) where it is over the
 * threshold; estimates without a measure are returned as they are, and the input is not changed.
 */
export function applyStability(estimates: readonly TrustEstimate[], bands: ReadonlyMap<string, Decimal | null>, settings: MethodSettings): TrustEstimate[] {
  return estimates.map((e) => {
    if (!e.measures) return e;
    const trustBand = bands.get(e.trust.orgCode) ?? null;
    return { ...e, band: trustBand, flags: isUnstable(trustBand, settings) ? orderFlags([...e.flags, 'UNSTABLE']) : e.flags };
  });
}
