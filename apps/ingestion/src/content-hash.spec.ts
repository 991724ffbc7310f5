import Decimal from 'decimal.js';
import { ActivityRecord, FinanceRecord } from '@nhsp/domain';
import { activityHashes, financeHashes, monthsOf } from './content-hash';

const act = (orgCode: string, month: string, pod: string, count: number): ActivityRecord =>
  ({ orgCode, month, pod, currency: 'X1', count, bedDays: null }) as ActivityRecord;
const fin = (orgCode: string, month: string, category: string, amount: string): FinanceRecord =>
  ({ orgCode, month, category, amount: new Decimal(amount) }) as FinanceRecord;

describe('org-month content hashes', () => {
  it('do not depend on row order, and there is one per org-month', () => {
    const rows = [act('A', '2024-04', 'EL', 1), act('A', '2024-04', 'DC', 2), act('B', '2024-04', 'EL', 1)];
    const forward = activityHashes(rows);
    const backward = activityHashes([...rows].reverse());
    const byKey = (h: { orgCode: string; month: string; contentSha256: string }[]) =>
      new Map(h.map((x) => [`${x.orgCode}|${x.month}`, x.contentSha256]));
    expect(byKey(backward)).toEqual(byKey(forward));
    expect(forward).toHaveLength(2);
  });

  it('change when a figure changes but not when only its formatting does', () => {
    const [base] = financeHashes([fin('A', '2024-04', 'pay_bank', '100.50')]);
    const [sameValue] = financeHashes([fin('A', '2024-04', 'pay_bank', '100.5')]);
    const [changed] = financeHashes([fin('A', '2024-04', 'pay_bank', '100.51')]);
    expect(sameValue.contentSha256).toBe(base.contentSha256);
    expect(changed.contentSha256).not.toBe(base.contentSha256);
    const [countChanged] = activityHashes([act('A', '2024-04', 'EL', 2)]);
    expect(countChanged.contentSha256).not.toBe(activityHashes([act('A', '2024-04', 'EL', 1)])[0].contentSha256);
  });

  it('list distinct months in order', () => {
    expect(monthsOf([{ month: '2024-05' }, { month: '2024-04' }, { month: '2024-05' }])).toEqual(['2024-04', '2024-05']);
  });
});
