import { Month, YearToDate } from '@nhsp/domain';
import { CostWeights } from './cost-weights';
import { estimateTrust } from './estimate';
import { ActivityIndex, FinanceIndex } from './inputs';
import { weighMonth } from './ledger';
import { bundleLedgerSums, ledgerSumsFromUnits, yearToDateMeasures } from './ledger-measures';
import { planInputsFromBundle } from './plan-inputs';
import { resolveSettings } from './settings';
import { activity, bundle, deflatorSeries, finance, scheduleRow, trust } from './spec-helpers';

// The history computed once (history-memo.ts): a figure asked again of the same inputs is the one
// made before, and a figure whose inputs changed is made again, equal to a fresh computation.

const weights = CostWeights.fromSchedule([scheduleRow('Elective Inpatients', 'EL01', 10, 1000), scheduleRow('Emergency Care', 'AE01', 10, 500)], 'opproc-dc');
const deflators = deflatorSeries([
  [2024, '0.05', '0.05'],
  [2025, '0.1', '0.1'],
]);
const settings = resolveSettings();
const context = { deflators, settings };
const MONTHS = ['2024-04', '2024-05', '2025-04', '2025-05'];

function history() {
  return bundle({
    trusts: [trust('RAA')],
    activity: MONTHS.flatMap((month, i) => [activity('RAA', month, 'EL', 'EL01', 3 + i), activity('RAA', month, 'AE', 'AE01', 10 - i)]),
    finance: MONTHS.map((month, i) => finance('RAA', month, 'pay_substantive', 1000 + 10 * i)),
    schedule: [],
    deflators,
  });
}

const text = (value: unknown) => JSON.stringify(value);

describe('the history computed once', () => {
  it('gives a later period the same plan inputs whether or not an earlier period of the bundle was computed first', () => {
    const shared = history();
    planInputsFromBundle(shared, '2025-04', weights, context);
    const after = planInputsFromBundle(shared, '2025-05', weights, context);
    const fresh = planInputsFromBundle(history(), '2025-05', weights, context);
    expect(text(after)).toBe(text(fresh));
    expect(after[0].yearToDate?.cwaCurrent.toString()).toBe(fresh[0].yearToDate?.cwaCurrent.toString());
    // Weighed once: the same sums object for every period of the bundle.
    expect(bundleLedgerSums('RAA', { ...shared, weights })).toBe(bundleLedgerSums('RAA', { ...shared, weights }));
  });

  it('weighs a trust again once a row is added to the bundle after a period was computed', () => {
    const b = history();
    const before = planInputsFromBundle(b, '2025-05', weights, context)[0].yearToDate!;
    b.activity.add(activity('RAA', '2025-05', 'AE', 'AE01', 100));
    const after = planInputsFromBundle(b, '2025-05', weights, context)[0].yearToDate!;
    expect(after.cwaCurrent.minus(before.cwaCurrent).toString()).toBe('5000');
    const estimate = estimateTrust(trust('RAA'), YearToDate.of('2025-05'), { activity: b.activity, finance: b.finance, weights, deflators, settings });
    expect(estimate.measures!.cwaCurrent.toString()).toBe(after.cwaCurrent.toString());
  });

  it('finds the measures of sums made again from the same weighed months, and makes them again where a month was replaced', () => {
    const inputs = { activity: history().activity, finance: history().finance, weights };
    const months = MONTHS.map((month) => weighMonth('RAA', month, inputs));
    const period = Month.parse('2025-05');
    const first = yearToDateMeasures(ledgerSumsFromUnits('RAA', months), period, context)!;
    // A service's next run: new sums, the months it still holds.
    expect(yearToDateMeasures(ledgerSumsFromUnits('RAA', [...months]), period, context)).toBe(first);
    // The same settings and deflators in new objects (a new run reads them again): the same figure.
    const again = { deflators: deflatorSeries([[2024, '0.05', '0.05'], [2025, '0.1', '0.1']]), settings: resolveSettings() };
    expect(yearToDateMeasures(ledgerSumsFromUnits('RAA', [...months]), period, again)).toBe(first);
    // Other deflators: computed, not found.
    const other = { deflators: deflatorSeries([[2024, '0.05', '0.05'], [2025, '0.2', '0.2']]), settings };
    expect(yearToDateMeasures(ledgerSumsFromUnits('RAA', [...months]), period, other)!.realSpendCurrent.eq(first.realSpendCurrent)).toBe(false);
    // May 2024 resubmitted (the base of 2025-05): weighed anew, a new figure equal to a fresh computation.
    const resubmitted = new ActivityIndex();
    resubmitted.add(activity('RAA', '2024-05', 'AE', 'AE01', 1));
    const finances = FinanceIndex.from([finance('RAA', '2024-05', 'pay_substantive', 1010)]);
    const replaced = [months[0], weighMonth('RAA', '2024-05', { activity: resubmitted, finance: finances, weights }), months[2], months[3]];
    const changed = yearToDateMeasures(ledgerSumsFromUnits('RAA', replaced), period, context)!;
    expect(changed).not.toBe(first);
    expect(changed.cwaBase.toString()).toBe(first.cwaBase.minus(400 + 450).plus(50).toString());
  });
});
