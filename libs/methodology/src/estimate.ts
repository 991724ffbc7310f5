import Decimal from 'decimal.js';
import { Exact, FINANCE_CATEGORIES, FinanceCategory, Month, Pod, PODS, Trust, YearToDate } from '@nhsp/domain';
import { CostWeights } from './cost-weights';
import { deflate, DeflatorSeries } from './deflation';
import { MethodologyError } from './errors';
import { FlagCode, hasUnweightedActivity, isOutlier, orderFlags, PodShare, shiftedPods } from './flags';
import {
  contribution,
  costPerWeightedActivityUnit,
  cwa,
  inputGrowth,
  outputGrowth,
  productivityGrowth,
  realSpend,
  share,
  weightedActivity,
  workingDayScale,
} from './formulas';
import { ActivityIndex, FinanceIndex } from './inputs';
import { LengthOfStay } from './length-of-stay';
import { MethodSettings, WORKING_DAY_PODS } from './settings';
import { workingDays } from './working-days';

export interface EstimateInputs {
  activity: ActivityIndex;
  finance: FinanceIndex;
  weights: CostWeights;
  deflators: DeflatorSeries;
  settings: MethodSettings;
}

export interface Measures {
  cwaBase: Decimal;
  cwaCurrent: Decimal;
  outputGrowth: Decimal;
  realSpendBase: Decimal;
  realSpendCurrent: Decimal;
  inputGrowth: Decimal;
  productivityGrowth: Decimal;
  costPerWau: Decimal;
}

export interface PodOutput extends PodShare {
  base: Decimal;
  current: Decimal;
  /** (CWA_p(current) − CWA_p(base)) / CWA(base); empty where the base is zero. */
  contribution: Decimal | null;
  /** Spells, attendances or contacts (counts as submitted, before any working-day scaling). */
  countBase: number;
  countCurrent: number;
  bedDaysBase: number | null;
  bedDaysCurrent: number | null;
}

export interface CategoryInput {
  category: FinanceCategory;
  excluded: boolean;
  nominalBase: Decimal;
  nominalCurrent: Decimal;
  /** The deflator π_c(t) applied to the current period. */
  deflator: Decimal;
  realBase: Decimal;
  realCurrent: Decimal;
  /** (real_c(current) − real_c(base)) / real(base); empty for excluded categories or a zero base. */
  contribution: Decimal | null;
}

export interface MissingMonth {
  month: string;
  missing: ('activity' | 'finance')[];
}

export type EstimateStatus = 'estimated' | 'missing_data' | 'zero_base';

export interface TrustEstimate {
  trust: Trust;
  period: string;
  months: number;
  status: EstimateStatus;
  /** Empty for MISSING_DATA or a zero base (data contract). */
  measures: Measures | null;
  flags: FlagCode[];
  missing: MissingMonth[];
  byPod: PodOutput[];
  byCategory: CategoryInput[];
  /** CWA from fallback weights over both periods, and its share of all CWA of both periods. */
  unweighted: { cwa: Decimal; share: Decimal };
  /** The PODs whose share moved more than the POD_SHIFT threshold. */
  podShifts: PodShare[];
  /** Current-period length of stay against casemix-expected, where bed days are supplied. */
  lengthOfStay?: LengthOfStay[];
  settings: MethodSettings;
}

/** Working-day scale per POD for the current period (1 where the adjustment is off or not applicable). */
export function currentCountScale(ytd: YearToDate, settings: MethodSettings): (pod: Pod) => Decimal {
  if (settings.workingDays === 'off') return () => new Exact(1);
  const scale = workingDayScale(workingDays(ytd.base), workingDays(ytd.current));
  return (pod) => (WORKING_DAY_PODS.includes(pod) ? scale : new Exact(1));
}

export function findMissingMonths(orgCode: string, ytd: YearToDate, inputs: EstimateInputs): MissingMonth[] {
  const missing: MissingMonth[] = [];
  for (const month of [...ytd.base, ...ytd.current].map(String)) {
    const gaps: MissingMonth['missing'] = [];
    if (!inputs.activity.has(orgCode, month)) gaps.push('activity');
    if (!inputs.finance.has(orgCode, month)) gaps.push('finance');
    if (gaps.length) missing.push({ month, missing: gaps });
  }
  return missing;
}

interface PeriodOutput {
  byPod: Map<Pod, { cwa: Decimal[]; count: number; bedDays: number | null }>;
  unweighted: Decimal[];
}

function weighPeriod(orgCode: string, months: Month[], inputs: EstimateInputs, scale: (pod: Pod) => Decimal): PeriodOutput {
  const byPod: PeriodOutput['byPod'] = new Map();
  const unweighted: Decimal[] = [];
  for (const month of months.map(String)) {
    for (const cell of inputs.activity.cells(orgCode, month)) {
      if (!inputs.weights.hasPod(cell.pod)) {
        throw new MethodologyError(
          `${orgCode} ${month}: POD ${cell.pod} is absent from the NCC schedule, so its activity cannot be weighted`,
        );
      }
      const weight = inputs.weights.weight(cell.pod, cell.currency);
      const weighted = weightedActivity(scale(cell.pod).times(cell.count), weight.value);
      let pod = byPod.get(cell.pod);
      if (!pod) byPod.set(cell.pod, (pod = { cwa: [], count: 0, bedDays: null }));
      pod.cwa.push(weighted);
      pod.count += cell.count;
      if (cell.bedDays !== null) pod.bedDays = (pod.bedDays ?? 0) + cell.bedDays;
      if (weight.fallback) unweighted.push(weighted);
    }
  }
  return { byPod, unweighted };
}

function spendByCategory(orgCode: string, months: Month[], inputs: EstimateInputs): Map<FinanceCategory, Decimal> {
  const totals = new Map<FinanceCategory, Decimal>();
  for (const month of months.map(String)) {
    for (const [category, amount] of inputs.finance.amounts(orgCode, month)) {
      totals.set(category, (totals.get(category) ?? new Exact(0)).plus(amount));
    }
  }
  return totals;
}

/** One trust's estimate for a period: methodology §2–§4 and the flags of §6 decidable from one bundle. */
export function estimateTrust(trust: Trust, ytd: YearToDate, inputs: EstimateInputs): TrustEstimate {
  const { settings } = inputs;
  const missing = findMissingMonths(trust.orgCode, ytd, inputs);
  const common = { trust, period: String(ytd.period), months: ytd.months, missing, settings };
  if (missing.length) {
    return {
      ...common,
      status: 'missing_data',
      measures: null,
      flags: ['MISSING_DATA'],
      byPod: [],
      byCategory: [],
      unweighted: { cwa: new Exact(0), share: new Exact(0) },
      podShifts: [],
    };
  }

  const base = weighPeriod(trust.orgCode, ytd.base, inputs, () => new Exact(1));
  const current = weighPeriod(trust.orgCode, ytd.current, inputs, currentCountScale(ytd, settings));
  const cwaBase = cwa([...base.byPod.values()].flatMap((p) => p.cwa));
  const cwaCurrent = cwa([...current.byPod.values()].flatMap((p) => p.cwa));

  const byPod: PodOutput[] = PODS.filter((pod) => base.byPod.has(pod) || current.byPod.has(pod)).map((pod) => {
    const b = base.byPod.get(pod);
    const c = current.byPod.get(pod);
    const podBase = cwa(b?.cwa ?? []);
    const podCurrent = cwa(c?.cwa ?? []);
    return {
      pod,
      base: podBase,
      current: podCurrent,
      contribution: cwaBase.isZero() ? null : contribution(podBase, podCurrent, cwaBase),
      baseShare: share(podBase, cwaBase),
      currentShare: share(podCurrent, cwaCurrent),
      countBase: b?.count ?? 0,
      countCurrent: c?.count ?? 0,
      bedDaysBase: b?.bedDays ?? null,
      bedDaysCurrent: c?.bedDays ?? null,
    };
  });

  const nominalBase = spendByCategory(trust.orgCode, ytd.base, inputs);
  const nominalCurrent = spendByCategory(trust.orgCode, ytd.current, inputs);
  const included = (category: FinanceCategory) => !settings.excludedCategories.includes(category);
  const categories = FINANCE_CATEGORIES.filter((c) => nominalBase.has(c) || nominalCurrent.has(c));
  const rows = categories.map((category) => {
    const deflator = inputs.deflators.deflator(category, ytd.financialYear);
    const nb = nominalBase.get(category) ?? new Exact(0);
    const nc = nominalCurrent.get(category) ?? new Exact(0);
    return { category, excluded: !included(category), nominalBase: nb, nominalCurrent: nc, deflator, realBase: nb, realCurrent: deflate(nc, deflator) };
  });
  const realSpendBase = realSpend(rows.filter((r) => !r.excluded).map((r) => r.realBase));
  const realSpendCurrent = realSpend(rows.filter((r) => !r.excluded).map((r) => r.realCurrent));
  const byCategory: CategoryInput[] = rows.map((r) => ({
    ...r,
    contribution: r.excluded || realSpendBase.isZero() ? null : contribution(r.realBase, r.realCurrent, realSpendBase),
  }));

  const unweightedCwa = cwa([...base.unweighted, ...current.unweighted]);
  const bothPeriods = cwaBase.plus(cwaCurrent);
  const unweighted = { cwa: unweightedCwa, share: share(unweightedCwa, bothPeriods) };
  const podShifts = shiftedPods(byPod, settings);

  if (cwaBase.isZero() || realSpendBase.isZero()) {
    return { ...common, status: 'zero_base', measures: null, flags: [], byPod, byCategory, unweighted, podShifts };
  }

  const output = outputGrowth(cwaBase, cwaCurrent);
  const input = inputGrowth(realSpendBase, realSpendCurrent);
  const productivity = productivityGrowth(output, input);
  const flags: FlagCode[] = [];
  if (hasUnweightedActivity(unweightedCwa, bothPeriods, settings)) flags.push('UNWEIGHTED_ACTIVITY');
  if (podShifts.length) flags.push('POD_SHIFT');
  if (isOutlier(productivity, settings)) flags.push('OUTLIER');

  return {
    ...common,
    status: 'estimated',
    measures: {
      cwaBase,
      cwaCurrent,
      outputGrowth: output,
      realSpendBase,
      realSpendCurrent,
      inputGrowth: input,
      productivityGrowth: productivity,
      costPerWau: costPerWeightedActivityUnit(realSpendCurrent, cwaCurrent),
    },
    flags: orderFlags(flags),
    byPod,
    byCategory,
    unweighted,
    podShifts,
  };
}
