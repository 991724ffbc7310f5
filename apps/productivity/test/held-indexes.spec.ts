// The indexes the runs share (held-indexes.ts) on the golden history bundle: every period
// computed in turn on one pair of indexes of every month gives the result of that period computed
// alone on indexes of its own months, byte for byte; a restated month is never read from the
// indexes held before it, and the new indexes give the restated result.
import { join } from 'node:path';
import { Bundle, readBundle } from '@nhsp/data-contract';
import { ActivityRecord, FinanceRecord } from '@nhsp/domain';
import { BundleInputs, computePeriod, CostWeights, DeflatorSeries, resolveSettings } from '@nhsp/methodology';
import { holdsMonths, indexesOf } from '../src/held-indexes';
import { MonthRecords } from '../src/history-cache';
import { periodMonths } from '../src/run-inputs';
import { GOLDEN } from './stand-in-inputs';

const settings = resolveSettings();

function byMonth(bundle: Bundle): Map<string, MonthRecords> {
  const months = new Map<string, MonthRecords>();
  const of = (month: string) => months.get(month) ?? (months.set(month, { activity: [], finance: [] }), months.get(month)!);
  for (const r of bundle.activity!.rows as ActivityRecord[]) of(r.month).activity.push(r);
  for (const r of bundle.finance!.rows as FinanceRecord[]) of(r.month).finance.push(r);
  return months;
}

const only = (records: ReadonlyMap<string, MonthRecords>, months: readonly string[]) =>
  new Map(months.filter((m) => records.has(m)).map((m) => [m, records.get(m)!]));

describe('productivity: indexes held for every run', () => {
  let bundle: Bundle;
  let records: Map<string, MonthRecords>;
  let weights: CostWeights;
  let reference: Omit<BundleInputs, 'activity' | 'finance'>;
  const compute = (indexes: ReturnType<typeof indexesOf>, period: string) => JSON.stringify(computePeriod({ ...reference, ...indexes }, period, settings, { weights }));

  beforeAll(async () => {
    bundle = await readBundle(join(GOLDEN, 'history-bundle'));
    records = byMonth(bundle);
    weights = CostWeights.fromSchedule(bundle.costWeights!.rows, settings.equalisation);
    reference = { trusts: bundle.trusts.rows, schedule: bundle.costWeights!.rows, deflators: new DeflatorSeries('nhs-cost-inflation-index', bundle.deflators!.rows) };
  });

  it('computes every period in turn on the held indexes as each alone on its own months', () => {
    const identities = new Map([...records.keys()].map((m) => [m, 'v1']));
    const held = indexesOf(records, identities);
    const periods = [...records.keys()].sort().filter((m) => m >= '2024-04');
    expect(periods.length).toBeGreaterThanOrEqual(24);
    for (const period of periods) {
      const months = periodMonths(period);
      expect(holdsMonths(held, months, identities)).toBe(true);
      const alone = compute(indexesOf(only(records, months), new Map()), period);
      expect(compute(held, period)).toBe(alone);
    }
  });

  it('never serves a restated month from the indexes held before it; new ones give the restated result', () => {
    const period = '2025-10';
    const months = periodMonths(period);
    const identities = new Map([...records.keys()].map((m) => [m, 'v1']));
    const held = indexesOf(records, identities);
    const before = compute(held, period);

    // One trust's September activity resubmitted with more spells: a new identity for the month.
    const september = records.get('2025-09')!;
    const org = september.activity[0].orgCode;
    const restated = new Map(records);
    restated.set('2025-09', { ...september, activity: september.activity.map((r) => (r.orgCode === org ? { ...r, count: r.count * 2 } : r)) });
    const now = new Map(identities).set('2025-09', 'v2');

    expect(holdsMonths(held, months, now)).toBe(false);
    // A period that does not read the month is still served by the held indexes.
    expect(holdsMonths(held, periodMonths('2025-08'), now)).toBe(true);
    // A month the snapshot names no submission of is never taken as held.
    expect(holdsMonths(held, months, new Map([...identities].filter(([m]) => m !== '2025-09')))).toBe(false);

    const renewed = indexesOf(restated, now);
    expect(renewed.activity).not.toBe(held.activity);
    const after = compute(renewed, period);
    expect(after).toBe(compute(indexesOf(only(restated, months), new Map()), period));
    expect(after).not.toBe(before);
    // The earlier indexes, and what was memoised from them, are unchanged.
    expect(compute(held, period)).toBe(before);
  });
});
