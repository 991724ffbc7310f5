import Decimal from 'decimal.js';
import { Exact, FinanceCategory, Month, Pod, YearToDate } from '@nhsp/domain';
import { AGGREGATE_LEVELS, AggregateLevel, groupOf } from './aggregates';
import { TrustEstimate } from './estimate';
import { ActivityIndex, FinanceIndex } from './inputs';
import { MonthPrefixes } from './packs/month-prefixes';
import { OperationalReturns } from './packs/returns-index';

/**
 * Key operational indicators (methodology §12, board paper Table 1), per trust and group against
 * the same window a year earlier. Volumes and rates are year to date with a relative change;
 * shares are for the single month P with a change in points. Every indicator is a ratio of sums
 * (or a sum), so groups add numerators and denominators.
 *
 * Read from the PODs: "overnight" non-elective spells are NEL_LS (the NCC short-stay currency
 * covers stays of zero and one day), so the 1+ day LOS is NEL_LS bed days per NEL_LS spell; the
 * elective ordinary LOS is EL bed days per EL spell; same-day elective share is DC / (DC + EL).
 */
export const KEY_INDICATORS = [
  'non_elective_bed_days',
  'non_elective_overnight_spells',
  'non_elective_los_1plus',
  'elective_ordinary_los',
  'theatre_utilisation',
  'same_day_elective_share',
  'outpatient_attendances_per_consultant_wte',
  'bank_spend',
  'agency_spend',
] as const;
export type KeyIndicator = (typeof KEY_INDICATORS)[number];

/** `ytd`: the year to date against the same months a year earlier; `month`: month P against P − 12 months. */
export type IndicatorWindow = 'ytd' | 'month';
/** `relative`: current / base − 1; `points`: current − base. */
export type ChangeKind = 'relative' | 'points';

export const INDICATOR_WINDOWS: Record<KeyIndicator, IndicatorWindow> = {
  non_elective_bed_days: 'ytd',
  non_elective_overnight_spells: 'ytd',
  non_elective_los_1plus: 'ytd',
  elective_ordinary_los: 'ytd',
  theatre_utilisation: 'month',
  same_day_elective_share: 'month',
  outpatient_attendances_per_consultant_wte: 'ytd',
  bank_spend: 'ytd',
  agency_spend: 'ytd',
};

export const changeKindOf = (indicator: KeyIndicator): ChangeKind => (INDICATOR_WINDOWS[indicator] === 'month' ? 'points' : 'relative');

export interface IndicatorRow {
  level: AggregateLevel | 'trust';
  /** The org code for a trust row, else the group's name. */
  group: string;
  period: string;
  indicator: KeyIndicator;
  window: IndicatorWindow;
  base: Decimal;
  current: Decimal;
  /** Empty where the base is zero. */
  change: Decimal | null;
  changeKind: ChangeKind;
}

/** What the indicators read: activity and finance, and, where the bundle has them, operations and workforce. */
export interface IndicatorSources {
  activity: ActivityIndex;
  finance: FinanceIndex;
  returns?: Pick<OperationalReturns, 'operations' | 'workforce'>;
}

/** A sum, or a numerator over a denominator above zero. */
export interface IndicatorParts {
  numerator: Decimal;
  denominator: Decimal | null;
}

interface PodTotals {
  rows: number;
  count: number;
  bedDayRows: number;
  bedDays: number;
}

// Each window's sums are kept as the year to date grows (month-prefixes.ts), by index and trust.
const podPrefixes = new MonthPrefixes<Map<Pod, PodTotals>>();
const spendPrefixes = new MonthPrefixes<Decimal | null>();

/** Activity of one trust over some months, by POD (whole counts: exact sums in any grouping). */
function activityByPod(activity: ActivityIndex, orgCode: string, months: readonly string[]): Map<Pod, PodTotals> {
  return podPrefixes.get(activity, months, `${orgCode}|${activity.revision}`, new Map(), (held, month) => {
    const totals = new Map([...held].map(([pod, t]) => [pod, { ...t }]));
    for (const cell of activity.cells(orgCode, month)) {
      let t = totals.get(cell.pod);
      if (!t) totals.set(cell.pod, (t = { rows: 0, count: 0, bedDayRows: 0, bedDays: 0 }));
      t.rows++;
      t.count += cell.count;
      if (cell.bedDays !== null) {
        t.bedDayRows++;
        t.bedDays += cell.bedDays;
      }
    }
    return totals;
  });
}

/** The data of one trust in one window, read once for all the indicators. */
class Window {
  private pods: Map<Pod, PodTotals> | null = null;

  constructor(
    private readonly sources: IndicatorSources,
    private readonly orgCode: string,
    private readonly months: readonly string[],
  ) {}

  private pod(pods: readonly Pod[]): PodTotals {
    this.pods ??= activityByPod(this.sources.activity, this.orgCode, this.months);
    const sum = { rows: 0, count: 0, bedDayRows: 0, bedDays: 0 };
    for (const pod of pods) {
      const t = this.pods.get(pod);
      if (!t) continue;
      sum.rows += t.rows;
      sum.count += t.count;
      sum.bedDayRows += t.bedDayRows;
      sum.bedDays += t.bedDays;
    }
    return sum;
  }

  /** Spells, attendances or contacts of the PODs; null without any row of them. */
  count(pods: readonly Pod[]): Decimal | null {
    const t = this.pod(pods);
    return t.rows ? new Exact(t.count) : null;
  }

  /** Bed days of the PODs; null without any row that carries them. */
  bedDays(pods: readonly Pod[]): Decimal | null {
    const t = this.pod(pods);
    return t.bedDayRows ? new Exact(t.bedDays) : null;
  }

  operations(measure: 'theatre_touch_minutes' | 'theatre_session_minutes'): Decimal | null {
    return this.sources.returns?.operations.sum(this.orgCode, this.months, measure)?.total ?? null;
  }

  consultantWte(): Decimal | null {
    return this.sources.returns?.workforce.sum(this.orgCode, this.months, 'consultant')?.total ?? null;
  }

  /** Nominal spend of a finance category; null without any row of it. */
  spend(category: FinanceCategory): Decimal | null {
    const { finance } = this.sources;
    return spendPrefixes.get(finance, this.months, `${this.orgCode}|${category}|${finance.revision}`, null, (held, month) => {
      let total = held;
      for (const [c, amount] of finance.amounts(this.orgCode, month)) if (c === category) total = (total ?? new Exact(0)).plus(amount);
      return total;
    });
  }
}

const sum = (numerator: Decimal | null): IndicatorParts | null => (numerator === null ? null : { numerator, denominator: null });
/** A ratio needs both parts and a denominator above zero; otherwise the trust lacks the data in that window. */
const ratio = (numerator: Decimal | null, denominator: Decimal | null): IndicatorParts | null =>
  numerator === null || denominator === null || !denominator.gt(0) ? null : { numerator, denominator };

/** The §12 definitions, one per indicator. */
function indicatorParts(indicator: KeyIndicator, w: Window): IndicatorParts | null {
  switch (indicator) {
    case 'non_elective_bed_days':
      return sum(w.bedDays(['NEL_LS', 'NEL_SS']));
    case 'non_elective_overnight_spells':
      return sum(w.count(['NEL_LS']));
    case 'non_elective_los_1plus':
      return ratio(w.bedDays(['NEL_LS']), w.count(['NEL_LS']));
    case 'elective_ordinary_los':
      return ratio(w.bedDays(['EL']), w.count(['EL']));
    case 'theatre_utilisation':
      return ratio(w.operations('theatre_touch_minutes'), w.operations('theatre_session_minutes'));
    case 'same_day_elective_share':
      return ratio(w.count(['DC']), w.count(['DC', 'EL']));
    case 'outpatient_attendances_per_consultant_wte':
      return ratio(w.count(['OP', 'OPPROC']), w.consultantWte());
    case 'bank_spend':
      return sum(w.spend('pay_bank'));
    case 'agency_spend':
      return sum(w.spend('pay_agency'));
  }
}

function valueOf(parts: readonly IndicatorParts[]): Decimal {
  const numerator = parts.reduce((s, p) => s.plus(p.numerator), new Exact(0));
  if (parts[0].denominator === null) return numerator;
  return numerator.div(parts.reduce((s, p) => s.plus(p.denominator!), new Exact(0)));
}

/** current / base − 1, or current − base for a share; empty where the base is zero (§12). */
export function indicatorChange(kind: ChangeKind, base: Decimal, current: Decimal): Decimal | null {
  if (base.isZero()) return null;
  return kind === 'points' ? current.minus(base) : current.div(base).minus(1);
}

interface TrustParts {
  base: IndicatorParts;
  current: IndicatorParts;
}

function windowsOf(period: string): Record<IndicatorWindow, { base: string[]; current: string[] }> {
  const ytd = YearToDate.of(period);
  const month = Month.parse(period);
  return {
    ytd: { base: ytd.base.map(String), current: ytd.current.map(String) },
    month: { base: [String(month.plus(-12))], current: [String(month)] },
  };
}

/**
 * Indicators of every trust with an estimate for the period, where it has the data the
 * indicator is built from in both windows (at least one row, a denominator above zero), and of
 * every group of them (national, peer group, region, sector) summed over the trusts with a row.
 * Only trusts with an estimate, as the aggregates of §4: the independent results leave out a
 * trust with MISSING_DATA even for a month-window share whose months it has.
 */
export function keyIndicators(period: string, estimates: readonly TrustEstimate[], sources: IndicatorSources): IndicatorRow[] {
  const windows = windowsOf(period);
  const valid = estimates.filter((e) => e.measures !== null).sort((a, b) => a.trust.orgCode.localeCompare(b.trust.orgCode));
  const parts = new Map<string, Map<KeyIndicator, TrustParts>>();
  for (const e of valid) {
    const org = e.trust.orgCode;
    const reads = {
      ytd: { base: new Window(sources, org, windows.ytd.base), current: new Window(sources, org, windows.ytd.current) },
      month: { base: new Window(sources, org, windows.month.base), current: new Window(sources, org, windows.month.current) },
    };
    const own = new Map<KeyIndicator, TrustParts>();
    for (const indicator of KEY_INDICATORS) {
      const w = reads[INDICATOR_WINDOWS[indicator]];
      const base = indicatorParts(indicator, w.base);
      const current = indicatorParts(indicator, w.current);
      if (base && current) own.set(indicator, { base, current });
    }
    parts.set(org, own);
  }
  const row = (level: IndicatorRow['level'], group: string, indicator: KeyIndicator, members: TrustParts[]): IndicatorRow => {
    const base = valueOf(members.map((m) => m.base));
    const current = valueOf(members.map((m) => m.current));
    const changeKind = changeKindOf(indicator);
    return { level, group, period, indicator, window: INDICATOR_WINDOWS[indicator], base, current, change: indicatorChange(changeKind, base, current), changeKind };
  };

  const rows: IndicatorRow[] = [];
  for (const e of valid) {
    for (const [indicator, own] of parts.get(e.trust.orgCode)!) rows.push(row('trust', e.trust.orgCode, indicator, [own]));
  }
  for (const level of AGGREGATE_LEVELS) {
    const groups = new Map<string, TrustEstimate[]>();
    for (const e of valid) {
      const name = groupOf(e.trust, level);
      const members = groups.get(name);
      if (members) members.push(e);
      else groups.set(name, [e]);
    }
    for (const group of [...groups.keys()].sort()) {
      for (const indicator of KEY_INDICATORS) {
        const members = groups.get(group)!.flatMap((e) => parts.get(e.trust.orgCode)!.get(indicator) ?? []);
        if (members.length) rows.push(row(level, group, indicator, members));
      }
    }
  }
  return rows;
}
