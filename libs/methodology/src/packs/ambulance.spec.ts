import { Exact, OperationsMeasure } from '@nhsp/domain';
import { AMBULANCE_ROWS, finance, trust } from '../spec-helpers';
import { computePacks } from './packs';
import { figures, findRow, packInputs } from './spec-helpers';

const ambulance = { sector: 'ambulance' as const, peerGroup: 'Ambulance', trustType: 'Ambulance trust' };
const op = (org: string, measure: OperationsMeasure, value: number, month = '2025-04') => [org, month, measure, '', value] as [string, string, OperationsMeasure, string, number];
const trusts = [trust('RA1', ambulance), trust('RA2', ambulance), trust('RA3', ambulance), trust('RA4', ambulance), trust('RAC')];
const inputs = (withHourCost: boolean) =>
  packInputs({
    trusts,
    schedule: AMBULANCE_ROWS,
    operations: [
      // Conveyed to an emergency department / incidents: 0.5, 0.6, 0.7, and 0.1 from an acute trust (not an ambulance trust).
      op('RA1', 'ambulance_conveyed_ed', 50), op('RA1', 'ambulance_incidents', 60), op('RA1', 'ambulance_incidents', 40, '2025-05'),
      op('RA2', 'ambulance_conveyed_ed', 60), op('RA2', 'ambulance_incidents', 100),
      op('RA3', 'ambulance_conveyed_ed', 70), op('RA3', 'ambulance_incidents', 100),
      op('RAC', 'ambulance_conveyed_ed', 10), op('RAC', 'ambulance_incidents', 100),
      // Handovers: 600 minutes beyond 15 over 100 handovers.
      op('RA1', 'ambulance_handover_minutes_over_15', 600), op('RA1', 'ambulance_handovers', 100),
      op('RA2', 'ambulance_handover_minutes_over_15', 30),
    ],
    workforce: [
      // Incidents per frontline WTE-month: 100 / 10 = 10, 100 / 5 = 20, 100 / 4 = 25.
      ['RA1', '2025-04', 'ambulance_frontline', 5], ['RA1', '2025-05', 'ambulance_frontline', 5],
      ['RA1', '2025-04', 'corporate', 5], ['RA1', '2025-05', 'corporate', 5],
      ['RA2', '2025-04', 'ambulance_frontline', 5],
      ['RA3', '2025-04', 'ambulance_frontline', 4],
    ],
    finance: [finance('RA1', '2025-04', 'pay_substantive', 500), finance('RA1', '2025-05', 'pay_substantive', 500), finance('RA1', '2025-05', 'non_pay_other', 999)],
    unitCosts: withHourCost ? [['ambulance_hour', '192.18']] : [],
  });
const rows = computePacks(inputs(true), '2025-05');
const w = (currency: string) => AMBULANCE_ROWS.find((r) => r.currency === currency)!;
const weight = (currency: string) => w(currency).cost!.div(w(currency).activity!);

describe('ambulance_handover (§11)', () => {
  it('is minutes beyond 15 per handover; hours = minutes / 60 at the ambulance_hour unit cost; no benchmark', () => {
    expect(figures(findRow(rows, 'RA1', 'ambulance_handover'))).toEqual({ value: '6', benchmark: null, group: null, units: '10', unit: 'hours', gbp: '1921.8', missing: [] });
    expect(findRow(rows, 'RA2', 'ambulance_handover')!.missing).toEqual([{ file: 'operations.csv', items: ['ambulance_handovers'] }]);
    expect(figures(findRow(computePacks(inputs(false), '2025-05'), 'RA1', 'ambulance_handover'))).toMatchObject({
      units: '10',
      gbp: null,
      missing: [{ file: 'unit_costs.csv', items: ['ambulance_hour'] }],
    });
  });
});

describe('ambulance_conveyance (§11)', () => {
  it('benchmarks ambulance trusts only; conveyances = max(0, v − b) × incidents at w(AMB, 03) − w(AMB, 02)', () => {
    // PERCENTILE.INC([0.5, 0.6, 0.7], 0.25) = 0.55 (the acute trust's 0.1 is not compared); RA3: 0.15 × 100 = 15.
    const row = findRow(rows, 'RA3', 'ambulance_conveyance')!;
    expect(figures(row)).toMatchObject({ value: '0.7', benchmark: '0.55', group: 'ambulance', units: '15', unit: 'conveyances' });
    expect(row.opportunityGbp!.toString()).toBe(new Exact(15).times(weight('03').minus(weight('02'))).toString());
    expect(figures(findRow(rows, 'RA1', 'ambulance_conveyance'))).toMatchObject({ value: '0.5', units: '0', gbp: '0' });
    expect(findRow(rows, 'RAC', 'ambulance_conveyance')).toBeUndefined();
  });
});

describe('ambulance_incidents_per_wte (§11)', () => {
  it('against the 0.75 point of ambulance trusts: WTE-months = max(0, Σ WTE − incidents / b), priced at real pay per monthly WTE', () => {
    // PERCENTILE.INC([10, 20, 25], 0.75) = 22.5; RA1: 10 − 100 / 22.5 WTE-months × (1000 real pay / 20 WTE-months).
    const wteMonths = new Exact(10).minus(new Exact(100).div('22.5'));
    const row = findRow(rows, 'RA1', 'ambulance_incidents_per_wte')!;
    expect(figures(row)).toMatchObject({ value: '10', benchmark: '22.5', group: 'ambulance', units: wteMonths.toString(), unit: 'wte_months', missing: [] });
    expect(row.opportunityGbp!.toString()).toBe(wteMonths.times(50).toString());
  });

  it('gives the WTE-months without £ where the trust has no pay spend, and names it', () => {
    expect(figures(findRow(rows, 'RA2', 'ambulance_incidents_per_wte'))).toMatchObject({
      units: new Exact(5).minus(new Exact(100).div('22.5')).toString(),
      gbp: null,
      missing: [{ file: 'finance.csv', items: ['pay_substantive', 'pay_bank', 'pay_agency'] }],
    });
  });

  it('names every return an ambulance trust without data lacks', () => {
    expect(rows.filter((r) => r.orgCode === 'RA4' && r.metric.startsWith('ambulance_')).map((r) => [r.metric, r.value, r.missing])).toEqual([
      ['ambulance_handover', null, [{ file: 'operations.csv', items: ['ambulance_handover_minutes_over_15', 'ambulance_handovers'] }]],
      ['ambulance_conveyance', null, [{ file: 'operations.csv', items: ['ambulance_conveyed_ed', 'ambulance_incidents'] }]],
      ['ambulance_incidents_per_wte', null, [{ file: 'operations.csv', items: ['ambulance_incidents'] }, { file: 'workforce.csv', items: ['wte (ambulance_frontline)'] }]],
    ]);
  });
});
