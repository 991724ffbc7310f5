import { Exact, FinancialYear } from '@nhsp/domain';
import { AnnualGrowth, chainedIndex, chainStart, gapToBase, groupChainStart } from './chained-index';

const fy = (text: string) => FinancialYear.parse(text);
const growth = (productivity: string): AnnualGrowth => ({ outputGrowth: new Exact(0), inputGrowth: new Exact(0), productivityGrowth: new Exact(productivity) });

describe('the chained index (methodology §9)', () => {
  const growths: Record<string, AnnualGrowth | null> = {
    '2020/21': growth('-0.2'),
    '2021/22': growth('0.25'),
    '2022/23': growth('0.02'),
  };
  const growthOf = (year: FinancialYear) => growths[String(year)] ?? null;

  it('is 100 in the base year and chains I_t = I_{t−1} × (1 + g_t)', () => {
    const points = chainedIndex(fy('2019/20'), fy('2022/23'), growthOf, null);
    expect(points.map((p) => [p.year, p.index.toString()])).toEqual([
      ['2019/20', '100'],
      ['2020/21', '80'], // 100 × 0.8
      ['2021/22', '100'], // 80 × 1.25
      ['2022/23', '102'],
    ]);
    expect(points[0].growth).toBeNull();
    expect(gapToBase(points[3].index).toString()).toBe('0.02');
  });

  it('breaks for good at a year without a Month 12 estimate', () => {
    const broken: Record<string, AnnualGrowth | null> = { ...growths, '2021/22': null };
    const points = chainedIndex(fy('2019/20'), fy('2022/23'), (y) => broken[String(y)] ?? null, { year: fy('2023/24'), growth: growth('0.01') });
    // 2022/23 has a growth but the chain is already broken: later years, and the year in progress, are empty.
    expect(points.map((p) => p.year)).toEqual(['2019/20', '2020/21']);
  });

  it('adds the year in progress at its position so far, I_{t−1} × (1 + year-to-date growth)', () => {
    const points = chainedIndex(fy('2019/20'), fy('2022/23'), growthOf, { year: fy('2023/24'), growth: growth('-0.01') });
    const last = points[points.length - 1];
    expect(last).toMatchObject({ year: '2023/24', inProgress: true });
    expect(last.index.toString()).toBe('100.98'); // 102 × 0.99
    // Only the year straight after the last complete one, and only with an estimate.
    expect(chainedIndex(fy('2019/20'), fy('2022/23'), growthOf, { year: fy('2024/25'), growth: growth('0.01') })).toHaveLength(4);
    expect(chainedIndex(fy('2019/20'), fy('2022/23'), growthOf, { year: fy('2023/24'), growth: null })).toHaveLength(4);
  });

  it('starts a trust whose data starts later in its first complete year', () => {
    const complete = new Set(['2021/22', '2022/23']);
    const start = chainStart(fy('2019/20'), fy('2022/23'), (y) => complete.has(String(y)));
    expect(String(start)).toBe('2021/22');
    const points = chainedIndex(start, fy('2022/23'), growthOf, null);
    expect(points.map((p) => [p.year, p.index.toString()])).toEqual([
      ['2021/22', '100'],
      ['2022/23', '102'],
    ]);
    // No complete year up to the last complete one: no chain at all.
    expect(chainStart(fy('2019/20'), fy('2020/21'), (y) => complete.has(String(y)))).toBeNull();
    expect(chainedIndex(null, fy('2022/23'), growthOf, null)).toEqual([]);
  });

  it('never starts before the index base, and a group starts with its earliest member', () => {
    expect(String(chainStart(fy('2019/20'), fy('2022/23'), () => true))).toBe('2019/20');
    expect(String(groupChainStart([fy('2021/22'), null, fy('2020/21')]))).toBe('2020/21');
    expect(groupChainStart([null, null])).toBeNull();
  });
});
