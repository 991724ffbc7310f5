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
  Measures,
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

// Every measure of a stored estimate is parsed from its text the first time it is read, then
// kept: an estimate holds a hundred or so numbers and most readers use a few (benchmarking reads
// three measures, the current CWA of some PODs and the real spend of some categories), and
// parsing them all was most of what reading a run's estimates back cost. The getters are the
// objects' own enumerable properties, in the order the methodology's objects have them, so
// spreading, JSON and deep equality see the same values as if they had been parsed at once.

function podShare(p: Record<string, unknown>): PodShare {
  let baseShare: Exact | undefined;
  let currentShare: Exact | undefined;
  return {
    pod: p.pod as Pod,
    get baseShare() {
      return (baseShare ??= exact(p.baseShare));
    },
    get currentShare() {
      return (currentShare ??= exact(p.currentShare));
    },
  };
}

function podOutput(p: Record<string, unknown>): PodOutput {
  let baseShare: Exact | undefined;
  let currentShare: Exact | undefined;
  let base: Exact | undefined;
  let current: Exact | undefined;
  let contribution: Exact | null | undefined;
  return {
    pod: p.pod as Pod,
    get baseShare() {
      return (baseShare ??= exact(p.baseShare));
    },
    get currentShare() {
      return (currentShare ??= exact(p.currentShare));
    },
    get base() {
      return (base ??= exact(p.base));
    },
    get current() {
      return (current ??= exact(p.current));
    },
    get contribution() {
      return contribution === undefined ? (contribution = exactOrNull(p.contribution)) : contribution;
    },
    countBase: Number(p.countBase),
    countCurrent: Number(p.countCurrent),
    bedDaysBase: p.bedDaysBase === null || p.bedDaysBase === undefined ? null : Number(p.bedDaysBase),
    bedDaysCurrent: p.bedDaysCurrent === null || p.bedDaysCurrent === undefined ? null : Number(p.bedDaysCurrent),
  };
}

function categoryInput(c: Record<string, unknown>): CategoryInput {
  let nominalBase: Exact | undefined;
  let nominalCurrent: Exact | undefined;
  let deflator: Exact | undefined;
  let realBase: Exact | undefined;
  let realCurrent: Exact | undefined;
  let contribution: Exact | null | undefined;
  return {
    category: c.category as CategoryInput['category'],
    excluded: Boolean(c.excluded),
    get nominalBase() {
      return (nominalBase ??= exact(c.nominalBase));
    },
    get nominalCurrent() {
      return (nominalCurrent ??= exact(c.nominalCurrent));
    },
    get deflator() {
      return (deflator ??= exact(c.deflator));
    },
    get realBase() {
      return (realBase ??= exact(c.realBase));
    },
    get realCurrent() {
      return (realCurrent ??= exact(c.realCurrent));
    },
    get contribution() {
      return contribution === undefined ? (contribution = exactOrNull(c.contribution)) : contribution;
    },
  };
}

function measuresOf(row: StoredEstimateRow): Measures {
  let cwaBase: Exact | undefined;
  let cwaCurrent: Exact | undefined;
  let outputGrowth: Exact | undefined;
  let realSpendBase: Exact | undefined;
  let realSpendCurrent: Exact | undefined;
  let inputGrowth: Exact | undefined;
  let productivityGrowth: Exact | undefined;
  let costPerWau: Exact | undefined;
  return {
    get cwaBase() {
      return (cwaBase ??= exact(row.cwaBase));
    },
    get cwaCurrent() {
      return (cwaCurrent ??= exact(row.cwaCurrent));
    },
    get outputGrowth() {
      return (outputGrowth ??= exact(row.outputGrowth));
    },
    get realSpendBase() {
      return (realSpendBase ??= exact(row.realSpendBase));
    },
    get realSpendCurrent() {
      return (realSpendCurrent ??= exact(row.realSpendCurrent));
    },
    get inputGrowth() {
      return (inputGrowth ??= exact(row.inputGrowth));
    },
    get productivityGrowth() {
      return (productivityGrowth ??= exact(row.productivityGrowth));
    },
    get costPerWau() {
      return (costPerWau ??= exact(row.costPerWau));
    },
  };
}

function unweightedOf(d: StoredEstimateRow['detail']): TrustEstimate['unweighted'] {
  let cwa: Exact | undefined;
  let share: Exact | undefined;
  return {
    get cwa() {
      return (cwa ??= exact(d.unweighted?.cwa ?? 0));
    },
    get share() {
      return (share ??= exact(d.unweighted?.share ?? 0));
    },
  };
}

function lengthOfStay(l: Record<string, unknown>): LengthOfStay {
  let expectedBedDays: Exact | undefined;
  return {
    group: l.group as LengthOfStay['group'],
    spells: Number(l.spells),
    bedDays: Number(l.bedDays),
    get expectedBedDays() {
      return (expectedBedDays ??= exact(l.expectedBedDays));
    },
  };
}

export function toTrustEstimate(row: StoredEstimateRow, settings: MethodSettings): TrustEstimate {
  const d = row.detail;
  return {
    trust: { orgCode: row.orgCode, name: row.name, region: row.region, trustType: row.trustType, peerGroup: row.peerGroup, sector: row.sector as Sector },
    period: row.period,
    months: row.months,
    status: row.status,
    measures: row.status === 'estimated' ? measuresOf(row) : null,
    flags: row.flags,
    missing: d.missing ?? [],
    byPod: (d.byPod ?? []).map(podOutput),
    byCategory: (d.byCategory ?? []).map(categoryInput),
    unweighted: unweightedOf(d),
    podShifts: (d.podShifts ?? []).map(podShare),
    notifications: d.notifications ?? [],
    lengthOfStay: (d.lengthOfStay ?? []).map(lengthOfStay),
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
