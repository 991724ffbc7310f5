import Decimal from 'decimal.js';
import { Exact, FINANCE_CATEGORIES, FinanceCategory, Month, Pod, PODS, Trust, YearToDate } from '@nhsp/domain';
import { CostWeights } from './cost-weights';
import { deflate, DeflatorSeries } from './deflation';
import { countOf, roundedFromUnits, toUnits, Units, weightUnits } from './exact-units';
import { PairMemo } from './history-memo';
import { FlagCode, hasUnweightedActivity, isOutlier, orderFlags, PodShare, shiftedPods } from './flags';
import { contribution, share } from './formulas';
import { ActivityIndex, FinanceIndex } from './inputs';
import { LengthOfStay } from './length-of-stay';
import { CwaUnits, measuresFromSums, realSpendFromUnits, scaledCwa, windowScale } from './period-sums';
import { MethodSettings, WORKING_DAY_PODS } from './settings';

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
  const scale = windowScale(ytd.base, ytd.current, settings);
  if (!scale) return () => new Exact(1);
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

const WORKING_DAY_POD_SET: ReadonlySet<Pod> = new Set(WORKING_DAY_PODS);

interface PodUnits {
  units: Units;
  count: number;
  bedDays: number | null;
}

interface PeriodOutput {
  byPod: Map<Pod, PodUnits>;
  /** Exact CWA of the period, and of its fallback-weighted part (UNWEIGHTED_ACTIVITY). */
  cwa: CwaUnits;
  unweighted: CwaUnits;
}

/** Σ q × w of one trust-month, exactly (exact-units.ts), by POD and split for the working-day adjustment. */
function weighMonthByPod(orgCode: string, month: string, inputs: EstimateInputs): PeriodOutput {
  const byPod: PeriodOutput['byPod'] = new Map();
  const cwa: CwaUnits = { other: 0n, workingDayPods: 0n };
  const unweighted: CwaUnits = { other: 0n, workingDayPods: 0n };
  for (const cell of inputs.activity.cells(orgCode, month)) {
    const weight = weightUnits(inputs.weights, orgCode, month, cell.pod, cell.currency);
    const weighted = weight.units * countOf(orgCode, month, cell.pod, cell.count);
    const part = WORKING_DAY_POD_SET.has(cell.pod) ? 'workingDayPods' : 'other';
    cwa[part] += weighted;
    if (weight.fallback) unweighted[part] += weighted;
    let pod = byPod.get(cell.pod);
    if (!pod) byPod.set(cell.pod, (pod = { units: 0n, count: 0, bedDays: null }));
    pod.units += weighted;
    pod.count += cell.count;
    if (cell.bedDays !== null) pod.bedDays = (pod.bedDays ?? 0) + cell.bedDays;
  }
  return { byPod, cwa, unweighted };
}

// A trust-month is weighed once per (activity, weights): a whole-history recompute reads each
// month in up to 24 periods (as current, then as base). Exact sums, so the order adds nothing.
const weighedMonths = new PairMemo<ActivityIndex, CostWeights, Map<string, PeriodOutput>>();

/** Σ q × w of a period, exactly: the sum of its months' weighings (each made once, weighMonthByPod). */
function weighPeriod(orgCode: string, months: Month[], inputs: EstimateInputs): PeriodOutput {
  const held = weighedMonths.get(inputs.activity, inputs.weights, String(inputs.activity.revision), () => new Map());
  const byPod: PeriodOutput['byPod'] = new Map();
  const cwa: CwaUnits = { other: 0n, workingDayPods: 0n };
  const unweighted: CwaUnits = { other: 0n, workingDayPods: 0n };
  for (const month of months.map(String)) {
    const key = `${orgCode}|${month}`;
    let weighed = held.get(key);
    if (!weighed) held.set(key, (weighed = weighMonthByPod(orgCode, month, inputs)));
    cwa.other += weighed.cwa.other;
    cwa.workingDayPods += weighed.cwa.workingDayPods;
    unweighted.other += weighed.unweighted.other;
    unweighted.workingDayPods += weighed.unweighted.workingDayPods;
    for (const [code, m] of weighed.byPod) {
      let pod = byPod.get(code);
      if (!pod) byPod.set(code, (pod = { units: 0n, count: 0, bedDays: null }));
      pod.units += m.units;
      pod.count += m.count;
      if (m.bedDays !== null) pod.bedDays = (pod.bedDays ?? 0) + m.bedDays;
    }
  }
  return { byPod, cwa, unweighted };
}

/** A POD's CWA of the period, its counts scaled where it is a working-day POD and a scale is given. */
function podCwa(pod: Pod, units: Units, scale: Decimal | null): Decimal {
  return scaledCwa(WORKING_DAY_POD_SET.has(pod) ? { other: 0n, workingDayPods: units } : { other: units, workingDayPods: 0n }, scale);
}

// A trust-month's spend in units once per finance index (as the weighing above).
const monthSpend = new PairMemo<FinanceIndex, object, Map<string, (Units | null)[]>>();
const NO_KEY = {};

/** Nominal spend of one trust-month by category (FINANCE_CATEGORIES index), exact; null where the category has no row. */
function spendOfMonth(orgCode: string, month: string, inputs: EstimateInputs): (Units | null)[] {
  const totals: (Units | null)[] = FINANCE_CATEGORIES.map(() => null);
  for (const [category, amount] of inputs.finance.amounts(orgCode, month)) {
    const c = FINANCE_CATEGORIES.indexOf(category);
    totals[c] = (totals[c] ?? 0n) + toUnits(amount);
  }
  return totals;
}

/** Nominal spend of a period by category (FINANCE_CATEGORIES index), summed exactly over its months; null where the category has no row. */
function spendByCategory(orgCode: string, months: Month[], inputs: EstimateInputs): (Units | null)[] {
  const held = monthSpend.get(inputs.finance, NO_KEY, String(inputs.finance.revision), () => new Map());
  const totals: (Units | null)[] = FINANCE_CATEGORIES.map(() => null);
  for (const month of months.map(String)) {
    const key = `${orgCode}|${month}`;
    let spend = held.get(key);
    if (!spend) held.set(key, (spend = spendOfMonth(orgCode, month, inputs)));
    for (let c = 0; c < totals.length; c++) if (spend[c] !== null) totals[c] = (totals[c] ?? 0n) + spend[c]!;
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

  const scale = windowScale(ytd.base, ytd.current, settings);
  const base = weighPeriod(trust.orgCode, ytd.base, inputs);
  const current = weighPeriod(trust.orgCode, ytd.current, inputs);
  const cwaBase = scaledCwa(base.cwa, null);
  const cwaCurrent = scaledCwa(current.cwa, scale);

  const byPod: PodOutput[] = PODS.filter((pod) => base.byPod.has(pod) || current.byPod.has(pod)).map((pod) => {
    const b = base.byPod.get(pod);
    const c = current.byPod.get(pod);
    const podBase = podCwa(pod, b?.units ?? 0n, null);
    const podCurrent = podCwa(pod, c?.units ?? 0n, scale);
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
  const { realSpendBase, realSpendCurrent } = realSpendFromUnits(
    nominalBase.map((u) => u ?? 0n),
    nominalCurrent.map((u) => u ?? 0n),
    ytd.financialYear,
    inputs.deflators,
    settings,
  );
  const byCategory: CategoryInput[] = FINANCE_CATEGORIES.flatMap((category, c) => {
    if (nominalBase[c] === null && nominalCurrent[c] === null) return [];
    const excluded = settings.excludedCategories.includes(category);
    const deflator = inputs.deflators.deflator(category, ytd.financialYear);
    const realBase = roundedFromUnits(nominalBase[c] ?? 0n);
    const nominalCurrentC = roundedFromUnits(nominalCurrent[c] ?? 0n);
    const realCurrent = deflate(nominalCurrentC, deflator);
    return [{
      category,
      excluded,
      nominalBase: realBase,
      nominalCurrent: nominalCurrentC,
      deflator,
      realBase,
      realCurrent,
      contribution: excluded || realSpendBase.isZero() ? null : contribution(realBase, realCurrent, realSpendBase),
    }];
  });

  const unweightedCwa = scaledCwa(base.unweighted, null).plus(scaledCwa(current.unweighted, scale));
  const bothPeriods = cwaBase.plus(cwaCurrent);
  const unweighted = { cwa: unweightedCwa, share: share(unweightedCwa, bothPeriods) };
  const podShifts = shiftedPods(byPod, settings);

  const measures = measuresFromSums({ cwaBase, cwaCurrent, realSpendBase, realSpendCurrent });
  if (!measures) {
    return { ...common, status: 'zero_base', measures: null, flags: [], byPod, byCategory, unweighted, podShifts };
  }

  const flags: FlagCode[] = [];
  if (hasUnweightedActivity(unweightedCwa, bothPeriods, settings)) flags.push('UNWEIGHTED_ACTIVITY');
  if (podShifts.length) flags.push('POD_SHIFT');
  if (isOutlier(measures.productivityGrowth, settings)) flags.push('OUTLIER');

  return {
    ...common,
    status: 'estimated',
    measures,
    flags: orderFlags(flags),
    byPod,
    byCategory,
    unweighted,
    podShifts,
  };
}
