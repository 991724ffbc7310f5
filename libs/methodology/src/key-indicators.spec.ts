import { computePeriod } from './compute';
import { keyIndicators } from './key-indicators';
import { resolveSettings } from './settings';
import { bundle, deflatorSeries, finance, scheduleRow, trust } from './spec-helpers';

const schedule = [
  scheduleRow('Elective Inpatients', 'EL01', 1, 100),
  scheduleRow('Daycase', 'DC01', 1, 50),
  scheduleRow('Non-Elective Inpatient - Long Stay', 'NL01', 1, 300),
  scheduleRow('Non-Elective Inpatient - Short Stay', 'NS01', 1, 80),
];
const row = (orgCode: string, month: string, pod: 'EL' | 'DC' | 'NEL_LS' | 'NEL_SS', currency: string, count: number, bedDays: number | null = null) => ({ orgCode, month, pod, currency, count, bedDays });
const months = { base: '2024-04', current: '2025-04' };
const activity = (org: string, scale: number) => [
  row(org, months.base, 'EL', 'EL01', 10, 40),
  row(org, months.base, 'DC', 'DC01', 30),
  row(org, months.base, 'NEL_LS', 'NL01', 20, 100),
  row(org, months.base, 'NEL_SS', 'NS01', 10, 5),
  row(org, months.current, 'EL', 'EL01', 10, 30),
  row(org, months.current, 'DC', 'DC01', 30 * scale),
  row(org, months.current, 'NEL_LS', 'NL01', 25, 100),
  row(org, months.current, 'NEL_SS', 'NS01', 10, 5),
];
const result = computePeriod(
  bundle({
    trusts: [trust('RAA'), trust('RBB')],
    schedule,
    deflators: deflatorSeries([[2025, '0', '0']]),
    activity: [...activity('RAA', 1), ...activity('RBB', 3)],
    finance: ['RAA', 'RBB'].flatMap((org) => [
      finance(org, months.base, 'pay_agency', 100),
      finance(org, months.current, 'pay_agency', 80),
      finance(org, months.base, 'pay_bank', 50),
      finance(org, months.current, 'pay_bank', 60),
    ]),
  }),
  months.current,
  resolveSettings(),
);
const rows = keyIndicators(months.current, result.estimates);
const find = (level: string, group: string, indicator: string) => rows.find((r) => r.level === level && r.group === group && r.indicator === indicator)!;

describe('key operational indicators', () => {
  it('computes each trust indicator year-to-date against the same months last year', () => {
    expect(find('trust', 'RAA', 'non_elective_bed_days')).toMatchObject({ base: expect.anything(), current: expect.anything() });
    expect(find('trust', 'RAA', 'non_elective_bed_days').base!.toString()).toBe('105');
    expect(find('trust', 'RAA', 'non_elective_overnight_spells').change!.toString()).toBe('0.25');
    expect(find('trust', 'RAA', 'non_elective_los_1plus').current!.toString()).toBe('4'); // 100 / 25
    expect(find('trust', 'RAA', 'elective_ordinary_los').change!.toString()).toBe('-0.25'); // 4 → 3 days
    expect(find('trust', 'RAA', 'same_day_elective_share').base!.toString()).toBe('0.75');
    expect(find('trust', 'RAA', 'agency_spend').change!.toString()).toBe('-0.2');
    expect(find('trust', 'RAA', 'bank_spend').change!.toString()).toBe('0.2');
  });

  it('aggregates a group as a ratio of sums, not a mean of ratios', () => {
    // Same-day share current: (30 + 90) / (30 + 90 + 10 + 10) = 120 / 140.
    expect(find('national', 'England', 'same_day_elective_share').current!.toNumber()).toBeCloseTo(120 / 140, 15);
    expect(find('national', 'England', 'agency_spend').current!.toString()).toBe('160');
  });
});
