// A run's opportunity packs (methodology §11) and key indicators (§12), computed as `nhsp compute`
// computes them (computePacks of packInputsOf, keyIndicators) from what the run computed on: its
// trust list and estimates, its settings, its cost-weight and deflator sets, and the trusts'
// activity, finance and returns of the months it needs as ingestion now holds them. Only those
// months are read (the year to date and the same months a year earlier; the trust-cost year each
// trust's pack uses), each in one query. A set is immutable, so its weights are derived once per
// setting and kept; so are the trust-cost returns while the same batches supply them.
import { Injectable } from '@nestjs/common';
import { NccScheduleRow, Trust, YearToDate } from '@nhsp/domain';
import { ActivityIndex, computePacks, CostWeights, FinanceIndex, IndicatorRow, keyIndicators, OperationalReturns, OpportunityRow, packInputsOf, TrustCostsIndex } from '@nhsp/methodology';
import { PermanentJobError } from '@nhsp/queue';
import { deflatorSeriesOf, returnsOfRecords, scheduleOf, trustCostsOf } from './pack-sources';
import { HeldMonths, MonthData, MonthDataCache } from './month-data';
import { DeflatorYearText, ReferenceSetRepository } from './repositories/reference-set.repository';
import { RunEstimates } from './repositories/run.repository';
import { TrustDataRepository } from './repositories/trust-data.repository';

export interface RunPacks {
  packs: OpportunityRow[];
  indicators: IndicatorRow[];
}

/** A few entries, the oldest dropped first: a recompute of the history walks the years in order. */
class Recent<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly size: number) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    const value = await load();
    this.entries.set(key, value);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

@Injectable()
export class RunPacksService {
  private readonly schedules = new Recent<NccScheduleRow[]>(2);
  private readonly weights = new Recent<CostWeights>(4);
  private readonly deflators = new Recent<DeflatorYearText[]>(4);
  private readonly trustCosts = new Recent<TrustCostsIndex>(3);
  private trusts?: { key: string; list: Trust[] };

  constructor(
    private readonly referenceSets: ReferenceSetRepository,
    private readonly trustData: TrustDataRepository,
    private readonly monthData: MonthDataCache,
  ) {}

  async compute(run: RunEstimates): Promise<RunPacks> {
    const { weightSetId, deflatorSetId, settings, period } = run;
    if (!weightSetId || !deflatorSetId) {
      throw new PermanentJobError(`run ${run.runId} recorded no cost-weight or deflator set among its inputs: its packs cannot be computed`);
    }
    const ytd = YearToDate.of(period);
    const current = ytd.current.map(String);
    const both = [...ytd.base.map(String), ...current];
    const [schedule, years, sources, unitCosts, trustCosts] = await Promise.all([
      this.schedules.get(weightSetId, async () => scheduleOf(await this.referenceSets.schedule(weightSetId))),
      this.deflators.get(deflatorSetId, () => this.referenceSets.deflatorYears(deflatorSetId)),
      // Each month parsed once per process, indexed with every other month once per snapshot (month-data.ts).
      this.monthData.sources(both),
      this.trustData.unitCosts(),
      this.trustCostsUpTo(ytd.financialYear.startYear - 1),
    ]);
    const { activity, finance, returns } = 'held' in sources ? heldInputs(sources.held, unitCosts, trustCosts) : ownInputs(sources.months, both, current, unitCosts, trustCosts);
    const weights = await this.weights.get(`${weightSetId}|${settings.equalisation}`, async () => CostWeights.fromSchedule(schedule, settings.equalisation));
    const bundle = {
      trusts: this.sameTrusts(run.estimates.map((e) => e.trust)),
      activity,
      finance,
      schedule,
      deflators: deflatorSeriesOf(settings.deflatorSeries, years),
      returns,
    };
    return {
      packs: computePacks(packInputsOf(bundle, settings, weights), period),
      indicators: keyIndicators(period, run.estimates, bundle),
    };
  }

  /**
   * The list as the run before held it when it is the same (by content): the packs keep a
   * year's cost-index rows by the identity of the trust list (cost-index.ts), and each run's
   * estimates give a new array of new trust objects.
   */
  private sameTrusts(trusts: Trust[]): Trust[] {
    const key = JSON.stringify(trusts);
    if (this.trusts?.key !== key) this.trusts = { key, list: trusts };
    return this.trusts.list;
  }

  /** The trust-cost returns of FY t's packs: each trust's latest year ≤ t − 1. */
  private async trustCostsUpTo(year: number): Promise<TrustCostsIndex> {
    const chosen = await this.trustData.trustCostYears(year);
    const key = JSON.stringify(chosen.map((c) => [c.org_code, c.year, c.batch_id]).sort());
    return this.trustCosts.get(key, async () => trustCostsOf(await this.trustData.trustCosts(chosen)));
  }
}

type UnitCostRows = ReadonlyArray<{ name: string; gbp: string }>;

/** The held indexes of every month, with the returns' indexes made once per unit-cost rows and the run's trust costs. */
export function heldInputs(held: HeldMonths, unitCosts: UnitCostRows, trustCosts: TrustCostsIndex): { activity: ActivityIndex; finance: FinanceIndex; returns: OperationalReturns } {
  const key = JSON.stringify(unitCosts);
  let returns = held.returns.get(key);
  if (!returns) held.returns.set(key, (returns = returnsOfRecords(held, unitCosts, new TrustCostsIndex())));
  return { activity: held.activity, finance: held.finance, returns: { ...returns, trustCosts } };
}

/** Indexes of the run's own months (`both`: the year to date and a year earlier; `current`: the year to date). */
export function ownInputs(months: ReadonlyMap<string, MonthData>, both: readonly string[], current: readonly string[], unitCosts: UnitCostRows, trustCosts: TrustCostsIndex) {
  const activity = new ActivityIndex();
  const finance = new FinanceIndex();
  for (const month of both) {
    for (const r of months.get(month)!.activity) activity.add(r);
    for (const r of months.get(month)!.finance) finance.add(r);
  }
  const returns = returnsOfRecords(
    {
      workforce: both.flatMap((m) => months.get(m)!.workforce),
      operations: both.flatMap((m) => months.get(m)!.operations),
      // The packs read medicines of the year to date only; no indicator reads them.
      medicines: current.flatMap((m) => months.get(m)!.medicines),
    },
    unitCosts,
    trustCosts,
  );
  return { activity, finance, returns };
}
