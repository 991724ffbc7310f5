// A stored estimate row (productivity.estimate / v_estimates, detail jsonb with numbers as exact
// strings) back into the methodology's TrustEstimate, so explainEstimate, keyIndicators and the
// benchmarks answer from what was stored instead of recomputing the period. Productivity owns the
// format (it writes it); benchmarking reads it through v_estimates. Pure: the caller queries.
import { Exact, Pod, Sector } from '@nhsp/domain';
import {
  BenchmarkRow,
  CategoryInput,
  EstimateStatus,
  FlagCode,
  LengthOfStay,
  MethodSettings,
  MissingMonth,
  NotificationEvidence,
  PodOutput,
  PodShare,
  TrustEstimate,
} from '@nhsp/methodology';

type Text = string | null;

export interface StoredEstimateRow {
  orgCode: string;
  name: string;
  sector: string;
  region: string;
  peerGroup: string;
  trustType: string;
  period: string;
  months: number;
  status: EstimateStatus;
  cwaBase: Text;
  cwaCurrent: Text;
  outputGrowth: Text;
  realSpendBase: Text;
  realSpendCurrent: Text;
  inputGrowth: Text;
  productivityGrowth: Text;
  costPerWau: Text;
  flags: FlagCode[];
  detail: {
    byPod?: Array<Record<string, Text | number>>;
    byCategory?: Array<Record<string, Text | boolean>>;
    missing?: MissingMonth[];
    podShifts?: Array<Record<string, string>>;
    unweighted?: { cwa: string; share: string };
    notifications?: NotificationEvidence[];
    lengthOfStay?: Array<Record<string, Text | number>>;
  };
}

const exact = (value: unknown) => new Exact(String(value));
const exactOrNull = (value: unknown) => (value === null || value === undefined ? null : exact(value));

function podShare(p: Record<string, unknown>): PodShare {
  return { pod: p.pod as Pod, baseShare: exact(p.baseShare), currentShare: exact(p.currentShare) };
}

export function toTrustEstimate(row: StoredEstimateRow, settings: MethodSettings): TrustEstimate {
  const d = row.detail;
  const byPod: PodOutput[] = (d.byPod ?? []).map((p) => ({
    ...podShare(p),
    base: exact(p.base),
    current: exact(p.current),
    contribution: exactOrNull(p.contribution),
    countBase: Number(p.countBase),
    countCurrent: Number(p.countCurrent),
    bedDaysBase: p.bedDaysBase === null || p.bedDaysBase === undefined ? null : Number(p.bedDaysBase),
    bedDaysCurrent: p.bedDaysCurrent === null || p.bedDaysCurrent === undefined ? null : Number(p.bedDaysCurrent),
  }));
  const byCategory: CategoryInput[] = (d.byCategory ?? []).map((c) => ({
    category: c.category as CategoryInput['category'],
    excluded: Boolean(c.excluded),
    nominalBase: exact(c.nominalBase),
    nominalCurrent: exact(c.nominalCurrent),
    deflator: exact(c.deflator),
    realBase: exact(c.realBase),
    realCurrent: exact(c.realCurrent),
    contribution: exactOrNull(c.contribution),
  }));
  const measures =
    row.status === 'estimated'
      ? {
          cwaBase: exact(row.cwaBase),
          cwaCurrent: exact(row.cwaCurrent),
          outputGrowth: exact(row.outputGrowth),
          realSpendBase: exact(row.realSpendBase),
          realSpendCurrent: exact(row.realSpendCurrent),
          inputGrowth: exact(row.inputGrowth),
          productivityGrowth: exact(row.productivityGrowth),
          costPerWau: exact(row.costPerWau),
        }
      : null;
  return {
    trust: { orgCode: row.orgCode, name: row.name, region: row.region, trustType: row.trustType, peerGroup: row.peerGroup, sector: row.sector as Sector },
    period: row.period,
    months: row.months,
    status: row.status,
    measures,
    flags: row.flags,
    missing: d.missing ?? [],
    byPod,
    byCategory,
    unweighted: { cwa: exact(d.unweighted?.cwa ?? 0), share: exact(d.unweighted?.share ?? 0) },
    podShifts: (d.podShifts ?? []).map(podShare),
    notifications: d.notifications ?? [],
    lengthOfStay: (d.lengthOfStay ?? []).map(
      (l): LengthOfStay => ({ group: l.group as LengthOfStay['group'], spells: Number(l.spells), bedDays: Number(l.bedDays), expectedBedDays: exact(l.expectedBedDays) }),
    ),
    settings,
  };
}

/** A row of benchmarking.v_benchmarks (numeric columns as text) as the methodology's BenchmarkRow. */
export function toBenchmarkRow(r: Record<string, Text | number>): BenchmarkRow {
  return {
    orgCode: String(r.org_code),
    period: String(r.period),
    peerGroup: String(r.peer_group),
    groupKind: r.group_kind as BenchmarkRow['groupKind'],
    metric: String(r.metric),
    value: exactOrNull(r.value),
    benchmark: exactOrNull(r.benchmark),
    opportunityGbp: exactOrNull(r.opportunity_gbp),
    opportunityUnits: exactOrNull(r.opportunity_units),
    score: exactOrNull(r.score),
    rank: r.rank === null ? null : Number(r.rank),
    groupSize: Number(r.group_size),
  };
}
