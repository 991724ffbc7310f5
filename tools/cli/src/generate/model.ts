import { FINANCE_CATEGORIES, FinanceCategory, Pod, PODS, Sector } from '@nhsp/domain';
import { DEFAULT_EXCLUDED_CATEGORIES } from '@nhsp/methodology';
import { podTrend } from './history';
import { PATH_YEARS, FIRST_PATH_YEAR, YearlyPath } from './paths';
import { NATIONAL_COVERAGE, PEER_GROUP_SIZE, PodProfile, SECTOR_PROFILES, SPECIALIST_POD_FACTOR, specialistWithAe } from './profiles';
import { logNormal, normal, pick, Rng, rngFor, uniform, weightedSample } from './prng';
import { ReferenceData, ReferenceTrust, ScheduleCurrency } from './reference';
import { PLANTED, PlantedRoles, UNKNOWN_CURRENCIES } from './selection';

/**
 * How a currency's spells stay: a 0/1-night short stay, or `min` nights plus a geometric excess
 * whose mean grows with the currency's unit cost. The month's length-of-stay level scales both.
 */
export type LosShape = { kind: 'short'; oneNight: number } | { kind: 'long'; min: number; meanExcess: number };

export interface CurrencyLine {
  pod: Pod;
  currency: string;
  /** Fraction of the trust's POD volume. */
  share: number;
  /** National unit cost, or the POD's national mean where the schedule lacks the currency. */
  unitCost: number;
  known: boolean;
  los: LosShape | null;
}

/** The categories of operating spend the generator models as shares: all but those the method leaves out by default. */
export type IncludedCategory = Exclude<FinanceCategory, (typeof DEFAULT_EXCLUDED_CATEGORIES)[number]>;
export const INCLUDED_CATEGORIES: IncludedCategory[] = FINANCE_CATEGORIES.filter(
  (c): c is IncludedCategory => !(DEFAULT_EXCLUDED_CATEGORIES as readonly string[]).includes(c),
);

export interface FinanceProfile {
  /** Shares of operating spend in FY 2024/25, summing to 1. */
  shares: Record<IncludedCategory, number>;
  depreciationShare: number;
  /** Zero for the trusts without a PFI scheme. */
  pfiShare: number;
  /** How far the trust's agency spend follows the national fall of 2025/26 (1 = as the nation). */
  agencyResponse: number;
}

export interface TrustModel {
  trust: ReferenceTrust;
  size: number;
  /** Monthly volume of each POD the trust delivers at the anchor (the middle of FY 2024/25, before seasonality). */
  podVolume: Map<Pod, number>;
  lines: CurrencyLine[];
  /** Mean annual activity growth; each year adds its own noise (`growthNoise`), each POD an offset. */
  growth: number;
  podOffset: Map<Pod, number>;
  growthNoise: Float64Array;
  /** Mean annual fall in real spend per unit of activity: the trust's underlying productivity growth. */
  productivityTrend: number;
  productivityNoise: Float64Array;
  /** Spend relative to national unit costs in FY 2023/24 (0.85 = 15% cheaper than the NCC average). */
  efficiency: number;
  losFactor: number;
  losNoise: Float64Array;
  finance: FinanceProfile;
  roles: Set<keyof PlantedRoles>;
  /** Activity level by POD and real spend per unit of activity over time (built by `finishModels`). */
  podPath: Map<Pod, YearlyPath>;
  spendPath: YearlyPath;
}

const FINANCE_BASE: Record<Sector, number[]> = {
  acute: [0.555, 0.055, 0.03, 0.11, 0.09, 0.16],
  mental_health: [0.7, 0.07, 0.05, 0.025, 0.015, 0.14],
  community: [0.66, 0.05, 0.035, 0.035, 0.06, 0.16],
  ambulance: [0.66, 0.02, 0.02, 0.01, 0.06, 0.23],
};

function losShape(pod: Pod, unitCost: number, losFactor: number): LosShape | null {
  if (pod === 'NEL_SS') return { kind: 'short', oneNight: 0.55 };
  if (pod === 'EL') return { kind: 'long', min: 1, meanExcess: (unitCost / 1500) * losFactor - 1 };
  if (pod === 'NEL_LS') return { kind: 'long', min: 2, meanExcess: (unitCost / 600) * losFactor - 2 };
  return null;
}

function profilesFor(trust: ReferenceTrust): PodProfile[] {
  const profiles = SECTOR_PROFILES[trust.sector];
  if (trust.peerGroup !== 'Acute - Specialist') return profiles;
  return profiles
    .map((p) => ({ ...p, affinity: p.affinity * (SPECIALIST_POD_FACTOR[p.pod] ?? 1) }))
    .map((p) => (p.pod === 'AE' ? { ...p, presence: specialistWithAe(trust.name) ? 1 : 0 } : p))
    .filter((p) => p.affinity > 0);
}

/**
 * A trust draws its currencies from the POD's most common ones: beyond a few hundred, a
 * currency's chance of being drawn is negligible, and skipping them keeps planning quick.
 */
const CANDIDATE_CURRENCIES = 300;
const candidateCache = new WeakMap<ReferenceData, Map<Pod, ScheduleCurrency[]>>();

function candidates(reference: ReferenceData, pod: Pod): ScheduleCurrency[] {
  let byPod = candidateCache.get(reference);
  if (!byPod) candidateCache.set(reference, (byPod = new Map()));
  let list = byPod.get(pod);
  if (!list) {
    list = [...(reference.currenciesByPod.get(pod) ?? [])]
      .sort((a, b) => b.activity - a.activity || a.currency.localeCompare(b.currency))
      .slice(0, CANDIDATE_CURRENCIES);
    byPod.set(pod, list);
  }
  return list;
}

function chooseLines(rng: Rng, reference: ReferenceData, profile: PodProfile, losFactor: number): CurrencyLine[] {
  const available = candidates(reference, profile.pod);
  const chosen = weightedSample(rng, available.map((c) => c.activity), profile.currencies).map((i) => available[i]);
  const raw = chosen.map((c) => c.activity * logNormal(rng, 0.35));
  const total = raw.reduce((a, b) => a + b, 0);
  return chosen.map((c, i) => ({
    pod: profile.pod,
    currency: c.currency,
    share: raw[i] / total,
    unitCost: c.unitCost,
    known: true,
    los: losShape(profile.pod, c.unitCost, losFactor),
  }));
}

/** Adds a currency the schedule lacks, taking `share` of the POD's volume from the others. */
function addUnknownLine(lines: CurrencyLine[], reference: ReferenceData, pod: Pod, currency: string, share: number, losFactor: number) {
  const existing = lines.find((l) => l.pod === pod && l.currency === currency);
  const podLines = lines.filter((l) => l.pod === pod && l !== existing);
  if (podLines.length === 0) return;
  const others = podLines.reduce((sum, l) => sum + l.share, 0);
  for (const line of podLines) line.share *= (1 - share) / others;
  if (existing) {
    existing.share = share;
    return;
  }
  const unitCost = reference.podMeanUnitCost.get(pod)!;
  const at = lines.indexOf(podLines[podLines.length - 1]) + 1;
  lines.splice(at, 0, { pod, currency, share, unitCost, known: false, los: losShape(pod, unitCost, losFactor) });
}

function financeProfile(rng: Rng, sector: Sector): FinanceProfile {
  const spread = [0.05, 0.25, 0.6, 0.2, 0.2, 0.15];
  const raw = FINANCE_BASE[sector].map((base, i) => base * logNormal(rng, spread[i]));
  const total = raw.reduce((a, b) => a + b, 0);
  const shares = Object.fromEntries(INCLUDED_CATEGORIES.map((c, i) => [c, raw[i] / total])) as Record<IncludedCategory, number>;
  const depreciationShare = uniform(rng, 0.025, 0.045);
  const pfiShare = rng() < 0.25 ? uniform(rng, 0.01, 0.04) : 0;
  return { shares, depreciationShare, pfiShare, agencyResponse: uniform(rng, 0.4, 1.5) };
}

const yearlyNoise = (rng: Rng, sigma: number) => Float64Array.from({ length: PATH_YEARS }, () => sigma * normal(rng));

/** One trust's model from its own random stream: independent of which other trusts are generated. */
function trustModel(seed: number, reference: ReferenceData, trust: ReferenceTrust): { model: TrustModel; podWeight: Map<Pod, number> } {
  const rng = rngFor(seed, trust.orgCode, 'model');
  const size = (PEER_GROUP_SIZE[trust.peerGroup] ?? 1) * logNormal(rng, 0.4);
  const growth = uniform(rng, 0, 0.06);
  const productivityTrend = uniform(rng, -0.015, 0.04);
  const efficiency = uniform(rng, 0.82, 1.22);
  const losFactor = uniform(rng, 0.85, 1.2);
  const finance = financeProfile(rng, trust.sector);
  const growthNoise = yearlyNoise(rng, 0.012);
  const productivityNoise = yearlyNoise(rng, 0.012);
  const losNoise = yearlyNoise(rng, 0.02);
  const podWeight = new Map<Pod, number>();
  const podOffset = new Map<Pod, number>();
  const lines: CurrencyLine[] = [];
  const profiles = profilesFor(trust).sort((a, b) => PODS.indexOf(a.pod) - PODS.indexOf(b.pod));
  for (const profile of profiles) {
    const present = rng() < profile.presence;
    const weight = size * profile.affinity * logNormal(rng, 0.25);
    const podLines = chooseLines(rng, reference, profile, losFactor);
    const offset = 0.01 * normal(rng);
    if (!present || podLines.length === 0) continue;
    podWeight.set(profile.pod, weight);
    podOffset.set(profile.pod, offset);
    lines.push(...podLines);
  }
  if (trust.sector === 'acute' && rng() < 0.2) {
    const unknown = pick(rng, UNKNOWN_CURRENCIES);
    addUnknownLine(lines, reference, unknown.pod, unknown.currency, uniform(rng, 0.001, 0.005), losFactor);
  }
  const flat = new YearlyPath(() => 0);
  const model: TrustModel = {
    trust,
    size,
    podVolume: new Map(),
    lines,
    growth,
    podOffset,
    growthNoise,
    productivityTrend,
    productivityNoise,
    efficiency,
    losFactor,
    losNoise,
    finance,
    roles: new Set(),
    podPath: new Map(),
    spendPath: flat,
  };
  return { model, podWeight };
}

/**
 * Models of every trust of the reference list. Each POD's national volume (NCC activity ÷ 12 ×
 * the list's coverage) is shared among the trusts delivering it by size and affinity; then all
 * volumes are scaled so that the whole list makes `monthRecordsTarget` records a month. The
 * scale is always taken over the whole list, so a trust's numbers do not depend on --trusts.
 */
export function buildModels(seed: number, reference: ReferenceData, monthRecordsTarget: number): Map<string, TrustModel> {
  for (const unknown of UNKNOWN_CURRENCIES) {
    if (reference.currenciesByPod.get(unknown.pod)?.some((c) => c.currency === unknown.currency)) {
      throw new Error(`${unknown.pod} ${unknown.currency} is in the NCC schedule; pick another code for the unweighted cases`);
    }
  }
  const built = reference.trusts.map((trust) => trustModel(seed, reference, trust));
  const weightTotals = new Map<Pod, number>();
  for (const { podWeight } of built) {
    for (const [pod, w] of podWeight) weightTotals.set(pod, (weightTotals.get(pod) ?? 0) + w);
  }
  let total = 0;
  for (const { model, podWeight } of built) {
    for (const [pod, w] of podWeight) {
      const national = ((reference.podActivity.get(pod) ?? 0) / 12) * (NATIONAL_COVERAGE[pod] ?? 1);
      const volume = (national * w) / weightTotals.get(pod)!;
      model.podVolume.set(pod, volume);
      total += volume;
    }
  }
  const scale = monthRecordsTarget / total;
  for (const { model } of built) {
    for (const [pod, volume] of model.podVolume) model.podVolume.set(pod, volume * scale);
  }
  return new Map(built.map(({ model }) => [model.trust.orgCode, model]));
}

/** Gives the planted trusts their peculiarities (documented in the bundle README). */
export function applyRoles(models: Map<string, TrustModel>, roles: PlantedRoles, reference: ReferenceData): void {
  for (const [role, orgCode] of Object.entries(roles) as [keyof PlantedRoles, string][]) {
    models.get(orgCode)!.roles.add(role);
  }
  // SDEC attendances weigh less than the short stays they replace, so the move alone lowers the
  // trust's productivity by about 7%; a steady underlying gain keeps it inside the ±10% band.
  // The outlier's step must be the whole of its growth. Neither gets yearly noise.
  const sdec = models.get(roles.sdec)!;
  const outlier = models.get(roles.outlier)!;
  sdec.productivityTrend = 0.03;
  outlier.productivityTrend = 0;
  for (const model of [sdec, outlier]) model.productivityNoise.fill(0);
  const shortStay = sdec.podVolume.get('NEL_SS');
  if (shortStay !== undefined) sdec.podVolume.set('NEL_SS', shortStay * PLANTED.sdecShortStayBoost);
  const unweighted = models.get(roles.unweighted)!;
  for (const [pod, share] of Object.entries(PLANTED.unweightedShares) as [Pod, number][]) {
    const code = UNKNOWN_CURRENCIES.find((u) => u.pod === pod)!.currency;
    addUnknownLine(unweighted.lines, reference, pod, code, share, unweighted.losFactor);
  }
}

/** Builds each model's activity and spend paths from its (possibly planted) rates. */
export function finishModels(models: Iterable<TrustModel>): void {
  const at = (noise: Float64Array, startYear: number) => noise[startYear - FIRST_PATH_YEAR] ?? 0;
  for (const model of models) {
    for (const [pod, offset] of model.podOffset) {
      model.podPath.set(pod, new YearlyPath((year) => model.growth + offset + at(model.growthNoise, year) + podTrend(pod, year)));
    }
    model.spendPath = new YearlyPath((year) => 1 / (1 + model.productivityTrend + at(model.productivityNoise, year)) - 1);
  }
}
