import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { addTo, FinanceIndex } from './inputs';

describe('addTo: a first value kept as read is the number 0 + value would give', () => {
  it('keeps a first Exact as it is, and sums later ones', () => {
    const first = new Exact('1234.56');
    expect(addTo(undefined, first)).toBe(first);
    expect(addTo(first, new Exact('0.44')).toString()).toBe('1235');
  });

  it('adds to 0 what 0 + value would change: −0, more than 40 digits, another precision', () => {
    expect(addTo(undefined, new Exact('-0')).isNegative()).toBe(false);
    expect(addTo(undefined, new Exact('1'.repeat(45))).toString()).toBe(new Exact(0).plus('1'.repeat(45)).toString());
    const plain = addTo(undefined, new Decimal('1.5'));
    expect(plain.constructor).toBe(Exact);
    expect(addTo(plain, new Exact('0.' + '1'.repeat(30))).toString()).toBe(new Exact('1.5').plus('0.' + '1'.repeat(30)).toString());
  });

  it('sums a finance category over duplicate rows exactly', () => {
    const index = FinanceIndex.from([
      { orgCode: 'RAA', month: '2025-04', category: 'pay_substantive', amount: new Exact('100.10') },
      { orgCode: 'RAA', month: '2025-04', category: 'pay_substantive', amount: new Exact('0.20') },
    ]);
    expect([...index.amounts('RAA', '2025-04')].map(([c, a]) => [c, a.toString()])).toEqual([['pay_substantive', '100.3']]);
  });
});
