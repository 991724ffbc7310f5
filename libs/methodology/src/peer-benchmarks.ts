import Decimal from 'decimal.js';
import { Trust } from '@nhsp/domain';
import { benchmarkOf, growthRanks, leadingCount, opportunity, scoreOfRank } from './benchmarks';
import { TrustEstimate } from './estimate';
import { NATIONAL_GROUP } from './aggregates';

/** A set of trusts benchmarked together: a `trusts.csv` peer group, a sector, England, or a named custom set. */
export interface PeerGroup {
  kind: 'peer_group' | 'sector' | 'national' | 'custom';
  name: string;
  orgCodes: readonly string[];
}

export interface BenchmarkRow {
  orgCode: string;
  period: string;
  peerGroup: string;
  groupKind: PeerGroup['kind'];
  metric: string;
  value: Decimal | null;
  benchmark: Decimal | null;
  opportunityGbp: Decimal | null;
  /** Opportunity in the metric's own units where it has one (e.g. bed days). */
  opportunityUnits: Decimal | null;
  score: Decimal | null;
  /** Position in the group, 1 = best; ties share the best rank. */
  rank: number | null;
  groupSize: number;
}

/** The standard groups of a trust list: each peer group, each sector, and England. */
export function standardPeerGroups(trusts: readonly Trust[]): PeerGroup[] {
  const by = (kind: PeerGroup['kind'], key: (t: Trust) => string): PeerGroup[] => {
    const groups = new Map<string, string[]>();
    for (const t of trusts) groups.set(key(t), [...(groups.get(key(t)) ?? []), t.orgCode]);
    return [...groups.keys()].sort().map((name) => ({ kind, name, orgCodes: groups.get(name)! }));
  };
  return [
    ...by('peer_group', (t) => t.peerGroup),
    ...by('sector', (t) => t.sector),
    { kind: 'national', name: NATIONAL_GROUP, orgCodes: trusts.map((t) => t.orgCode) },
  ];
}

export function benchmarkRow(estimate: TrustEstimate, group: PeerGroup, size: number, fields: Partial<BenchmarkRow> & { metric: string }): BenchmarkRow {
  return {
    orgCode: estimate.trust.orgCode,
    period: estimate.period,
    peerGroup: group.name,
    groupKind: group.kind,
    value: null,
    benchmark: null,
    opportunityGbp: null,
    opportunityUnits: null,
    score: null,
    rank: null,
    groupSize: size,
    ...fields,
  };
}

/** Productivity growth: value, rank and the 1.00–4.00 score (no benchmark). */
function productivityGrowthRows(group: PeerGroup, members: TrustEstimate[]): BenchmarkRow[] {
  const rankOf = growthRanks(members.map((e) => e.measures!.productivityGrowth));
  return members.map((e) => {
    const rank = rankOf(e.measures!.productivityGrowth);
    return benchmarkRow(e, group, members.length, {
      metric: 'productivity_growth',
      value: e.measures!.productivityGrowth,
      score: scoreOfRank(rank, members.length),
      rank,
    });
  });
}

/** Cost per weighted activity unit against PERCENTILE.INC(group, 0.25); opportunity × CWA(current). */
function costPerWauRows(group: PeerGroup, members: TrustEstimate[]): BenchmarkRow[] {
  const values = members.map((e) => e.measures!.costPerWau);
  const benchmark = benchmarkOf(values, 'lower_is_better');
  const ranked = [...values].sort((a, b) => a.comparedTo(b));
  return members.map((e) =>
    benchmarkRow(e, group, members.length, {
      metric: 'cost_per_wau',
      value: e.measures!.costPerWau,
      benchmark,
      opportunityGbp: opportunity(e.measures!.costPerWau, benchmark, e.measures!.cwaCurrent),
      rank: 1 + leadingCount(ranked, (v) => v.lt(e.measures!.costPerWau)),
    }),
  );
}

export type MetricRows = (group: PeerGroup, members: TrustEstimate[]) => BenchmarkRow[];

/** The metrics computed for every group, in the order they are listed. */
export const CORE_METRICS: MetricRows[] = [productivityGrowthRows, costPerWauRows];

/**
 * Benchmarks of one group. Trusts without an estimate are left out of n, of the percentiles and
 * of the rows (methodology §7).
 */
export function benchmarkGroup(group: PeerGroup, estimates: ReadonlyMap<string, TrustEstimate>, metrics: MetricRows[] = CORE_METRICS): BenchmarkRow[] {
  const members = group.orgCodes
    .map((code) => estimates.get(code))
    .filter((e): e is TrustEstimate => e !== undefined && e.measures !== null)
    .sort((a, b) => a.trust.orgCode.localeCompare(b.trust.orgCode));
  if (members.length === 0) return [];
  return metrics.flatMap((metric) => metric(group, members));
}

