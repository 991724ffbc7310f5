import { OperationsMeasure } from '@nhsp/domain';
import { trust } from '../spec-helpers';
import { computePacks } from './packs';
import { figures, findRow, packInputs } from './spec-helpers';

// Period 2025-05: the year to date is April and May 2025. Hand-worked figures in the comments.
const trusts = [
  trust('RAA'),
  trust('RBB'),
  trust('RCC'),
  trust('RDD'),
  trust('REE'),
  trust('RFF', { sector: 'mental_health', peerGroup: 'Mental Health', trustType: 'Mental health and community trust' }),
  trust('RGG', { sector: 'ambulance', peerGroup: 'Ambulance', trustType: 'Ambulance trust' }),
];
type Op = [string, string, OperationsMeasure, string, number];
const income = (org: string, value: number, month = '2025-04'): Op => [org, month, 'operating_income_gbp', '', value];
const hr = (org: string, value: number, month = '2025-04'): Op => [org, month, 'corporate_cost_gbp', 'hr', value];
const rows = computePacks(
  packInputs({
    trusts,
    operations: [
      // HR cost / income: 0.01, 0.02, 0.03, 0.04 and (25 + 25) / (500 + 500) = 0.05.
      hr('RAA', 10), income('RAA', 1000),
      hr('RBB', 20), income('RBB', 1000),
      hr('RCC', 30), income('RCC', 1000),
      hr('RDD', 40), income('RDD', 1000),
      hr('REE', 25), hr('REE', 25, '2025-05'), income('REE', 500), income('REE', 500, '2025-05'),
      // A zero income is no denominator; no HR row is no value: neither counts in the benchmark.
      hr('RFF', 10), income('RFF', 0),
      income('RGG', 1000),
      // General supplies: 0.1 and 0.2.
      ['RAA', '2025-04', 'general_supplies_cost_gbp', '', 100],
      ['RBB', '2025-05', 'general_supplies_cost_gbp', '', 200],
      // Energy: RAA (1500 + 500 kWh) / mean area (100 + 300) / 2 = 10; RBB 20; RCC 30; RDD 40 (no energy cost); REE has no gas row.
      ['RAA', '2025-04', 'electricity_kwh', '', 1000], ['RAA', '2025-04', 'gas_kwh', '', 500], ['RAA', '2025-04', 'estate_area_m2', '', 100],
      ['RAA', '2025-05', 'electricity_kwh', '', 500], ['RAA', '2025-05', 'gas_kwh', '', 0], ['RAA', '2025-05', 'estate_area_m2', '', 300],
      ['RAA', '2025-05', 'energy_cost_gbp', '', 300],
      ['RBB', '2025-04', 'electricity_kwh', '', 2000], ['RBB', '2025-04', 'gas_kwh', '', 2000], ['RBB', '2025-04', 'estate_area_m2', '', 200],
      ['RCC', '2025-04', 'electricity_kwh', '', 3000], ['RCC', '2025-04', 'gas_kwh', '', 3000], ['RCC', '2025-04', 'estate_area_m2', '', 200],
      ['RCC', '2025-04', 'energy_cost_gbp', '', 600],
      ['RDD', '2025-04', 'electricity_kwh', '', 8000], ['RDD', '2025-04', 'gas_kwh', '', 0], ['RDD', '2025-04', 'estate_area_m2', '', 200],
      ['REE', '2025-04', 'electricity_kwh', '', 8000], ['REE', '2025-04', 'estate_area_m2', '', 200],
      // Outside the year to date: never read.
      ['RAA', '2025-06', 'gas_kwh', '', 1e6], hr('RAA', 1e6, '2024-05'),
    ],
  }),
  '2025-05',
);

describe('corporate (§11): corporate cost of the function / operating income, national 0.25 point', () => {
  it('benchmarks every trust reporting the function, whatever its sector; £ = max(0, v − b) × income', () => {
    // PERCENTILE.INC([0.01, 0.02, 0.03, 0.04, 0.05], 0.25) = 0.02.
    expect(figures(findRow(rows, 'REE', 'corporate', 'hr'))).toEqual({ value: '0.05', benchmark: '0.02', group: 'England', units: null, unit: null, gbp: '30', missing: [] });
    expect(figures(findRow(rows, 'RAA', 'corporate', 'hr'))).toMatchObject({ value: '0.01', benchmark: '0.02', gbp: '0' });
  });

  it('names a zero income and a missing function as missing, never zeros', () => {
    expect(figures(findRow(rows, 'RFF', 'corporate', 'hr'))).toMatchObject({ value: null, benchmark: null, gbp: null, missing: [{ file: 'operations.csv', items: ['operating_income_gbp above zero'] }] });
    expect(figures(findRow(rows, 'RGG', 'corporate', 'hr'))).toMatchObject({ value: null, missing: [{ file: 'operations.csv', items: ['corporate_cost_gbp (hr)'] }] });
  });

  it('gives every trust a row for each of the four functions', () => {
    for (const t of trusts) {
      expect(rows.filter((r) => r.orgCode === t.orgCode && r.metric === 'corporate').map((r) => r.dimension)).toEqual(['hr', 'procurement', 'it', 'finance']);
    }
    expect(findRow(rows, 'RAA', 'corporate', 'it')!.missing).toEqual([{ file: 'operations.csv', items: ['corporate_cost_gbp (it)'] }]);
  });
});

describe('general_supplies_share (§11)', () => {
  it('is general supplies / income against the national 0.25 point; a trust without the cost lacks it', () => {
    // PERCENTILE.INC([0.1, 0.2], 0.25) = 0.125; RBB: 0.075 × 1000.
    expect(figures(findRow(rows, 'RBB', 'general_supplies_share'))).toMatchObject({ value: '0.2', benchmark: '0.125', gbp: '75' });
    expect(findRow(rows, 'RCC', 'general_supplies_share')!.missing).toEqual([{ file: 'operations.csv', items: ['general_supplies_cost_gbp'] }]);
  });
});

describe('estates_energy (§11): kWh per m² against the national median', () => {
  it('uses the mean of the months for the area; kWh = max(0, v − b) × area; £ at the trust’s own cost per kWh', () => {
    // Median of [10, 20, 30, 40] = 25.
    expect(figures(findRow(rows, 'RAA', 'estates_energy'))).toMatchObject({ value: '10', benchmark: '25', units: '0', unit: 'kwh', gbp: '0' });
    // RCC: (30 − 25) × 200 = 1000 kWh at 600 / 6000 £ per kWh.
    expect(figures(findRow(rows, 'RCC', 'estates_energy'))).toEqual({ value: '30', benchmark: '25', group: 'England', units: '1000', unit: 'kwh', gbp: '100', missing: [] });
  });

  it('gives the kWh without £ where the energy cost is not reported, and names it', () => {
    expect(figures(findRow(rows, 'RDD', 'estates_energy'))).toMatchObject({ value: '40', units: '3000', gbp: null, missing: [{ file: 'operations.csv', items: ['energy_cost_gbp'] }] });
  });

  it('leaves a trust without a gas return out of the median and names what it lacks', () => {
    expect(figures(findRow(rows, 'REE', 'estates_energy'))).toMatchObject({ value: null, units: null, missing: [{ file: 'operations.csv', items: ['gas_kwh'] }] });
  });
});
