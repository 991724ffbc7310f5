import { Exact } from '@nhsp/domain';
import { scheduleRow, trust } from '../spec-helpers';
import { MonthPrefixes } from './month-prefixes';
import { computePacks } from './packs';
import { figures, findRow, packInputs } from './spec-helpers';

// The year to date's sums held as the history is computed period by period (issue 17): each
// period must get what it gets computed alone, after earlier periods and after rows added later.

describe('MonthPrefixes', () => {
  const months = ['2025-04', '2025-05', '2025-06'];
  const values = new Map([['2025-04', 1], ['2025-05', 10], ['2025-06', 100]]);

  it('extends a held run by one month and makes a run that differs again from where it differs', () => {
    const prefixes = new MonthPrefixes<number>();
    const steps: string[] = [];
    const step = (sum: number, month: string) => (steps.push(month), sum + (values.get(month) ?? 0));
    expect(prefixes.get(values, months.slice(0, 2), '', 0, step)).toBe(11);
    expect(prefixes.get(values, months, '', 0, step)).toBe(111);
    expect(prefixes.get(values, months.slice(0, 1), '', 0, step)).toBe(1);
    expect(steps).toEqual(['2025-04', '2025-05', '2025-06']);
    // Same first month, another second month: summed again from there.
    expect(prefixes.get(values, ['2025-04', '2025-07'], '', 0, step)).toBe(1);
    expect(prefixes.get(values, months, '', 0, step)).toBe(111);
    expect(steps).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-05', '2025-06']);
    expect(prefixes.get(values, [], '', 0, step)).toBe(0);
  });

  it('keeps runs of different sums apart and forgets a source', () => {
    const prefixes = new MonthPrefixes<number>();
    const times = (k: number) => (sum: number, month: string) => sum + k * (values.get(month) ?? 0);
    expect(prefixes.get(values, months, 'one', 0, times(1))).toBe(111);
    expect(prefixes.get(values, months, 'two', 0, times(2))).toBe(222);
    values.set('2025-05', 20);
    expect(prefixes.get(values, months, 'one', 0, times(1))).toBe(111);
    prefixes.forget(values);
    expect(prefixes.get(values, months, 'one', 0, times(1))).toBe(121);
    values.set('2025-05', 10);
  });
});

describe('packs over a history', () => {
  const trusts = [trust('RAA'), trust('RBB'), trust('RCC')];
  const inputs = () =>
    packInputs({
      trusts,
      schedule: [scheduleRow('Elective Inpatients', 'FF01A', 10, 1000)],
      operations: [
        ['RAA', '2025-04', 'corporate_cost_gbp', 'hr', 10], ['RAA', '2025-04', 'operating_income_gbp', '', 1000],
        ['RAA', '2025-05', 'corporate_cost_gbp', 'hr', 30], ['RAA', '2025-05', 'operating_income_gbp', '', 1000],
        ['RBB', '2025-04', 'corporate_cost_gbp', 'hr', 20], ['RBB', '2025-04', 'operating_income_gbp', '', 1000],
      ],
      workforce: [['RAA', '2025-04', 'consultant', 10], ['RAA', '2025-05', 'consultant', 12]],
      medicines: [
        ['RAA', '2025-04', 'adalimumab', 'originator', 10, 100], ['RBB', '2025-04', 'adalimumab', 'biosimilar', 10, 50],
        ['RAA', '2025-05', 'adalimumab', 'originator', 10, 120],
      ],
      trustCosts: [['RAA', 2024, 'EL', 'FF01A', 10, 12000], ['RBB', 2024, 'EL', 'FF01A', 10, 10000]],
      finance: [
        { orgCode: 'RAA', month: '2025-04', category: 'pay_substantive', amount: new Exact(1000) },
        { orgCode: 'RAA', month: '2025-05', category: 'pay_agency', amount: new Exact(100) },
      ],
    });
  const periods = ['2025-04', '2025-05', '2025-06'];
  const csv = (rows: ReturnType<typeof computePacks>) => rows.map((r) => JSON.stringify(figures(r)) + r.period + r.metric + r.dimension).join('\n');

  it('gives every period of a run what it gets computed alone', () => {
    const held = inputs();
    const inTurn = periods.map((period) => csv(computePacks(held, period)));
    const alone = periods.map((period) => csv(computePacks(inputs(), period)));
    expect(inTurn).toEqual(alone);
    // Asked again (the memo's path) and in another order.
    expect([...periods].reverse().map((period) => csv(computePacks(held, period)))).toEqual([...alone].reverse());
  });

  it('weighs in a row added after a period was computed (operations, medicines, trust costs)', () => {
    const held = inputs();
    const before = computePacks(held, '2025-05');
    held.returns.operations.add({ orgCode: 'RBB', month: '2025-05', measure: 'corporate_cost_gbp', dimension: 'hr', value: new Exact(40) });
    held.returns.medicines.add({ orgCode: 'RAA', month: '2025-05', molecule: 'adalimumab', product: 'originator', quantity: new Exact(10), cost: new Exact(80) });
    held.returns.trustCosts.add({ orgCode: 'RCC', year: 2024, pod: 'EL', currency: 'FF01A', activity: new Exact(10), cost: new Exact(8000) });
    const after = computePacks(held, '2025-05');
    expect(figures(findRow(before, 'RBB', 'corporate', 'hr'))!.value).toBe('0.02');
    expect(figures(findRow(after, 'RBB', 'corporate', 'hr'))!.value).toBe('0.06');
    expect(figures(findRow(after, 'RAA', 'medicines_switch'))!.gbp).not.toBe(figures(findRow(before, 'RAA', 'medicines_switch'))!.gbp);
    expect(figures(findRow(before, 'RCC', 'cost_index', 'elective'))!.value).toBeNull();
    expect(figures(findRow(after, 'RCC', 'cost_index', 'elective'))!.value).toBe('8');
    expect(csv(after)).toBe(csv(computePacks(held, '2025-05')));
  });
});
