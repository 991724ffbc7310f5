import { Exact } from '@nhsp/domain';
import { DeflatorSeries } from './deflation';
import { resolveSettings } from './settings';
import { sensitivity, standardVariants } from './sensitivity';
import { activity, bundle, finance, scheduleRow, trust } from './spec-helpers';

// XX01 in OPPROC (unit 100) and DC (unit 200): equalised 150 in both.
const schedule = [scheduleRow('Outpatient Procedures', 'XX01', 10, 1000), scheduleRow('Daycase', 'XX01', 10, 2000)];
const deflators = new DeflatorSeries('s', [{ year: 2025, prices: new Exact('0.02'), pay: new Exact('0.05'), payAndPrices: new Exact('0.04') }]);
const inputs = bundle({
  trusts: [trust('RAA')],
  schedule,
  deflators,
  activity: [activity('RAA', '2024-04', 'OPPROC', 'XX01', 10), activity('RAA', '2025-04', 'DC', 'XX01', 10)],
  finance: [finance('RAA', '2024-04', 'pay_substantive', 1000), finance('RAA', '2025-04', 'pay_substantive', 1050), finance('RAA', '2025-04', 'exceptional', 100)],
});

describe('method sensitivity', () => {
  const [raa] = sensitivity(inputs, '2025-04', standardVariants(resolveSettings(), deflators));

  it('recomputes the trust under each alternative setting', () => {
    // Base: equalised weights → output 0; input 1050/1.05/1000 − 1 = 0.
    expect(raa.growth.base!.toString()).toBe('0');
    // Equalisation off: OPPROC 100 → DC 200, output +100%.
    expect(raa.growth.equalisation_none!.toString()).toBe('1');
    // Nothing excluded: the exceptional £100 counts in the current period only.
    expect(raa.growth.no_exclusions!.toNumber()).toBeCloseTo(1 / (1 + 100 / 1.02 / 1000) - 1, 12);
    // Combined deflator 4%: input 1050/1.04/1000 − 1.
    expect(raa.growth.combined_deflator!.toNumber()).toBeCloseTo(1 / (1050 / 1.04 / 1000) - 1, 12);
  });

  it('reports the spread between the highest and lowest figure', () => {
    const values = Object.values(raa.growth).map((g) => g!.toNumber());
    expect(raa.spread!.toNumber()).toBeCloseTo(Math.max(...values) - Math.min(...values), 12);
  });
});
