import Decimal from 'decimal.js';
import { FinancialYear, Month } from '@nhsp/domain';
import { AGGREGATE_LEVELS, AggregateLevel, groupOf } from './aggregates';
import { AnnualGrowth, chainedIndex, groupChainStart, IndexPoint } from './chained-index';
import { Measures } from './estimate';
import { cwa } from './formulas';
import { measuresFromSums } from './period-sums';
import { lastCompleteYear, TrustPlanInputs } from './plan-inputs';
import { MethodSettings } from './settings';
import { applyStability, band, monthMove, rankStability, revisionRange } from './stability';
import type { PeriodResult } from './compute';
import { sumTargetQuantities, TargetPosition, targetPosition, TargetQuantities } from './target';

/**
 * The plan view of a period (methodology §8–§10) for every trust and group, from each trust's
 * plan inputs (measures only). Groups are those of aggregates.csv: England, each peer group,
 * region and sector, named as there.
 */
export type PlanLevel = 'trust' | AggregateLevel;

export interface TargetRow extends TargetPosition {
  level: PlanLevel;
  /** The org code for a trust, else the group's name. */
  group: string;
  period: string;
}

export interface IndexRow extends IndexPoint {
  level: PlanLevel;
  group: string;
}

export interface StabilityRow {
  orgCode: string;
  period: string;
  productivityGrowth: Decimal;
  monthMove: Decimal | null;
  band: Decimal | null;
  revisionRange: Decimal | null;
}

export interface PlanView {
  period: string;
  settings: MethodSettings;
  targets: TargetRow[];
  index: IndexRow[];
  /** One row per trust with an estimate at P. */
  stability: StabilityRow[];
  /** National rank_stability (the England row of stability.csv). */
  rankStability: Decimal | null;
  /** Each trust's band by org code (for UNSTABLE). */
  bands: Map<string, Decimal | null>;
}

export interface PlanOptions {
  /** The productivity growth of every vintage of P kept for a trust; the current one alone (revision_range 0) by default. */
  vintageGrowths?: (orgCode: string) => readonly Decimal[];
}

/** §4 over a set of trusts: sum CWA and real spend, then the trust formulas; null when none has an estimate. */
export function sumMeasures(list: readonly Measures[]): Measures | null {
  if (!list.length) return null;
  return measuresFromSums({
    cwaBase: cwa(list.map((m) => m.cwaBase)),
    cwaCurrent: cwa(list.map((m) => m.cwaCurrent)),
    realSpendBase: cwa(list.map((m) => m.realSpendBase)),
    realSpendCurrent: cwa(list.map((m) => m.realSpendCurrent)),
  });
}

const targetQuantities = (t: TrustPlanInputs): TargetQuantities | null =>
  t.yearToDate && { yearToDate: t.yearToDate, previousYear: t.previousYear, lastThreeMonths: t.lastThreeMonths };

function groupsOf(trusts: readonly TrustPlanInputs[]): { level: AggregateLevel; group: string; members: TrustPlanInputs[] }[] {
  const groups: { level: AggregateLevel; group: string; members: TrustPlanInputs[] }[] = [];
  for (const level of AGGREGATE_LEVELS) {
    const byName = new Map<string, TrustPlanInputs[]>();
    for (const t of trusts) {
      const name = groupOf(t.trust, level);
      byName.set(name, [...(byName.get(name) ?? []), t]);
    }
    for (const name of [...byName.keys()].sort()) groups.push({ level, group: name, members: byName.get(name)! });
  }
  return groups;
}

function indexPoints(start: FinancialYear | null, period: Month, growthOf: (year: FinancialYear) => AnnualGrowth | null, yearToDate: AnnualGrowth | null): IndexPoint[] {
  const inProgress = period.monthOfYear === 12 ? null : { year: period.financialYear, growth: yearToDate };
  return chainedIndex(start, lastCompleteYear(period), growthOf, inProgress);
}

/** A trust's own chain: from its start, broken for good by its first year without a Month 12 estimate. */
function trustIndex(t: TrustPlanInputs, period: Month): IndexPoint[] {
  const byYear = new Map(t.years.map((y) => [y.year.startYear, y.measures]));
  return indexPoints(t.indexStart, period, (year) => byYear.get(year.startYear) ?? null, t.yearToDate);
}

/**
 * A group chains its own aggregate growth, each year over the members with an estimate that year
 * (also those whose own chain broke earlier: §9 counts estimates, not chains).
 */
function groupIndex(members: readonly TrustPlanInputs[], period: Month): IndexPoint[] {
  const growthOf = (year: FinancialYear) =>
    sumMeasures(members.flatMap((t) => t.years.filter((y) => y.year.startYear === year.startYear && y.measures).map((y) => y.measures!)));
  const yearToDate = sumMeasures(members.flatMap((t) => (t.yearToDate ? [t.yearToDate] : [])));
  return indexPoints(groupChainStart(members.map((t) => t.indexStart)), period, growthOf, yearToDate);
}

/** month_move of each of the 12 months ending at P, from the 13 monthly growths ending at P. */
function monthMoves(t: TrustPlanInputs): (Decimal | null)[] {
  return t.monthly.slice(1).map((m, i) => monthMove(m.productivityGrowth, t.monthly[i].productivityGrowth, m.period.monthOfYear));
}

export function planView(trusts: readonly TrustPlanInputs[], period: Month | string, settings: MethodSettings, options: PlanOptions = {}): PlanView {
  const p = typeof period === 'string' ? Month.parse(period) : period;
  const m = p.monthOfYear;
  const sorted = [...trusts].sort((a, b) => a.trust.orgCode.localeCompare(b.trust.orgCode));
  const groups = groupsOf(sorted);
  const periodText = String(p);

  const targets: TargetRow[] = [];
  const targetRow = (level: PlanLevel, group: string, q: TargetQuantities | null) => {
    const position = q && targetPosition(q, m, settings.target);
    if (position) targets.push({ level, group, period: periodText, ...position });
  };
  // A choice where §8 is silent: a group's whole row (its productivity_growth and on_track too)
  // is over the trusts with every quantity, so that its figures add up; a group without any has
  // no row (README, "Choices where the method is silent").
  for (const g of groups) targetRow(g.level, g.group, sumTargetQuantities(g.members.flatMap((t) => targetQuantities(t) ?? [])));
  for (const t of sorted) targetRow('trust', t.trust.orgCode, targetQuantities(t));

  const index: IndexRow[] = [
    ...groups.flatMap((g) => groupIndex(g.members, p).map((point) => ({ level: g.level, group: g.group, ...point }))),
    ...sorted.flatMap((t) => trustIndex(t, p).map((point) => ({ level: 'trust' as const, group: t.trust.orgCode, ...point }))),
  ];

  const stability: StabilityRow[] = [];
  const bands = new Map<string, Decimal | null>();
  for (const t of sorted) {
    if (!t.yearToDate) continue;
    const moves = monthMoves(t);
    const trustBand = band(moves);
    bands.set(t.trust.orgCode, trustBand);
    const growth = t.yearToDate.productivityGrowth;
    stability.push({
      orgCode: t.trust.orgCode,
      period: periodText,
      productivityGrowth: growth,
      monthMove: moves[moves.length - 1],
      band: trustBand,
      revisionRange: revisionRange(options.vintageGrowths?.(t.trust.orgCode) ?? [growth]),
    });
  }
  const pairs = sorted.flatMap((t) => {
    const [previous, current] = t.monthly.slice(-2).map((x) => x.productivityGrowth);
    return current && previous ? [{ growth: current, previousMonthGrowth: previous }] : [];
  });

  return { period: periodText, settings, targets, index, stability, rankStability: rankStability(pairs, m), bands };
}

/**
 * A computed period finished with its plan view (§8–§10): the view, and the period's estimates
 * with their band and UNSTABLE (§6). The one way the CLI and the productivity service do it.
 */
export function withPlanView(trusts: readonly TrustPlanInputs[], result: PeriodResult, options: PlanOptions = {}): { view: PlanView; result: PeriodResult } {
  const view = planView(trusts, result.period, result.settings, options);
  return { view, result: { ...result, estimates: applyStability(result.estimates, view.bands, result.settings) } };
}
