import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { MethodologyError } from './errors';

/**
 * Benchmarking arithmetic of methodology §7: Excel's PERCENTILE.INC, the £ opportunity to reach
 * a benchmark, and the 1.00–4.00 productivity growth score.
 */

/** PERCENTILE.INC: linear interpolation between closest ranks at h = (n − 1) × p over sorted values. */
export function percentileInc(values: readonly Decimal[], p: Decimal.Value): Decimal {
  if (values.length === 0) throw new MethodologyError('PERCENTILE.INC of no values');
  const k = new Exact(p);
  if (k.lt(0) || k.gt(1)) throw new MethodologyError(`percentile ${k} is outside 0..1`);
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const h = k.times(sorted.length - 1);
  const lower = h.floor().toNumber();
  const fraction = h.minus(lower);
  if (lower + 1 >= sorted.length) return sorted[lower];
  return sorted[lower].plus(fraction.times(sorted[lower + 1].minus(sorted[lower])));
}

/**
 * The benchmark is the 75th percentile of performance, the bottom of the top quartile: for a
 * lower-is-better metric that is PERCENTILE.INC at 0.25, for a higher-is-better one at 0.75.
 */
export function benchmarkOf(values: readonly Decimal[], direction: 'lower_is_better' | 'higher_is_better'): Decimal {
  return percentileInc(values, direction === 'lower_is_better' ? '0.25' : '0.75');
}

/** opportunity = max(0, metric − benchmark) × volume, for a lower-is-better metric. */
export function opportunity(value: Decimal, benchmark: Decimal, volume: Decimal.Value): Decimal {
  return Exact.max(0, value.minus(benchmark)).times(volume);
}

/**
 * Oversight-style score: rank r = 1 + the number of trusts with strictly higher growth; score =
 * 1 + 3 × (r − 1) / (n − 1), rounded to 2 dp with halves away from zero; a group of one scores 1.00.
 */
export function growthScore(growth: Decimal, groupGrowths: readonly Decimal[]): Decimal {
  return scoreOfRank(growthRank(growth, groupGrowths), groupGrowths.length);
}

/** score = 1 + 3 × (r − 1) / (n − 1), rounded to 2 dp with halves away from zero; a group of one scores 1.00. */
export function scoreOfRank(rank: number, n: number): Decimal {
  if (n <= 1) return new Exact(1).toDecimalPlaces(2);
  return new Exact(3)
    .times(rank - 1)
    .div(n - 1)
    .plus(1)
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Rank within a group, 1 = best (highest growth), ties sharing the best rank. */
export function growthRank(growth: Decimal, groupGrowths: readonly Decimal[]): number {
  return 1 + groupGrowths.filter((g) => g.gt(growth)).length;
}

/**
 * growthRank of every member of a group, the group's growths sorted once: 1 + the number strictly
 * higher, counted by bisection (a national group ranks 194 trusts, each against every other).
 */
export function growthRanks(groupGrowths: readonly Decimal[]): (growth: Decimal) => number {
  const descending = [...groupGrowths].sort((a, b) => b.comparedTo(a));
  return (growth) => 1 + leadingCount(descending, (g) => g.gt(growth));
}

/** How many values at the start of a sorted list satisfy a test that holds for a prefix of it. */
export function leadingCount<T>(sorted: readonly T[], holds: (value: T) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holds(sorted[middle])) low = middle + 1;
    else high = middle;
  }
  return low;
}
