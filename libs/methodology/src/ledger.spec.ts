import { ActivityIndex, FinanceIndex } from './inputs';
import { CostWeights } from './cost-weights';
import { decodeMonthUnits, encodeMonthUnits, ledgerFromJson, ledgerMonths, trustLedger, weighMonth } from './ledger';
import { bundleLedgerSums, ledgerSums, ledgerSumsFromUnits, yearToDateMeasures } from './ledger-measures';
import { resolveSettings } from './settings';
import { activity, deflatorSeries, finance, scheduleRow } from './spec-helpers';
import { Month } from '@nhsp/domain';

// EL01 weighs 100 (a working-day POD), AE01 weighs 50.
const weights = CostWeights.fromSchedule(
  [scheduleRow('Elective Inpatients', 'EL01', 10, 1000), scheduleRow('Emergency Care', 'AE01', 10, 500)],
  'opproc-dc',
);
const inputs = {
  activity: ActivityIndex.from([
    activity('RAA', '2024-04', 'EL', 'EL01', 3),
    activity('RAA', '2024-04', 'AE', 'AE01', 4),
    activity('RAA', '2024-04', 'AE', 'AE01', 1), // the same key again: summed
    activity('RAA', '2025-04', 'AE', 'AE01', 7),
    activity('RAA', '2025-05', 'AE', 'AE01', 7), // activity without finance
  ]),
  finance: FinanceIndex.from([
    finance('RAA', '2024-04', 'pay_substantive', '1000.10'),
    finance('RAA', '2024-04', 'pay_substantive', '0.05'),
    finance('RAA', '2025-04', 'non_pay_drugs', '990'),
  ]),
  weights,
};

describe('the ledger', () => {
  const ledger = trustLedger('RAA', inputs);

  it('holds each month once: CWA split for the working-day adjustment, spend by category, what is there', () => {
    expect(ledger.months.map((m) => m.month)).toEqual(['2024-04', '2025-04', '2025-05']);
    const [april] = ledger.months;
    expect(april.cwaWorkingDayPods.toString()).toBe('300');
    expect(april.cwa.toString()).toBe('250');
    expect(april.nominal).toEqual({ pay_substantive: expect.anything() });
    expect(april.nominal.pay_substantive!.toString()).toBe('1000.15');
    expect(ledger.months[2]).toMatchObject({ hasActivity: true, hasFinance: false });
  });

  it('gives a month-1 estimate from its running totals', () => {
    const context = { deflators: deflatorSeries([[2025, '0.1', '0.1']]), settings: resolveSettings() };
    const m = yearToDateMeasures(ledgerSums(ledger), Month.parse('2025-04'), context)!;
    expect([m.cwaBase.toString(), m.cwaCurrent.toString(), m.realSpendBase.toString(), m.realSpendCurrent.toString()]).toEqual(['550', '350', '1000.15', '900']);
    // May 2025 has no finance: no estimate.
    expect(yearToDateMeasures(ledgerSums(ledger), Month.parse('2025-05'), context)).toBeNull();
  });

  it('comes back from JSON as it went, and refuses what is not a ledger, saying where', () => {
    expect(ledgerFromJson(JSON.parse(JSON.stringify(ledger)))).toEqual(ledger);
    const json = JSON.parse(JSON.stringify(ledger));
    expect(() => ledgerFromJson({ ...json, orgCode: 7 })).toThrow(/not a trust ledger: orgCode is missing/);
    expect(() => ledgerFromJson({ ...json, months: [{ ...json.months[0], cwa: 'lots' }] })).toThrow(/months\[0\]\.cwa "lots" is not a decimal/);
    expect(() => ledgerFromJson({ ...json, months: [{ ...json.months[0], nominal: { pay_other: '1' } }] })).toThrow(/months\[0\]\.nominal has an unknown category pay_other/);
    expect(() => ledgerFromJson({ ...json, months: [json.months[1], json.months[0]] })).toThrow(/not ascending at 2024-04/);
    expect(() => ledgerFromJson({ ...json, months: [{ ...json.months[0], month: '2024-4' }] })).toThrow(/months\[0\]\.month is not YYYY-MM/);
  });

  it('stores a weighed month as text and reads it back exactly, and refuses text that is not one', () => {
    const weighed = ledgerMonths('RAA', inputs).map((month) => weighMonth('RAA', month, inputs));
    const text = weighed.map(encodeMonthUnits);
    expect(text[0]).toMatch(/^11;25e65;3e66;/);
    const back = weighed.map((m, i) => decodeMonthUnits(m.month, text[i]));
    expect(back).toEqual(weighed);
    expect(ledgerSumsFromUnits('RAA', back)).toEqual(bundleLedgerSums('RAA', inputs));
    expect(() => ledgerSumsFromUnits('RAA', [back[1], back[0]])).toThrow(/not ascending by month at 2024-04/);
    expect(() => decodeMonthUnits('2024-04', '11;2x;0;0')).toThrow(/not a stored ledger month of 2024-04/);
    expect(() => decodeMonthUnits('2024-04', text[0].replace(';25e65;', ';2.5e66;'))).toThrow(/2024-04 cwa "2.5e66" is not a whole number of units/);
  });
});
