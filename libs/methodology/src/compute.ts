import { NccScheduleRow, Trust, YearToDate } from '@nhsp/domain';
import { Aggregate, aggregateAll } from './aggregates';
import { CostWeights } from './cost-weights';
import { DeflatorSeries } from './deflation';
import { EstimateInputs, estimateTrust, TrustEstimate } from './estimate';
import { ActivityIndex, FinanceIndex } from './inputs';
import { nationalLengthOfStay, trustLengthOfStay } from './length-of-stay';
import { ALL_METRICS } from './operational-benchmarks';
import { OperationalReturns, returnMonthsRead } from './packs/returns-index';
import { BenchmarkRow, benchmarkGroup, MetricRows, PeerGroup, standardPeerGroups } from './peer-benchmarks';
import { MethodSettings } from './settings';

/** Everything one computation reads: the trust list, activity, finance, an NCC schedule and a deflator series. */
export interface BundleInputs {
  trusts: Trust[];
  activity: ActivityIndex;
  finance: FinanceIndex;
  schedule: NccScheduleRow[];
  deflators: DeflatorSeries;
  /** The optional operational returns (§11–§12); absent, packs and indicators name what they lack. */
  returns?: OperationalReturns;
}

/**
 * The months of activity and finance one period's estimates (§2–§7, length of stay included),
 * packs (§11) and indicators (§12) read: its year to date and the same months a year earlier.
 * The plan view (§8–§10) reads every month since the index base, through the ledger.
 */
export function activityMonthsRead(period: string): Set<string> {
  // The same window as the monthly returns': one rule for which months a period reads.
  return returnMonthsRead(period);
}

export interface PeriodResult {
  period: string;
  months: number;
  settings: MethodSettings;
  estimates: TrustEstimate[];
  aggregates: Aggregate[];
  benchmarks: BenchmarkRow[];
}

export interface ComputeOptions {
  /** Groups to benchmark; the trust list's peer groups, sectors and England by default. */
  peerGroups?: PeerGroup[];
  metrics?: MetricRows[];
  /** Weights already derived for these settings (several periods share them). */
  weights?: CostWeights;
}

export function estimateInputs(bundle: BundleInputs, settings: MethodSettings, weights?: CostWeights): EstimateInputs {
  return {
    activity: bundle.activity,
    finance: bundle.finance,
    weights: weights ?? CostWeights.fromSchedule(bundle.schedule, settings.equalisation),
    deflators: bundle.deflators,
    settings: { ...settings, deflatorSeries: bundle.deflators.name },
  };
}

/** Estimates, aggregates and benchmarks of every trust for one period, with the settings recorded. */
export function computePeriod(bundle: BundleInputs, period: string, settings: MethodSettings, options: ComputeOptions = {}): PeriodResult {
  const ytd = YearToDate.of(period);
  const inputs = estimateInputs(bundle, settings, options.weights);
  const trusts = [...bundle.trusts].sort((a, b) => a.orgCode.localeCompare(b.orgCode));
  const nationalLos = nationalLengthOfStay(bundle.activity, ytd.current);
  const estimates = trusts.map((trust) => {
    const estimate = estimateTrust(trust, ytd, inputs);
    if (estimate.measures) estimate.lengthOfStay = trustLengthOfStay(trust.orgCode, bundle.activity, ytd.current, nationalLos);
    return estimate;
  });
  const byOrg = new Map(estimates.map((e) => [e.trust.orgCode, e]));
  const groups = options.peerGroups ?? standardPeerGroups(trusts);
  return {
    period: String(ytd.period),
    months: ytd.months,
    settings: inputs.settings,
    estimates,
    aggregates: aggregateAll(String(ytd.period), estimates),
    benchmarks: groups.flatMap((group) => benchmarkGroup(group, byOrg, options.metrics ?? ALL_METRICS)),
  };
}
