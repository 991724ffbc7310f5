import Decimal from 'decimal.js';
import { Exact, FinanceCategory, Pod } from '@nhsp/domain';
import { AGGREGATE_LEVELS, AggregateLevel, groupOf } from './aggregates';
import { TrustEstimate } from './estimate';

/**
 * Key operational indicators (board paper Table 1), year-to-date against the same months last
 * year, where the data carries them. Each indicator is a ratio of sums, so trusts and groups
 * aggregate by summing numerators and denominators.
 *
 * Read from the PODs: non-elective "overnight" spells are NEL_LS (the NCC short stay currency
 * covers zero and one-day stays), so the 1+ day LOS is NEL_LS bed days per NEL_LS spell; the
 * elective ordinary LOS is EL bed days per EL spell; same-day elective share is DC / (DC + EL).
 */
export const KEY_INDICATORS = [
  'non_elective_bed_days',
  'non_elective_overnight_spells',
  'non_elective_los_1plus',
  'elective_ordinary_los',
  'same_day_elective_share',
  'bank_spend',
  'agency_spend',
] as const;
export type KeyIndicator = (typeof KEY_INDICATORS)[number];

interface Parts {
  numerator: Decimal;
  denominator: Decimal | null;
}
type Period = 'base' | 'current';

export interface IndicatorValue {
  indicator: KeyIndicator;
  base: Decimal | null;
  current: Decimal | null;
  /** current / base − 1; empty where either side is missing or the base is zero. */
  change: Decimal | null;
}

export interface IndicatorRow extends IndicatorValue {
  level: AggregateLevel | 'trust';
  group: string;
  period: string;
}

const zero = () => new Exact(0);

function pods(e: TrustEstimate, wanted: readonly Pod[], period: Period, field: 'count' | 'bedDays'): Decimal | null {
  const rows = e.byPod.filter((p) => wanted.includes(p.pod));
  if (field === 'bedDays') {
    const values = rows.map((p) => (period === 'base' ? p.bedDaysBase : p.bedDaysCurrent)).filter((v): v is number => v !== null);
    return values.length ? new Exact(values.reduce((a, b) => a + b, 0)) : null;
  }
  return new Exact(rows.reduce((a, p) => a + (period === 'base' ? p.countBase : p.countCurrent), 0));
}

function spend(e: TrustEstimate, category: FinanceCategory, period: Period): Decimal {
  const c = e.byCategory.find((x) => x.category === category);
  return c ? (period === 'base' ? c.nominalBase : c.nominalCurrent) : zero();
}

function parts(e: TrustEstimate, indicator: KeyIndicator, period: Period): Parts | null {
  const total = (numerator: Decimal | null) => (numerator === null ? null : { numerator, denominator: null });
  const ratio = (numerator: Decimal | null, denominator: Decimal | null) => (numerator === null || denominator === null ? null : { numerator, denominator });
  switch (indicator) {
    case 'non_elective_bed_days':
      return total(pods(e, ['NEL_LS', 'NEL_SS'], period, 'bedDays'));
    case 'non_elective_overnight_spells':
      return total(pods(e, ['NEL_LS'], period, 'count'));
    case 'non_elective_los_1plus':
      return ratio(pods(e, ['NEL_LS'], period, 'bedDays'), pods(e, ['NEL_LS'], period, 'count'));
    case 'elective_ordinary_los':
      return ratio(pods(e, ['EL'], period, 'bedDays'), pods(e, ['EL'], period, 'count'));
    case 'same_day_elective_share':
      return ratio(pods(e, ['DC'], period, 'count'), pods(e, ['DC', 'EL'], period, 'count'));
    case 'bank_spend':
      return total(spend(e, 'pay_bank', period));
    case 'agency_spend':
      return total(spend(e, 'pay_agency', period));
  }
}

function value(list: (Parts | null)[]): Decimal | null {
  const present = list.filter((p): p is Parts => p !== null);
  if (!present.length) return null;
  const numerator = present.reduce((s, p) => s.plus(p.numerator), zero());
  if (present[0].denominator === null) return numerator;
  const denominator = present.reduce((s, p) => s.plus(p.denominator ?? 0), zero());
  return denominator.isZero() ? null : numerator.div(denominator);
}

function indicatorValue(indicator: KeyIndicator, estimates: readonly TrustEstimate[]): IndicatorValue {
  const base = value(estimates.map((e) => parts(e, indicator, 'base')));
  const current = value(estimates.map((e) => parts(e, indicator, 'current')));
  const change = base && current && !base.isZero() ? current.div(base).minus(1) : null;
  return { indicator, base, current, change };
}

/** Indicators per trust with an estimate and per group at every aggregate level. */
export function keyIndicators(period: string, estimates: readonly TrustEstimate[]): IndicatorRow[] {
  const valid = estimates.filter((e) => e.measures !== null);
  const rows: IndicatorRow[] = [];
  for (const e of valid) {
    for (const indicator of KEY_INDICATORS) rows.push({ level: 'trust', group: e.trust.orgCode, period, ...indicatorValue(indicator, [e]) });
  }
  for (const level of AGGREGATE_LEVELS) {
    const groups = new Map<string, TrustEstimate[]>();
    for (const e of valid) groups.set(groupOf(e.trust, level), [...(groups.get(groupOf(e.trust, level)) ?? []), e]);
    for (const group of [...groups.keys()].sort()) {
      for (const indicator of KEY_INDICATORS) rows.push({ level, group, period, ...indicatorValue(indicator, groups.get(group)!) });
    }
  }
  return rows;
}
