import { Month } from '@nhsp/domain';

/**
 * A level that grows at a rate set per financial year, continuously within the year, equal to 1
 * at the anchor (the middle of FY 2024/25, where the NCC 2023/24 volumes are placed). Years are
 * those the deflator series supports (FY 2015/16 to 2025/26); a month outside uses the nearest.
 */
export const FIRST_PATH_YEAR = 2015;
export const LAST_PATH_YEAR = 2025;
export const PATH_YEARS = LAST_PATH_YEAR - FIRST_PATH_YEAR + 1;
const ANCHOR_POSITION = 2024 - FIRST_PATH_YEAR + 0.5;
// Taken once: a global lookup per call is slow under Jest (see prng.ts).
const { exp, floor, min, max } = Math;

export class YearlyPath {
  private readonly logRates: Float64Array;
  /** Σ log(1 + rate) of the years before each year. */
  private readonly cumulative: Float64Array;
  private readonly anchor: number;

  /** `rate(startYear)` for every year of the span. */
  constructor(rate: (startYear: number) => number) {
    this.logRates = new Float64Array(PATH_YEARS);
    this.cumulative = new Float64Array(PATH_YEARS + 1);
    for (let i = 0; i < PATH_YEARS; i++) {
      this.logRates[i] = Math.log(1 + rate(FIRST_PATH_YEAR + i));
      this.cumulative[i + 1] = this.cumulative[i] + this.logRates[i];
    }
    this.anchor = this.logAt(ANCHOR_POSITION);
  }

  private logAt(position: number): number {
    const year = min(PATH_YEARS - 1, max(0, floor(position)));
    return this.cumulative[year] + (position - year) * this.logRates[year];
  }

  /** The level at the middle of the month. */
  at(month: Month): number {
    const position = startYearOf(month) - FIRST_PATH_YEAR + (month.monthOfYear - 0.5) / 12;
    return exp(this.logAt(position) - this.anchor);
  }
}

/** Index of a financial year in the per-year arrays of a trust model (clamped to the span). */
export function yearIndex(startYear: number): number {
  return Math.min(PATH_YEARS - 1, Math.max(0, startYear - FIRST_PATH_YEAR));
}

/** The month's financial year as a number (hot paths: no FinancialYear object). */
export function startYearOf(month: Month): number {
  return month.month >= 4 ? month.year : month.year - 1;
}
