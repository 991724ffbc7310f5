import { Exact } from '@nhsp/domain';
import { benchmarkOf, growthRank, growthScore, opportunity, percentileInc } from './benchmarks';

const d = (...values: (number | string)[]) => values.map((v) => new Exact(v));

describe('PERCENTILE.INC', () => {
  it.each([
    [[1, 2, 3, 4], '0.25', '1.75'],
    [[1, 3, 2, 4], '0.3', '1.9'],
    [[10, 20, 30, 40, 50], '0.25', '20'],
    [[10, 20, 30, 40, 50], '0.75', '40'],
    [[5], '0.25', '5'],
    [[7, 1], '0', '1'],
    [[7, 1], '1', '7'],
  ])('of %j at %s is %s, as Excel computes it', (values, p, expected) => {
    expect(percentileInc(d(...values), p).toString()).toBe(expected);
  });

  it('takes the 25th percentile as the benchmark of a lower-is-better metric', () => {
    expect(benchmarkOf(d(1, 2, 3, 4), 'lower_is_better').toString()).toBe('1.75');
    expect(benchmarkOf(d(1, 2, 3, 4), 'higher_is_better').toString()).toBe('3.25');
  });

  it('rejects an empty set', () => {
    expect(() => percentileInc([], '0.25')).toThrow(/no values/);
  });
});

describe('opportunity', () => {
  it('is max(0, value − benchmark) × volume', () => {
    expect(opportunity(new Exact(5), new Exact(4), 1000).toString()).toBe('1000');
    expect(opportunity(new Exact(3), new Exact(4), 1000).toString()).toBe('0');
  });
});

describe('growth score', () => {
  it('spreads five trusts from 1.00 to 4.00', () => {
    const growths = d('0.05', '0.04', '0.03', '0.02', '0.01');
    expect(growths.map((g) => growthScore(g, growths).toFixed(2))).toEqual(['1.00', '1.75', '2.50', '3.25', '4.00']);
  });

  it('gives ties the best score', () => {
    const growths = d('0.1', '0.1', '0.05');
    expect(growths.map((g) => growthScore(g, growths).toFixed(2))).toEqual(['1.00', '1.00', '4.00']);
    expect(growths.map((g) => growthRank(g, growths))).toEqual([1, 1, 3]);
  });

  it('rounds halves away from zero (2.125 → 2.13)', () => {
    const growths = d(9, 8, 7, 6, 5, 4, 3, 2, 1); // n = 9, rank 4 → 1 + 3 × 3 / 8 = 2.125
    expect(growthScore(new Exact(6), growths).toFixed(2)).toBe('2.13');
  });

  it('scores a group of one 1.00', () => {
    expect(growthScore(new Exact('-0.2'), d('-0.2')).toFixed(2)).toBe('1.00');
  });
});
