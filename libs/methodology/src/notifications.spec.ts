import { YearToDate } from '@nhsp/domain';
import { computePeriod } from './compute';
import { applyNotifications, TrustNotification } from './notifications';
import { resolveSettings } from './settings';
import { bundle, deflatorSeries, finance, scheduleRow, trust } from './spec-helpers';

// 2025-05 is Month 2: current months 2025-04..05, base months 2024-04..05.
const period = '2025-05';
const ytd = YearToDate.of(period);
const months = ['2024-04', '2024-05', '2025-04', '2025-05'];
const orgs = ['RAA', 'RBB', 'RCC', 'RDD'];
const result = computePeriod(
  bundle({
    trusts: orgs.map((o) => trust(o)),
    schedule: [scheduleRow('Elective Inpatients', 'EL01', 1, 100)],
    deflators: deflatorSeries([[2025, '0', '0']]),
    // RBB's 2025-05 activity growth is large enough to be an OUTLIER (flags keep methodology order).
    activity: orgs.flatMap((o) => months.map((m) => ({ orgCode: o, month: m, pod: 'EL' as const, currency: 'EL01', count: o === 'RBB' && m === '2025-05' ? 40 : 10, bedDays: null }))),
    finance: orgs.flatMap((o) => months.map((m) => finance(o, m, 'pay_substantive', 1000))),
  }),
  period,
  resolveSettings(),
);

const note = (orgCode: string, month: string, text = `${orgCode} ${month}`, category = 'epr_go_live'): TrustNotification => ({ orgCode, month, category, text });

describe('applyNotifications', () => {
  it('flags exactly the trusts with a notification for a base or current month, after the other flags', () => {
    const out = applyNotifications(
      result.estimates,
      [note('RAA', '2025-04'), note('RBB', '2024-05', 'coding changed', 'coding_change'), note('RCC', '2025-06'), note('RDD', '2024-03')],
      ytd,
    );
    expect(out.map((e) => [e.trust.orgCode, e.flags])).toEqual([
      ['RAA', ['TRUST_NOTIFICATION']],
      ['RBB', ['OUTLIER', 'TRUST_NOTIFICATION']],
      // 2025-06 is after the period and 2024-03 before its base months: not touching.
      ['RCC', []],
      ['RDD', []],
    ]);
    expect(out[1].notifications).toEqual([{ month: '2024-05', category: 'coding_change', text: 'coding changed' }]);
    expect(out[2].notifications).toBeUndefined();
  });

  it('records every notification touching the estimate once, by month, and leaves its input alone', () => {
    const before = result.estimates[0].flags.slice();
    const out = applyNotifications(
      result.estimates,
      [note('raa ', '2025-05', 'b'), note('RAA', '2024-04', 'a', 'other'), note('RAA', '2025-05', 'b')],
      ytd,
    );
    expect(out[0].notifications).toEqual([
      { month: '2024-04', category: 'other', text: 'a' },
      { month: '2025-05', category: 'epr_go_live', text: 'b' },
    ]);
    expect(result.estimates[0].flags).toEqual(before);
    expect(result.estimates[0].notifications).toBeUndefined();
    // Growth is untouched: a notification explains a figure, it does not change it.
    expect(out[0].measures).toBe(result.estimates[0].measures);
  });

  it('flags a trust with no estimate too, since its notification may explain the gap', () => {
    const missing = { ...result.estimates[3], status: 'missing_data' as const, measures: null, flags: ['MISSING_DATA' as const] };
    const [out] = applyNotifications([missing], [note('RDD', '2025-04')], ytd);
    expect(out.flags).toEqual(['MISSING_DATA', 'TRUST_NOTIFICATION']);
  });
});
