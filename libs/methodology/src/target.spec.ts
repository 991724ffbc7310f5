import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { PeriodSums } from './period-sums';
import { sumTargetQuantities, targetPosition, TargetQuantities } from './target';

// Hand-worked: FY t−1 has CWA 100 and real spend 1,000 every month (1,200 and 12,000 a year).
// Month 6 of FY t: CWA 102 a month in M1–M3 and 104 in M4–M6 (618 against 600, output +3%),
// spend 1,010 a month (6,060 against 6,000, input +1%); the last three months: output +4%, input +1%.
const sums = (cwaBase: Decimal.Value, cwaCurrent: Decimal.Value, realSpendBase: Decimal.Value, realSpendCurrent: Decimal.Value): PeriodSums => ({
  cwaBase: new Exact(cwaBase),
  cwaCurrent: new Exact(cwaCurrent),
  realSpendBase: new Exact(realSpendBase),
  realSpendCurrent: new Exact(realSpendCurrent),
});
const previousYear = { cwa: new Exact(1200), realSpend: new Exact(12000) };
const monthSix: TargetQuantities = { yearToDate: sums(600, 618, 6000, 6060), previousYear, lastThreeMonths: sums(300, 312, 3000, 3030) };
const close = (actual: Decimal | null, expected: Decimal.Value) => expect(actual?.minus(expected).abs().lt('1e-30')).toBe(true);

describe('the 2% target (methodology §8)', () => {
  it('works out Month 6 by hand', () => {
    const p = targetPosition(monthSix, 6, 0.02)!;
    // productivity growth = 1.03 / 1.01 − 1, short of 2%.
    close(p.productivityGrowth, new Exact('1.03').div('1.01').minus(1));
    expect(p.onTrack).toBe(false);
    expect(p.target.toString()).toBe('0.02');
    // R_rest = 6,000 × 1.01 = 6,060; CWA_rest = 1.02 × 1,200 × (6,060 + 6,060) / 12,000 − 618 = 618.24.
    close(p.requiredOutputGrowthRest, new Exact('618.24').div(600).minus(1)); // 0.0304
    close(p.requiredOutputGrowthRest, '0.0304');
    close(p.requiredProductivityGrowthRest, new Exact('1.0304').div('1.01').minus(1));
    // R_needed = (618 + 600 × 1.03) / 1,200 / 1.02 × 12,000 − 6,060 = 12,000 × 1.03 / 1.02 − 6,060.
    close(p.savingsNeededGbp, new Exact(6060).minus(new Exact(12000).times('1.03').div('1.02').minus(6060)));
    expect(p.savingsNeededGbp!.toDecimalPlaces(2).toString()).toBe('2.35');
    // ((618 + 600 × 1.04) / 1,200) / ((6,060 + 6,000 × 1.01) / 12,000) − 1 = 1.035 / 1.01 − 1.
    close(p.projectedFullYearGrowth, new Exact('1.035').div('1.01').minus(1));
  });

  it('is on track at exactly the target, and the target is a setting', () => {
    // 1.0302 / 1.01 − 1 = 0.02 exactly.
    const q = { ...monthSix, yearToDate: sums(600, '618.12', 6000, 6060) };
    expect(targetPosition(q, 6, 0.02)!.onTrack).toBe(true);
    expect(targetPosition(q, 6, 0.021)!.onTrack).toBe(false);
    expect(targetPosition(q, 6, 0.01)!.target.toString()).toBe('0.01');
  });

  it('shows a trust ahead of its target as negative savings', () => {
    const ahead = { ...monthSix, yearToDate: sums(600, 660, 6000, 6000), lastThreeMonths: sums(300, 330, 3000, 3000) };
    const p = targetPosition(ahead, 6, 0.02)!;
    expect(p.onTrack).toBe(true);
    expect(p.savingsNeededGbp!.isNegative()).toBe(true);
    expect(p.requiredOutputGrowthRest!.lt(0)).toBe(true);
  });

  it('leaves the rest of the year empty at Month 12 and projects the year itself', () => {
    const year: TargetQuantities = { yearToDate: sums(1200, 1242, 12000, 12120), previousYear, lastThreeMonths: sums(300, 312, 3000, 3030) };
    const p = targetPosition(year, 12, 0.02)!;
    close(p.productivityGrowth, new Exact('1.035').div('1.01').minus(1));
    expect(p.onTrack).toBe(true);
    expect([p.requiredOutputGrowthRest, p.requiredProductivityGrowthRest, p.savingsNeededGbp]).toEqual([null, null, null]);
    expect(p.projectedFullYearGrowth).toBe(p.productivityGrowth);
  });

  it('reads the last three months as the single month at Month 1', () => {
    // M1: CWA 102 against 100, spend 1,010 against 1,000; the rest of the year's base is 1,100 and 11,000.
    const m1: TargetQuantities = { yearToDate: sums(100, 102, 1000, 1010), previousYear, lastThreeMonths: sums(100, 102, 1000, 1010) };
    const p = targetPosition(m1, 1, 0.02)!;
    // CWA_rest = 1.02 × 1,200 × (1,010 + 11,110) / 12,000 − 102 = 1,134.24 against 1,100.
    close(p.requiredOutputGrowthRest, new Exact('1134.24').div(1100).minus(1));
    // R_needed = (102 + 1,100 × 1.02) / 1,200 / 1.02 × 12,000 − 1,010 = 10,990; R_rest = 11,110.
    close(p.savingsNeededGbp, 120);
    close(p.projectedFullYearGrowth, new Exact('1.02').div('1.01').minus(1));
  });

  it('gives no rest-of-year figures where FY t−1 lacks a month, but still the position', () => {
    const p = targetPosition({ ...monthSix, previousYear: null }, 6, 0.02)!;
    expect(p.onTrack).toBe(false);
    expect([p.requiredOutputGrowthRest, p.requiredProductivityGrowthRest, p.savingsNeededGbp, p.projectedFullYearGrowth]).toEqual([null, null, null, null]);
  });

  it('has no position without an estimate (a zero base)', () => {
    expect(targetPosition({ ...monthSix, yearToDate: sums(0, 10, 6000, 6060) }, 6, 0.02)).toBeNull();
  });

  it('sums a group over the trusts that have every quantity', () => {
    const other: TargetQuantities = { yearToDate: sums(600, 600, 6000, 6000), previousYear: null, lastThreeMonths: sums(300, 300, 3000, 3000) };
    const group = sumTargetQuantities([monthSix, other, monthSix])!;
    expect(group.yearToDate.cwaCurrent.toString()).toBe('1236');
    expect(group.previousYear!.cwa.toString()).toBe('2400');
    // Two copies of one trust stand where it stands; the trust without FY t−1 is left out.
    close(targetPosition(group, 6, 0.02)!.requiredOutputGrowthRest, '0.0304');
    expect(sumTargetQuantities([other])).toBeNull();
  });
});
