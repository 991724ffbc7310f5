import { Exact } from '@nhsp/domain';
import { computePeriod } from './compute';
import { resolveSettings } from './settings';
import { bundle, deflatorSeries, finance, scheduleRow, trust } from './spec-helpers';

// EL01 weight 100, NEL1 weight 200 (NEL_LS). Bed days supplied on current-period rows.
const schedule = [scheduleRow('Elective Inpatients', 'EL01', 10, 1000), scheduleRow('Non-Elective Inpatient - Long Stay', 'NEL1', 10, 2000)];
const row = (orgCode: string, month: string, pod: 'EL' | 'NEL_LS', currency: string, count: number, bedDays: number | null) => ({ orgCode, month, pod, currency, count, bedDays });

const result = computePeriod(
  bundle({
    trusts: [trust('RAA'), trust('RBB')],
    schedule,
    deflators: deflatorSeries([[2025, '0', '0']]),
    activity: [
      row('RAA', '2024-04', 'EL', 'EL01', 10, null),
      row('RBB', '2024-04', 'EL', 'EL01', 10, null),
      // National mean LOS of EL01 = (60 + 20) / (20 + 20) = 2 days.
      row('RAA', '2025-04', 'EL', 'EL01', 20, 60),
      row('RBB', '2025-04', 'EL', 'EL01', 20, 20),
      row('RAA', '2025-04', 'NEL_LS', 'NEL1', 5, 25),
    ],
    finance: ['RAA', 'RBB'].flatMap((org) => [
      finance(org, '2024-04', 'pay_substantive', 800),
      finance(org, '2025-04', 'pay_substantive', 800),
      finance(org, '2025-04', 'pay_agency', 100),
      finance(org, '2025-04', 'pay_bank', 100),
    ]),
  }),
  '2025-04',
  resolveSettings(),
);
const rows = (metric: string, org: string) => result.benchmarks.filter((b) => b.metric === metric && b.orgCode === org && b.groupKind === 'peer_group');

describe('length of stay against casemix-expected', () => {
  it('compares days per spell with Σ spells × national mean LOS', () => {
    const [raa] = rows('los_elective', 'RAA');
    expect(raa.value!.toString()).toBe('3');
    expect(raa.benchmark!.toString()).toBe('2');
    expect(raa.opportunityUnits!.toString()).toBe('20'); // 60 actual − 40 expected bed days
    // £ at the trust's weighted value per bed day: CWA 2,000 / 60 bed days.
    expect(raa.opportunityGbp!.toString()).toBe(new Exact(20).times(new Exact(2000).div(60)).toString());
    const [rbb] = rows('los_elective', 'RBB');
    expect(rbb.opportunityUnits!.toString()).toBe('0');
  });

  it('writes no LOS row where bed days are not supplied', () => {
    expect(rows('los_non_elective', 'RBB')).toEqual([]);
    expect(rows('los_non_elective', 'RAA')).toHaveLength(1);
  });
});

describe('temporary staffing', () => {
  it('counts half of a 30% agency and 10% bank reduction as opportunity', () => {
    const [raa] = rows('temporary_staffing', 'RAA');
    expect(raa.value!.toString()).toBe('0.2'); // 200 of 1,000 pay
    expect(raa.opportunityGbp!.toString()).toBe('20'); // (30 + 10) / 2
    expect(raa.benchmark).toBeNull();
  });
});

describe('cost by POD group', () => {
  it('is not apportioned from the finance return: no benchmark row repeats the overall cost per WAU by group', () => {
    // It is the casemix-adjusted cost_index of the packs, from the trust's own costs (§11).
    expect(result.benchmarks.map((b) => b.metric).filter((m) => m.startsWith('cost_per_wau_'))).toEqual([]);
    expect(rows('cost_per_wau', 'RAA')).toHaveLength(1);
  });
});
