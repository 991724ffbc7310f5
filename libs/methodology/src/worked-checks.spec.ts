import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { computePeriod } from './compute';
import { CostWeights } from './cost-weights';
import { inputGrowth, outputGrowth, productivityGrowth } from './formulas';
import { resolveSettings } from './settings';
import { activity, AMBULANCE_ROWS, bundle, deflatorSeries, finance, trust } from './spec-helpers';

const close = (actual: Decimal, expected: string, tolerance = 1e-12) =>
  expect(actual.minus(expected).abs().toNumber()).toBeLessThan(tolerance);

describe('methodology.md worked checks', () => {
  it('derives the Ambulance weights as Σ Cost / Σ Activity', () => {
    const weights = CostWeights.fromSchedule(AMBULANCE_ROWS, 'opproc-dc');
    close(weights.weight('AMB', '01').value, '65.560157', 1e-6);
    close(weights.weight('AMB', '02').value, '326.987826', 1e-6);
    close(weights.weight('AMB', '03').value, '458.731120', 1e-6);
    expect(weights.weight('AMB', '01').value.toString()).toBe(new Exact('75251062.92').div(1147817).toString());
  });

  it('reproduces the ambulance trust: CWA, output, input and productivity growth', () => {
    const amb = trust('RX9', { trustType: 'Ambulance trust', peerGroup: 'Ambulance', sector: 'ambulance' });
    const counts = { base: [10000, 30000, 60000], current: [12000, 33000, 59000] };
    const result = computePeriod(
      bundle({
        trusts: [amb],
        schedule: AMBULANCE_ROWS,
        deflators: deflatorSeries([[2023, '0.0431', '0.0431']]),
        activity: ['01', '02', '03'].flatMap((currency, i) => [
          activity('RX9', '2022-04', 'AMB', currency, counts.base[i]),
          activity('RX9', '2023-04', 'AMB', currency, counts.current[i]),
        ]),
        finance: [finance('RX9', '2022-04', 'pay_substantive', '50000000'), finance('RX9', '2023-04', 'non_pay_other', '53000000')],
      }),
      '2023-04',
      resolveSettings(),
    );
    const m = result.estimates[0].measures!;
    close(m.cwaBase, '37989103.5697', 1e-4);
    close(m.cwaCurrent, '38642456.2431', 1e-4);
    close(m.outputGrowth, '0.017198423021');
    close(m.inputGrowth, '0.016201706452');
    close(m.productivityGrowth, '0.000980825522');
    expect(result.estimates[0].flags).toEqual([]);
  });

  it.each([
    ['0.0937080930018283', '0.0357671695824455', '0.0559401042251039'],
    ['0.0431196104273767', '-0.0020143016938454', '0.0452250089333208'],
    ['0.0484213875587939', '0.0555039456839607', '-0.0067101199897242'],
  ])('reproduces the published triple %s, %s → %s by the ratio, not the difference', (output, input, expected) => {
    const growth = productivityGrowth(new Exact(output), new Exact(input));
    close(growth, expected, 1e-15);
    expect(new Exact(output).minus(input).minus(expected).abs().toNumber()).toBeGreaterThan(1e-6);
  });

  it('computes growth as a ratio of the current to the base period', () => {
    expect(outputGrowth(new Exact(200), new Exact(210)).toString()).toBe('0.05');
    expect(inputGrowth(new Exact(100), new Exact(98)).toString()).toBe('-0.02');
  });
});
