import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { FinancialYear, isPayCategory, Month, parseFinanceCategory, parsePod, Pod, YearToDate } from '@nhsp/domain';
import { DEFAULT_EXCLUDED_CATEGORIES } from '@nhsp/methodology';
import { ReferenceData } from './reference';

/**
 * Reads a generated bundle the way the data contract describes (codes trimmed and upper-cased,
 * rows with the same key summed) and measures it with a plain rendering of the methodology
 * (no setting equalisation), so the specs can check what was planted without the platform.
 */
export interface ActivityTotals {
  count: number;
  bedDays: number;
}

export interface ActivityRow extends ActivityTotals {
  month: string;
  pod: Pod;
  currency: string;
}

export interface ReadBundle {
  /** `org|month|pod|currency` → summed count and bed days. */
  activity: Map<string, ActivityTotals>;
  /** `org|month|category` → summed pence. */
  finance: Map<string, number>;
  /** The same, indexed by trust. */
  activityByOrg: Map<string, ActivityRow[]>;
  financeByOrg: Map<string, { month: string; category: string; pence: number }[]>;
  deflators: Map<number, { prices: number; pay: number }>;
}

function byOrg<T>(entries: Iterable<[string, T]>, row: (parts: string[], value: T) => object) {
  const index = new Map<string, never[]>();
  for (const [key, value] of entries) {
    const parts = key.split('|');
    const list = index.get(parts[0]) ?? [];
    list.push(row(parts, value) as never);
    index.set(parts[0], list);
  }
  return index;
}

export function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

export const activityKey = (org: string, month: string, pod: string, currency: string) =>
  `${org.trim().toUpperCase()}|${month.trim()}|${parsePod(pod)}|${currency.trim().toUpperCase()}`;

export function addActivity(map: Map<string, ActivityTotals>, key: string, count: number, bedDays: number): void {
  const totals = map.get(key) ?? { count: 0, bedDays: 0 };
  totals.count += count;
  totals.bedDays += bedDays;
  map.set(key, totals);
}

const pence = (amount: string) => {
  const [whole, fraction = ''] = amount.trim().replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return amount.trim().startsWith('-') ? -value : value;
};

export function readAggregatedActivity(dir: string): Map<string, ActivityTotals> {
  const activity = new Map<string, ActivityTotals>();
  for (const row of readCsv(join(dir, 'activity.csv'))) {
    addActivity(activity, activityKey(row.org_code, row.month, row.pod, row.currency), Number(row.count), Number(row.bed_days || 0));
  }
  return activity;
}

export function readBundle(dir: string): ReadBundle {
  const finance = new Map<string, number>();
  for (const row of readCsv(join(dir, 'finance.csv'))) {
    const key = `${row.org_code.trim().toUpperCase()}|${row.month.trim()}|${parseFinanceCategory(row.category)}`;
    finance.set(key, (finance.get(key) ?? 0) + pence(row.amount_gbp));
  }
  const deflators = new Map<number, { prices: number; pay: number }>();
  for (const row of readCsv(join(dir, 'deflators.csv'))) {
    deflators.set(Number(row.year), { prices: parseFloat(row.prices) / 100, pay: parseFloat(row.pay) / 100 });
  }
  const activity = readAggregatedActivity(dir);
  return {
    activity,
    finance,
    activityByOrg: byOrg(activity, ([, month, pod, currency], totals) => ({ month, pod, currency, ...totals })),
    financeByOrg: byOrg(finance, ([, month, category], pence) => ({ month, category, pence })),
    deflators,
  };
}

export interface TrustMeasure {
  cwaBase: number;
  cwaCurrent: number;
  /** CWA from fallback weights over both periods. */
  fallbackCwa: number;
  podCwaBase: Map<Pod, number>;
  podCwaCurrent: Map<Pod, number>;
  realBase: number;
  realCurrent: number;
  outputGrowth: number;
  inputGrowth: number;
  productivityGrowth: number;
  /** Months of either period with no activity rows. */
  monthsWithoutActivity: string[];
}

const EXCLUDED = new Set<string>(DEFAULT_EXCLUDED_CATEGORIES);

export function measureTrust(bundle: ReadBundle, reference: ReferenceData, orgCode: string, period: string): TrustMeasure {
  const ytd = YearToDate.of(period);
  const weight = (pod: Pod, currency: string) => {
    const known = reference.currenciesByPod.get(pod)?.find((c) => c.currency === currency);
    return known ? { value: known.unitCost, fallback: false } : { value: reference.podMeanUnitCost.get(pod)!, fallback: true };
  };
  const base = new Set(ytd.base.map(String));
  const current = new Set(ytd.current.map(String));
  const podCwaBase = new Map<Pod, number>();
  const podCwaCurrent = new Map<Pod, number>();
  const monthsWithActivity = new Set<string>();
  let fallbackCwa = 0;
  for (const { month, pod, currency, count } of bundle.activityByOrg.get(orgCode) ?? []) {
    if (!(base.has(month) || current.has(month))) continue;
    monthsWithActivity.add(month);
    const w = weight(pod, currency);
    const cwa = count * w.value;
    if (w.fallback) fallbackCwa += cwa;
    const target = base.has(month) ? podCwaBase : podCwaCurrent;
    target.set(pod, (target.get(pod) ?? 0) + cwa);
  }
  const fy: FinancialYear = ytd.financialYear;
  const rate = bundle.deflators.get(fy.startYear)!;
  let realBase = 0;
  let realCurrent = 0;
  for (const { month, category, pence } of bundle.financeByOrg.get(orgCode) ?? []) {
    if (EXCLUDED.has(category)) continue;
    const pounds = pence / 100;
    if (base.has(month)) realBase += pounds;
    if (current.has(month)) realCurrent += pounds / (1 + (isPayCategory(parseFinanceCategory(category)) ? rate.pay : rate.prices));
  }
  const sum = (m: Map<Pod, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const cwaBase = sum(podCwaBase);
  const cwaCurrent = sum(podCwaCurrent);
  const outputGrowth = cwaCurrent / cwaBase - 1;
  const inputGrowth = realCurrent / realBase - 1;
  return {
    cwaBase,
    cwaCurrent,
    fallbackCwa,
    podCwaBase,
    podCwaCurrent,
    realBase,
    realCurrent,
    outputGrowth,
    inputGrowth,
    productivityGrowth: (1 + outputGrowth) / (1 + inputGrowth) - 1,
    monthsWithoutActivity: [...ytd.base, ...ytd.current].map(String).filter((m) => !monthsWithActivity.has(m)),
  };
}

/** Change in a POD's share of CWA, current against base, in points (0.05 = 5 points). */
export function shareShift(measure: TrustMeasure, pod: Pod): number {
  const share = (m: Map<Pod, number>, total: number) => (m.get(pod) ?? 0) / total;
  return share(measure.podCwaCurrent, measure.cwaCurrent) - share(measure.podCwaBase, measure.cwaBase);
}

export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = Month.parse(from); m.compare(Month.parse(to)) <= 0; m = m.plus(1)) months.push(String(m));
  return months;
}
