import Decimal from 'decimal.js';
import { ActivityRecord, Exact, FinanceRecord, FinancialYear, Month } from '@nhsp/domain';
import { CostWeights } from './cost-weights';
import { planInputsFromBundle } from './plan-inputs';
import { planView } from './plan-view';
import { resolveSettings } from './settings';
import { activity, bundle, deflatorSeries, finance, scheduleRow, trust } from './spec-helpers';

// A hand-worked history. AE01 weighs 1, so a count is its CWA; deflators are 0, so spend is real.
// RAA: FY 2023/24 and 2024/25 count 100 and spend 1,000 every month; FY 2025/26 count 102 in
// M1–M3 and 104 after, spend 1,010 every month.
// RBB: the same two flat years but nothing at all for December 2024, then count 100 and spend
// 1,000 every month of FY 2025/26 (a zero growth).
const settings = resolveSettings();
const schedule = [scheduleRow('Emergency Care', 'AE01', 10, 10)];
const deflators = deflatorSeries([
  [2023, '0', '0'],
  [2024, '0', '0'],
  [2025, '0', '0'],
]);
const months = (fy: string) => FinancialYear.parse(fy).months.map(String);

const records = { activity: [] as ActivityRecord[], finance: [] as FinanceRecord[] };
function month(org: string, m: string, count: number, spend: number) {
  records.activity.push(activity(org, m, 'AE', 'AE01', count));
  records.finance.push(finance(org, m, 'pay_substantive', spend));
}
for (const m of [...months('2023/24'), ...months('2024/25')]) {
  month('RAA', m, 100, 1000);
  if (m !== '2024-12') month('RBB', m, 100, 1000);
}
months('2025/26').forEach((m, i) => {
  month('RAA', m, i < 3 ? 102 : 104, 1010);
  month('RBB', m, 100, 1000);
});
const history = bundle({ trusts: [trust('RAA'), trust('RBB')], schedule, deflators, ...records });
const weights = CostWeights.fromSchedule(schedule, settings.equalisation);
const view = (period: string) => planView(planInputsFromBundle(history, period, weights, { deflators, settings }), period, settings);

const ratio = (a: Decimal.Value, b: Decimal.Value) => new Exact(a).div(b).minus(1);
const close = (actual: Decimal | null | undefined, expected: Decimal) => {
  expect(actual).toBeDefined();
  expect(actual!.minus(expected).abs().lt('1e-30')).toBe(true);
};

describe('the plan view of a period (methodology §8–§10)', () => {
  describe('Month 6, 2025-09', () => {
    const plan = view('2025-09');
    const target = (group: string) => plan.targets.find((t) => t.group === group)!;

    it('tracks the target of a trust with its whole previous year', () => {
      const raa = target('RAA');
      close(raa.productivityGrowth, ratio('1.03', '1.01')); // 618 / 600 against 6,060 / 6,000
      expect(raa.onTrack).toBe(false);
      close(raa.requiredOutputGrowthRest, new Exact('0.0304'));
      expect(raa.savingsNeededGbp!.toDecimalPlaces(2).toString()).toBe('2.35');
      close(raa.projectedFullYearGrowth, ratio('1.035', '1.01'));
    });

    it('gives no rest-of-year figures to a trust whose base year lacks a month', () => {
      const rbb = target('RBB');
      expect(rbb.productivityGrowth.toString()).toBe('0');
      expect(rbb.onTrack).toBe(false);
      expect([rbb.requiredOutputGrowthRest, rbb.requiredProductivityGrowthRest, rbb.savingsNeededGbp, rbb.projectedFullYearGrowth]).toEqual([null, null, null, null]);
    });

    it('sums each group over the trusts with every quantity, and names groups as aggregates.csv does', () => {
      expect(plan.targets.map((t) => `${t.level}:${t.group}`)).toEqual([
        'national:England',
        'peer_group:Acute - Large',
        'region:London',
        'sector:acute',
        'trust:RAA',
        'trust:RBB',
      ]);
      // RBB lacks December 2024, so England stands exactly where RAA does.
      expect(target('England').productivityGrowth.eq(target('RAA').productivityGrowth)).toBe(true);
      expect(target('England').savingsNeededGbp!.eq(target('RAA').savingsNeededGbp!)).toBe(true);
    });

    it('chains each trust from its first complete year and breaks the chain of a trust missing a month', () => {
      const rows = (group: string) => plan.index.filter((r) => r.group === group).map((r) => [r.year, r.index.toString(), r.inProgress]);
      // RAA: 2024/25 grew 0 on 2023/24; 2025/26 so far: 100 × 1.03 / 1.01.
      expect(rows('RAA')).toEqual([
        ['2023/24', '100', false],
        ['2024/25', '100', false],
        ['2025/26', new Exact(100).times(ratio('1.03', '1.01').plus(1)).toString(), true],
      ]);
      // RBB has no Month 12 estimate for 2024/25 (December is missing): its chain stops at its start.
      expect(rows('RBB')).toEqual([['2023/24', '100', false]]);
      // England chains RAA alone in 2024/25, and both trusts in the year so far (§4): 1,218 / 1,200 against 12,060 / 12,000.
      const england = plan.index.filter((r) => r.group === 'England');
      expect(england.map((r) => r.year)).toEqual(['2023/24', '2024/25', '2025/26']);
      close(england[2].growth?.productivityGrowth, new Exact(1218).div(1200).div(new Exact(12060).div(12000)).minus(1));
      expect(england[0].growth).toBeNull();
    });

    it('measures the month move and the band over the 12 months ending at P', () => {
      const raa = plan.stability.find((s) => s.orgCode === 'RAA')!;
      // Year to date: M5 514 / 500, M6 618 / 600, both against 1% more spend.
      close(raa.monthMove, ratio('1.03', '1.01').minus(ratio('1.028', '1.01')));
      // Eleven moves (none at M1): eight zeros, then 0.002, 0.003, 0.005 over 1.01: h = 8 → the smallest non-zero.
      close(raa.band, new Exact('0.002').div('1.01'));
      expect(raa.revisionRange!.toString()).toBe('0');
      expect(plan.stability.map((s) => s.orgCode)).toEqual(['RAA', 'RBB']);
      // Two trusts are too few for a rank correlation.
      expect(plan.rankStability).toBeNull();
      expect(plan.bands.get('RAA')!.eq(raa.band!)).toBe(true);
    });
  });

  it('at Month 1, has no month move and projects at the single month', () => {
    const plan = view('2025-04');
    const raa = plan.targets.find((t) => t.group === 'RAA')!;
    close(raa.productivityGrowth, ratio('1.02', '1.01'));
    close(raa.savingsNeededGbp, new Exact(120));
    close(raa.projectedFullYearGrowth, ratio('1.02', '1.01'));
    expect(plan.stability.find((s) => s.orgCode === 'RAA')!.monthMove).toBeNull();
  });

  it('at Month 12, leaves the rest of the year empty and the year complete in the index', () => {
    const plan = view('2026-03');
    const raa = plan.targets.find((t) => t.group === 'RAA')!;
    close(raa.productivityGrowth, ratio('1.035', '1.01')); // 1,242 / 1,200 against 12,120 / 12,000
    expect(raa.onTrack).toBe(true);
    expect([raa.requiredOutputGrowthRest, raa.savingsNeededGbp]).toEqual([null, null]);
    expect(raa.projectedFullYearGrowth).toBe(raa.productivityGrowth);
    // RBB's March 2026 estimate needs December 2024: no estimate, no target, no stability row.
    expect(plan.targets.some((t) => t.group === 'RBB')).toBe(false);
    expect(plan.stability.map((s) => s.orgCode)).toEqual(['RAA']);
    const raaIndex = plan.index.filter((r) => r.group === 'RAA');
    expect(raaIndex.map((r) => [r.year, r.inProgress])).toEqual([
      ['2023/24', false],
      ['2024/25', false],
      ['2025/26', false],
    ]);
    close(raaIndex[2].index, new Exact(100).times(ratio('1.035', '1.01').plus(1)));
  });

  it('carries the target it was asked for', () => {
    const lower = resolveSettings({ target: 0.005 });
    const plan = planView(planInputsFromBundle(history, '2025-09', weights, { deflators, settings: lower }), Month.parse('2025-09'), lower);
    expect(plan.targets.find((t) => t.group === 'RAA')).toMatchObject({ onTrack: true });
    expect(plan.targets.every((t) => t.target.toString() === '0.005')).toBe(true);
  });
});
