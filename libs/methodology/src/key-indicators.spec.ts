import { Exact, OperationsRecord, WorkforceRecord } from '@nhsp/domain';
import { computePeriod } from './compute';
import { IndicatorRow, keyIndicators } from './key-indicators';
import { indexReturns } from './packs/returns-index';
import { resolveSettings } from './settings';
import { bundle, deflatorSeries, finance, scheduleRow, trust } from './spec-helpers';

// Hand-worked: period 2025-05 (Month 2): the year to date is April and May 2025 against April
// and May 2024; the month window is May 2025 against May 2024.
const schedule = [
  scheduleRow('Elective Inpatients', 'EL01', 1, 100),
  scheduleRow('Daycase', 'DC01', 1, 50),
  scheduleRow('Non-Elective Inpatient - Long Stay', 'NL01', 1, 300),
  scheduleRow('Non-Elective Inpatient - Short Stay', 'NS01', 1, 80),
  scheduleRow('Consultant Led', 'OP01', 1, 120),
  scheduleRow('Outpatient Procedures', 'OQ01', 1, 150),
];
type Pod = 'EL' | 'DC' | 'NEL_LS' | 'NEL_SS' | 'OP' | 'OPPROC';
const CURRENCY: Record<Pod, string> = { EL: 'EL01', DC: 'DC01', NEL_LS: 'NL01', NEL_SS: 'NS01', OP: 'OP01', OPPROC: 'OQ01' };
const row = (orgCode: string, month: string, pod: Pod, count: number, bedDays: number | null = null) => ({ orgCode, month, pod, currency: CURRENCY[pod], count, bedDays });
const ops = (orgCode: string, month: string, measure: OperationsRecord['measure'], value: number): OperationsRecord => ({ orgCode, month, measure, dimension: '', value: new Exact(value) });
const wte = (orgCode: string, month: string, value: number): WorkforceRecord => ({ orgCode, month, staffGroup: 'consultant', wte: new Exact(value) });

// RAA: complete. RBB: no theatre or workforce return, no bed days. RCC: no estimate (no finance in May 2025).
const activity = [
  ...['RAA', 'RBB', 'RCC'].flatMap((org) => [
    row(org, '2024-04', 'EL', 10, org === 'RBB' ? null : 40),
    row(org, '2024-05', 'EL', 10, org === 'RBB' ? null : 40),
    row(org, '2024-04', 'DC', 30),
    row(org, '2024-05', 'DC', 30),
    row(org, '2024-04', 'NEL_LS', 20, org === 'RBB' ? null : 100),
    row(org, '2024-05', 'NEL_SS', 10, org === 'RBB' ? null : 5),
    row(org, '2025-04', 'EL', 10, org === 'RBB' ? null : 30),
    row(org, '2025-05', 'EL', 5, org === 'RBB' ? null : 10),
    row(org, '2025-04', 'DC', 30),
    row(org, '2025-05', 'DC', org === 'RBB' ? 45 : 35),
    row(org, '2025-04', 'NEL_LS', 25, org === 'RBB' ? null : 100),
    row(org, '2025-05', 'NEL_SS', 10, org === 'RBB' ? null : 5),
  ]),
  row('RAA', '2024-04', 'OP', 300),
  row('RAA', '2024-05', 'OPPROC', 100),
  row('RAA', '2025-04', 'OP', 330),
  row('RAA', '2025-05', 'OPPROC', 120),
];
const months = ['2024-04', '2024-05', '2025-04', '2025-05'];
const inputs = {
  ...bundle({
    trusts: [trust('RAA'), trust('RBB', { peerGroup: 'Acute - Small' }), trust('RCC')],
    schedule,
    deflators: deflatorSeries([[2025, '0', '0']]),
    activity,
    finance: ['RAA', 'RBB', 'RCC'].flatMap((org) =>
      months
        .filter((m) => !(org === 'RCC' && m === '2025-05'))
        .flatMap((m) => [finance(org, m, 'pay_agency', m < '2025' ? 50 : 40), finance(org, m, 'pay_bank', org === 'RBB' && m < '2025' ? 0 : 30)]),
    ),
  }),
  returns: indexReturns({
    operations: ['RAA', 'RCC'].flatMap((org) => [
      // April is outside the month window: only May counts.
      ops(org, '2024-04', 'theatre_session_minutes', 1000),
      ops(org, '2024-04', 'theatre_touch_minutes', 100),
      ops(org, '2024-05', 'theatre_session_minutes', 1000),
      ops(org, '2024-05', 'theatre_touch_minutes', 800),
      ops(org, '2025-05', 'theatre_session_minutes', 1200),
      ops(org, '2025-05', 'theatre_touch_minutes', 1020),
    ]),
    workforce: [wte('RAA', '2024-04', 10), wte('RAA', '2024-05', 10), wte('RAA', '2025-04', 10.5), wte('RAA', '2025-05', 9.5)],
  }),
};
const result = computePeriod(inputs, '2025-05', resolveSettings());
const rows = keyIndicators('2025-05', result.estimates, inputs);
const find = (level: string, group: string, indicator: string): IndicatorRow | undefined => rows.find((r) => r.level === level && r.group === group && r.indicator === indicator);
const text = (r: IndicatorRow | undefined) => r && { base: r.base.toString(), current: r.current.toString(), change: r.change?.toString() ?? null, window: r.window, kind: r.changeKind };

describe('key operational indicators (§12)', () => {
  it('computes volumes and rates year to date with a relative change', () => {
    expect(text(find('trust', 'RAA', 'non_elective_bed_days'))).toEqual({ base: '105', current: '105', change: '0', window: 'ytd', kind: 'relative' });
    expect(text(find('trust', 'RAA', 'non_elective_overnight_spells'))).toEqual({ base: '20', current: '25', change: '0.25', window: 'ytd', kind: 'relative' });
    expect(find('trust', 'RAA', 'non_elective_los_1plus')!.current.toString()).toBe('4'); // 100 / 25
    // EL: 80 bed days / 20 spells = 4 → 40 / 15.
    expect(find('trust', 'RAA', 'elective_ordinary_los')!.current.toString()).toBe(new Exact(40).div(15).toString());
    // (300 + 100) / 20 consultant WTE-months = 20 → (330 + 120) / 20 = 22.5.
    expect(text(find('trust', 'RAA', 'outpatient_attendances_per_consultant_wte'))).toEqual({ base: '20', current: '22.5', change: '0.125', window: 'ytd', kind: 'relative' });
    expect(text(find('trust', 'RAA', 'agency_spend'))).toEqual({ base: '100', current: '80', change: '-0.2', window: 'ytd', kind: 'relative' });
  });

  it('computes shares for the single month P against P − 12 months, the change in points', () => {
    // May 2024: 800 / 1000; May 2025: 1020 / 1200 = 0.85 (April is not in the window).
    expect(text(find('trust', 'RAA', 'theatre_utilisation'))).toEqual({ base: '0.8', current: '0.85', change: '0.05', window: 'month', kind: 'points' });
    // May 2024: 30 / (30 + 10) = 0.75; May 2025: 35 / 40 = 0.875.
    expect(text(find('trust', 'RAA', 'same_day_elective_share'))).toEqual({ base: '0.75', current: '0.875', change: '0.125', window: 'month', kind: 'points' });
  });

  it('writes an indicator only where the trust has its data in both windows', () => {
    // RBB has no theatre or workforce return and no bed days.
    for (const indicator of ['theatre_utilisation', 'outpatient_attendances_per_consultant_wte', 'non_elective_bed_days', 'non_elective_los_1plus', 'elective_ordinary_los']) {
      expect([indicator, find('trust', 'RBB', indicator)]).toEqual([indicator, undefined]);
    }
    expect(find('trust', 'RBB', 'non_elective_overnight_spells')).toBeDefined();
  });

  it('leaves the change empty where the base is zero', () => {
    expect(text(find('trust', 'RBB', 'bank_spend'))).toEqual({ base: '0', current: '60', change: null, window: 'ytd', kind: 'relative' });
  });

  it('writes no row for a trust without an estimate for the period, even where it has the data', () => {
    expect(result.estimates.find((e) => e.trust.orgCode === 'RCC')!.status).toBe('missing_data');
    expect(rows.filter((r) => r.group === 'RCC')).toEqual([]);
  });

  it('aggregates a group as a ratio of sums over the trusts with a row, not a mean of ratios', () => {
    // Same-day share, May 2025: (35 + 45) / (40 + 50).
    expect(find('national', 'England', 'same_day_elective_share')!.current.toString()).toBe(new Exact(80).div(90).toString());
    // Theatre: RAA alone (RBB has no return, RCC no estimate).
    expect(find('national', 'England', 'theatre_utilisation')!.current.toString()).toBe('0.85');
    expect(find('national', 'England', 'agency_spend')!.current.toString()).toBe('160');
    // A group none of whose trusts has the data gets no row.
    expect(find('peer_group', 'Acute - Small', 'theatre_utilisation')).toBeUndefined();
    expect(find('peer_group', 'Acute - Small', 'same_day_elective_share')).toBeDefined();
  });

  it('without the optional returns, writes only what activity and finance carry', () => {
    const bare = keyIndicators('2025-05', result.estimates, { activity: inputs.activity, finance: inputs.finance });
    expect(new Set(bare.map((r) => r.indicator)).has('theatre_utilisation')).toBe(false);
    expect(bare.filter((r) => r.indicator === 'same_day_elective_share')).toHaveLength(rows.filter((r) => r.indicator === 'same_day_elective_share').length);
  });
});
