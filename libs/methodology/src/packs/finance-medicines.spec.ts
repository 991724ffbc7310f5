import { deflatorSeries, finance, trust } from '../spec-helpers';
import { computePacks } from './packs';
import { figures, findRow, packInputs } from './spec-helpers';

const community = { sector: 'community' as const, peerGroup: 'Community', trustType: 'Mental health and community trust' };
const mentalHealth = { sector: 'mental_health' as const, peerGroup: 'Mental Health', trustType: 'Mental health and community trust' };
const trusts = [trust('RAA'), trust('RBB'), trust('RCC', community), trust('RMH', mentalHealth)];
const inputs = (settings = {}) =>
  packInputs({
    trusts,
    settings,
    // FY 2025/26 pay deflator 25%: real pay = nominal / 1.25.
    deflators: deflatorSeries([[2025, '0.1', '0.25']]),
    finance: [
      finance('RAA', '2025-04', 'pay_substantive', 800),
      finance('RAA', '2025-05', 'pay_substantive', 800),
      finance('RAA', '2025-04', 'pay_agency', 200),
      finance('RAA', '2025-05', 'pay_bank', 200),
      finance('RAA', '2025-04', 'non_pay_clinical_supplies', 1000),
      finance('RAA', '2025-05', 'non_pay_clinical_supplies', 500),
      finance('RAA', '2024-05', 'non_pay_clinical_supplies', 1e6), // last year: not in the period
      finance('RBB', '2025-04', 'non_pay_other', 1000),
      finance('RCC', '2025-04', 'pay_bank', 0),
    ],
    medicines: [
      // National price of adalimumab's alternatives: (1000 + 5000) / (100 + 300) = 15; apixaban's (community rows count): 100 / 50 = 2.
      ['RAA', '2025-04', 'adalimumab', 'originator', 50, 2500],
      ['RAA', '2025-04', 'adalimumab', 'biosimilar', 100, 1000],
      ['RAA', '2025-05', 'apixaban', 'originator', 50, 50],
      ['RAA', '2025-05', 'infliximab', 'originator', 1000, 90000], // no alternative anywhere: not a switch
      ['RBB', '2025-05', 'adalimumab', 'biosimilar', 300, 5000],
      ['RCC', '2025-04', 'apixaban', 'generic', 50, 100],
      ['RBB', '2025-06', 'adalimumab', 'originator', 1e6, 1e9], // after the period
    ],
  });
const rows = computePacks(inputs(), '2025-05');

describe('temporary_staffing (§7) in the pack', () => {
  it('is bank and agency share of real pay; £ = half of 30% of agency + 10% of bank, from finance whether or not there is an estimate', () => {
    // Real: substantive 1280, agency 160, bank 160 → 320 / 1600; (48 + 16) / 2 = 32.
    expect(figures(findRow(rows, 'RAA', 'temporary_staffing'))).toEqual({ value: '0.2', benchmark: null, group: null, units: null, unit: null, gbp: '32', missing: [] });
  });

  it('names the pay lacking, and a pay total of zero', () => {
    expect(findRow(rows, 'RBB', 'temporary_staffing')!.missing).toEqual([{ file: 'finance.csv', items: ['pay_substantive', 'pay_bank', 'pay_agency'] }]);
    expect(findRow(rows, 'RCC', 'temporary_staffing')!.missing).toEqual([{ file: 'finance.csv', items: ['pay above zero'] }]);
  });
});

describe('clinical_supplies (§11)', () => {
  it('is nominal non-pay clinical supplies of the year to date; £ = the saving setting of it (3% by default)', () => {
    expect(figures(findRow(rows, 'RAA', 'clinical_supplies'))).toMatchObject({ value: '1500', gbp: '45', missing: [] });
    expect(figures(findRow(computePacks(inputs({ clinicalSuppliesSaving: 0.05 }), '2025-05'), 'RAA', 'clinical_supplies'))).toMatchObject({ gbp: '75' });
    expect(findRow(rows, 'RBB', 'clinical_supplies')!.missing).toEqual([{ file: 'finance.csv', items: ['non_pay_clinical_supplies'] }]);
  });
});

describe('medicines_switch (§11, acute and mental health)', () => {
  it('is the originator share of molecules with an alternative; £ prices the originator at the national alternative price', () => {
    // (50 + 50) / (50 + 100 + 50); £ = 50 × (2500 / 50 − 15) + 50 × max(0, 1 − 2).
    expect(figures(findRow(rows, 'RAA', 'medicines_switch'))).toEqual({ value: '0.5', benchmark: null, group: null, units: null, unit: null, gbp: '1750', missing: [] });
    expect(figures(findRow(rows, 'RBB', 'medicines_switch'))).toMatchObject({ value: '0', gbp: '0' });
  });

  it('names a trust of the sector without medicines as missing; other sectors have no such row', () => {
    expect(findRow(rows, 'RMH', 'medicines_switch')!.missing).toEqual([{ file: 'medicines.csv', items: ['quantity of a molecule with a generic or biosimilar'] }]);
    expect(findRow(rows, 'RCC', 'medicines_switch')).toBeUndefined();
  });
});
