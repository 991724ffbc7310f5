import { Exact } from '@nhsp/domain';
import { growthRank, growthRanks, growthScore, leadingCount, scoreOfRank } from './benchmarks';

// The group's ranks found by bisection over its sorted growths are growthRank's count, ties included.
describe('ranks of a whole group at once', () => {
  const growths = ['0.03', '-0.01', '0.03', '0', '0.1', '-0.01', '0.02'].map((g) => new Exact(g));

  it('gives every member the rank and score growthRank and growthScore give it', () => {
    const rankOf = growthRanks(growths);
    expect(growths.map((g) => rankOf(g))).toEqual([2, 6, 2, 5, 1, 6, 4]);
    expect(growths.map((g) => rankOf(g))).toEqual(growths.map((g) => growthRank(g, growths)));
    expect(growths.map((g) => scoreOfRank(rankOf(g), growths.length).toFixed(2))).toEqual(growths.map((g) => growthScore(g, growths).toFixed(2)));
    expect(rankOf(new Exact('0.5'))).toBe(1);
    expect(rankOf(new Exact('-1'))).toBe(8);
  });

  it('counts the prefix of a sorted list that passes a test', () => {
    const sorted = [1, 2, 2, 3, 5];
    expect([0, 1, 2, 3, 5, 6].map((x) => leadingCount(sorted, (v) => v < x))).toEqual([0, 0, 1, 3, 4, 5]);
    expect(leadingCount([], () => true)).toBe(0);
    expect(scoreOfRank(1, 1).toFixed(2)).toBe('1.00');
  });
});
