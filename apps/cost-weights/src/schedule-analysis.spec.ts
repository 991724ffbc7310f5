import { Exact, NccScheduleRow } from '@nhsp/domain';
import { analyseSchedule } from './schedule-analysis';

const row = (serviceCode: string, currency: string, activity: string | null, unitCost: string | null, cost: string | null): NccScheduleRow => ({
  serviceCode,
  currency,
  description: `${currency} desc`,
  activity: activity === null ? null : new Exact(activity),
  unitCost: unitCost === null ? null : new Exact(unitCost),
  cost: cost === null ? null : new Exact(cost),
});

describe('analyseSchedule', () => {
  const analysis = analyseSchedule([
    row('Ambulance', '01', '3', '3.3333', '10'), // 10/3 = 3.33333…: within rounding
    row('Ambulance', '02', '4', '2.6', '10'), // 10/4 = 2.5: published unit cost is off
    row('Ambulance', '03', '0', null, '5'),
    row('Ambulance', '04', null, null, null),
    row('Ambulance', '05', '7', '0', '0'),
    row('Daycase', 'X1', '1', '2', '2'),
    row('Daycase', 'X1', '1', '9', '4'), // two rows: the unit-cost check applies to single-row currencies only
    row('Outpatient Procedures', 'X1', '2', '1', '2'),
    row('Made-up Service', 'Z9', '1', '1', '1'),
  ]);
  const { anomalies } = analysis;

  it('lists unmapped service codes and rows without activity', () => {
    expect(anomalies.unmappedServiceCodes).toEqual(['Made-up Service']);
    expect(anomalies.noActivityRows).toEqual([
      { row: 3, serviceCode: 'Ambulance', currency: '03', activity: '0' },
      { row: 4, serviceCode: 'Ambulance', currency: '04', activity: null },
    ]);
  });

  it('flags zero-cost currencies and unit costs beyond rounding', () => {
    expect(anomalies.zeroCostCurrencies).toEqual([{ pod: 'AMB', currency: '05' }]);
    expect(anomalies.unitCostMismatches).toEqual([{ row: 2, pod: 'AMB', currency: '02', unitCost: '2.6', computed: '2.5' }]);
  });

  it('equalises X1 across DC and OPPROC only under opproc-dc', () => {
    // DC: (2+4)/(1+1) = 3, OPPROC: 2/2 = 1, together: 8/4 = 2
    expect(anomalies.equalisedCurrencies).toEqual([{ currency: 'X1', pods: ['DC', 'OPPROC'], weight: '2' }]);
    const x1 = (equalisation: string) =>
      analysis.weights
        .filter((w) => w.equalisation === equalisation && w.currency === 'X1')
        .map((w) => [w.pod, w.weight.toFixed(), w.equalised]);
    expect(x1('opproc-dc').sort()).toEqual([['DC', '2', true], ['OPPROC', '2', true]]);
    expect(x1('none').sort()).toEqual([['DC', '3', false], ['OPPROC', '1', false]]);
  });

  it('gives POD means over rows with activity', () => {
    const amb = analysis.podMeans.find((m) => m.pod === 'AMB')!;
    expect(amb.mean.toFixed()).toBe('1.428571428571428571428571428571428571429'); // 20 / 14
  });
});
