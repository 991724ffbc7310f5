// The indexes benchmarking's runs share (month-data.ts): on the golden history bundle, every
// period's packs and indicators computed in turn on one set of indexes of every month (as runs
// of a recompute now are) equal those of the period alone on indexes of its own months, byte for
// byte; a restated month is never taken as held.
import { join } from 'node:path';
import { Bundle, readBundle } from '@nhsp/data-contract';
import { YearToDate } from '@nhsp/domain';
import { ActivityIndex, computePacks, computePeriod, CostWeights, DeflatorSeries, FinanceIndex, keyIndicators, packInputsOf, resolveSettings, TrustCostsIndex } from '@nhsp/methodology';
import { heldOf, holdsMonths, MonthData } from '../src/month-data';
import { heldInputs, ownInputs } from '../src/run-packs.service';

const GOLDEN = join(__dirname, '../../../tools/fixtures/golden');
const settings = resolveSettings();

function byMonth(bundle: Bundle): Map<string, MonthData> {
  const months = new Map<string, MonthData>();
  const of = (month: string) => months.get(month) ?? (months.set(month, { activity: [], finance: [], workforce: [], operations: [], medicines: [] }), months.get(month)!);
  for (const r of bundle.activity!.rows) of(r.month).activity.push(r);
  for (const r of bundle.finance!.rows) of(r.month).finance.push(r);
  for (const r of bundle.returns.workforce!.rows) of(r.month).workforce.push(r);
  for (const r of bundle.returns.operations!.rows) of(r.month).operations.push(r);
  for (const r of bundle.returns.medicines!.rows) of(r.month).medicines.push(r);
  return months;
}

describe('benchmarking: months held for every run', () => {
  it("computes each period's packs and indicators in turn on the held months as each alone on its own", async () => {
    const bundle = await readBundle(join(GOLDEN, 'history-bundle'));
    const months = byMonth(bundle);
    const identities = new Map([...months.keys()].map((m) => [m, 'v1']));
    const held = heldOf(months, identities);
    const unitCosts = bundle.returns.unitCosts!.rows.map((r) => ({ name: r.name, gbp: r.gbp.toFixed() }));
    const whole = { trusts: bundle.trusts.rows, schedule: bundle.costWeights!.rows, activity: ActivityIndex.from(bundle.activity!.rows), finance: FinanceIndex.from(bundle.finance!.rows) };
    const deflators = new DeflatorSeries(settings.deflatorSeries, bundle.deflators!.rows);
    const weights = CostWeights.fromSchedule(whole.schedule, settings.equalisation);
    const trustCosts = TrustCostsIndex.from(bundle.returns.trustCosts!.rows);
    const periods = [...months.keys()].sort().filter((m) => m >= '2024-04');
    expect(periods.length).toBeGreaterThanOrEqual(24);
    let packs = 0;
    for (const period of periods) {
      const ytd = YearToDate.of(period);
      const current = ytd.current.map(String);
      const both = [...ytd.base.map(String), ...current];
      expect(holdsMonths(held, both, identities)).toBe(true);
      const estimates = computePeriod({ ...whole, deflators }, period, settings, { weights }).estimates;
      const outputs = (inputs: ReturnType<typeof ownInputs>) => {
        const sources = { trusts: whole.trusts, schedule: whole.schedule, deflators, ...inputs };
        const result = { packs: computePacks(packInputsOf(sources, settings, weights), period), indicators: keyIndicators(period, estimates, sources) };
        packs += result.packs.length;
        return JSON.stringify(result);
      };
      const own = new Map(both.filter((m) => months.has(m)).map((m) => [m, months.get(m)!]));
      for (const m of both) if (!own.has(m)) own.set(m, { activity: [], finance: [], workforce: [], operations: [], medicines: [] });
      expect(outputs(heldInputs(held, unitCosts, trustCosts))).toBe(outputs(ownInputs(own, both, current, unitCosts, trustCosts)));
    }
    expect(packs).toBeGreaterThan(0);
    // A month restated (a new identity), or one the snapshot names no submission of, is not held.
    const both = YearToDate.of('2025-10').current.map(String);
    expect(holdsMonths(held, both, new Map(identities).set('2025-09', 'v2'))).toBe(false);
    expect(holdsMonths(held, both, new Map([...identities].filter(([m]) => m !== '2025-09')))).toBe(false);
  });
});
