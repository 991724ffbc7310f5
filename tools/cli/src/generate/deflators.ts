import { DeflatorYear, ReferenceData } from './reference';

/**
 * The published NHS Cost Inflation Index stops at 2023 (FY 2023/24). These two years are
 * illustrative, not published figures: pay follows the Agenda for Change awards (5.5% for
 * 2024/25, 3.6% for 2025/26), prices a CPI-like path, and pay & prices weighs them 64:36 as the
 * published 2023 row does. The bundle README says so.
 */
export const ILLUSTRATIVE_DEFLATORS: Omit<DeflatorYear, 'rawLine'>[] = [
  { year: 2024, prices: 0.025, pay: 0.055, payAndPrices: 0.0442 },
  { year: 2025, prices: 0.021, pay: 0.036, payAndPrices: 0.0306 },
];

/** The NCC schedule's prices are FY 2023/24's: activity × weight is spend at those prices. */
export const SCHEDULE_PRICE_YEAR = 2023;

const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

export interface DeflatorSeries {
  years: DeflatorYear[];
  illustrativeYears: number[];
  text: string;
}

export function deflatorSeries(reference: ReferenceData): DeflatorSeries {
  const published = reference.deflators.filter((d) => !ILLUSTRATIVE_DEFLATORS.some((i) => i.year === d.year));
  const illustrative = ILLUSTRATIVE_DEFLATORS.map((d) => ({
    ...d,
    rawLine: `${d.year},${percent(d.prices)},${percent(d.pay)},${percent(d.payAndPrices)}\n`,
  }));
  const years = [...published, ...illustrative].sort((a, b) => a.year - b.year);
  return {
    years,
    illustrativeYears: illustrative.map((d) => d.year),
    text: reference.deflatorsHeaderLine + years.map((d) => d.rawLine).join(''),
  };
}

/**
 * Price level of FY `startYear` relative to FY 2023/24 for pay or for everything else, chained
 * from the series exactly as the methodology deflates it (calendar year Y is FY Y/Y+1).
 */
export function priceIndex(series: DeflatorSeries, kind: 'pay' | 'prices', startYear: number): number {
  const rate = (year: number) => {
    const entry = series.years.find((d) => d.year === year);
    if (!entry) throw new Error(`no deflator for ${year} (FY ${year}/${String((year + 1) % 100).padStart(2, '0')})`);
    return kind === 'pay' ? entry.pay : entry.prices;
  };
  let index = 1;
  for (let year = SCHEDULE_PRICE_YEAR + 1; year <= startYear; year++) index *= 1 + rate(year);
  for (let year = startYear + 1; year <= SCHEDULE_PRICE_YEAR; year++) index /= 1 + rate(year);
  return index;
}
