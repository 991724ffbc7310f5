import { Exact } from '@nhsp/domain';
import { computePeriod } from './compute';
import { keyIndicators } from './key-indicators';
import { indexReturns } from './packs/returns-index';
import { resolveSettings } from './settings';
import { bundle, deflatorSeries, finance, scheduleRow, trust } from './spec-helpers';

// The indicators and lengths of stay of a history computed period by period on the same inputs
// (issue 17: each month's sums held and extended): each period must get what it gets alone,
// and a row added after a period was computed must be weighed in.
const schedule = [scheduleRow('Elective Inpatients', 'EL01', 1, 100), scheduleRow('Non-Elective Inpatient - Long Stay', 'NL01', 1, 300)];
const months = ['2024-04', '2024-05', '2024-06', '2025-04', '2025-05', '2025-06'];
const orgs = ['RAA', 'RBB'];

function inputs() {
  return {
    ...bundle({
      trusts: orgs.map((org) => trust(org)),
      schedule,
      deflators: deflatorSeries([[2024, '0', '0'], [2025, '0', '0']]),
      activity: orgs.flatMap((org, o) =>
        months.flatMap((month, m) => [
          { orgCode: org, month, pod: 'EL' as const, currency: 'EL01', count: 10 + m + o, bedDays: 30 + 2 * m },
          { orgCode: org, month, pod: 'NEL_LS' as const, currency: 'NL01', count: 20 + o, bedDays: 90 + 3 * m + 7 * o },
        ]),
      ),
      finance: orgs.flatMap((org) => months.flatMap((month, m) => [finance(org, month, 'pay_substantive', 1000 + m), finance(org, month, 'pay_agency', 40 + m)])),
    }),
    returns: indexReturns({
      workforce: orgs.flatMap((orgCode) => months.map((month, m) => ({ orgCode, month, staffGroup: 'consultant' as const, wte: new Exact(10 + m) }))),
    }),
  };
}

const settings = resolveSettings();
const periods = ['2025-04', '2025-05', '2025-06'];
const text = (value: unknown) => JSON.stringify(value, (_, v) => (v instanceof Exact ? v.toString() : v));
function outputs(held: ReturnType<typeof inputs>, period: string): string {
  const result = computePeriod(held, period, settings);
  return text({ indicators: keyIndicators(period, result.estimates, held), los: result.estimates.map((e) => e.lengthOfStay) });
}

describe('key indicators and lengths of stay over a history', () => {
  it('gives every period of a run what it gets computed alone, in any order', () => {
    const held = inputs();
    const alone = periods.map((period) => outputs(inputs(), period));
    expect(periods.map((period) => outputs(held, period))).toEqual(alone);
    expect([...periods].reverse().map((period) => outputs(held, period))).toEqual([...alone].reverse());
    expect(alone[2]).toContain('"non_elective_los_1plus"');
    expect(alone[2]).toContain('"expectedBedDays"');
  });

  it('weighs in activity and finance rows added after a period was computed', () => {
    const held = inputs();
    const before = outputs(held, '2025-05');
    const added = { orgCode: 'RAA', month: '2025-05', pod: 'EL' as const, currency: 'EL01', count: 7, bedDays: 50 };
    held.activity.add(added);
    held.finance.add(finance('RAA', '2025-05', 'pay_agency', 500));
    const after = outputs(held, '2025-05');
    expect(after).not.toBe(before);
    const fresh = inputs();
    fresh.activity.add(added);
    fresh.finance.add(finance('RAA', '2025-05', 'pay_agency', 500));
    expect(after).toBe(outputs(fresh, '2025-05'));
  });
});
