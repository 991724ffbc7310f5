import { Exact } from '@nhsp/domain';
import { CostWeights } from './cost-weights';
import { scheduleRow } from './spec-helpers';

// Hand-worked schedule: XX01 in both OPPROC and DC; XX02 in DC only; ZC01 with zero cost.
const rows = [
  scheduleRow('Outpatient Procedures', 'XX01', 100, 10000), // unit 100
  scheduleRow('Daycase', 'XX01', 300, 60000), // unit 200
  scheduleRow('Daycase', 'XX02', 50, 25000), // unit 500
  scheduleRow('Outpatient Procedures', 'XX02', 0, 999), // zero activity: skipped, so XX02 is not "present" in OPPROC
  scheduleRow('Outpatient Procedures', 'ZC01', 10, 0), // zero cost: a real weight of 0
  scheduleRow('Elective Inpatients', 'EL01', 4, 1000),
  scheduleRow('Elective Inpatients', 'EL01', 6, 3000), // same currency twice: Σ cost / Σ activity = 400
  scheduleRow('Elective Inpatients', 'EL02', null, 123), // no activity: skipped
  scheduleRow('Something Unmapped', 'QQ01', 5, 5),
];

describe('CostWeights', () => {
  const equalised = CostWeights.fromSchedule(rows, 'opproc-dc');
  const plain = CostWeights.fromSchedule(rows, 'none');

  it('weighs a currency by Σ cost / Σ activity over its rows, skipping rows without activity', () => {
    expect(plain.weight('EL', 'EL01')).toEqual({ value: new Exact(400), fallback: false });
    expect(plain.weight('OPPROC', 'XX01').value.toNumber()).toBe(100);
    expect(plain.weight('DC', 'XX01').value.toNumber()).toBe(200);
  });

  it('gives OPPROC and DC one common weight for a currency present in both (activity-weighted mean)', () => {
    // (10000 + 60000) / (100 + 300) = 175
    expect(equalised.weight('OPPROC', 'XX01')).toEqual({ value: new Exact(175), fallback: false });
    expect(equalised.weight('DC', 'XX01')).toEqual({ value: new Exact(175), fallback: false });
  });

  it('leaves a currency present in only one POD of the group alone; the other POD falls back', () => {
    expect(equalised.weight('DC', 'XX02').value.toNumber()).toBe(500);
    const fallback = equalised.weight('OPPROC', 'XX02');
    expect(fallback.fallback).toBe(true);
    // OPPROC mean before equalisation: (10000 + 0) / (100 + 10) — the zero-activity row is skipped.
    expect(fallback.value.toString()).toBe(new Exact(10000).div(110).toString());
  });

  it('treats a zero cost as a real weight of 0, not a missing one', () => {
    expect(equalised.weight('OPPROC', 'ZC01')).toEqual({ value: new Exact(0), fallback: false });
  });

  it('falls back to the POD national mean for a currency the schedule lacks', () => {
    expect(plain.weight('EL', 'NOPE')).toEqual({ value: new Exact(4000).div(10), fallback: true });
  });

  it('refuses to weigh a POD absent from the schedule', () => {
    expect(plain.hasPod('AMB')).toBe(false);
    expect(() => plain.weight('AMB', '01')).toThrow(/AMB is absent from the NCC schedule/);
  });

  it('reports service codes it does not map to a POD', () => {
    expect(plain.unmappedServiceCodes).toEqual(['Something Unmapped']);
  });
});
