import Decimal from 'decimal.js';
import { FinanceCategory, Pod } from './codes';

/** One aggregated activity count: `activity.csv` (or record-level activity aggregated). */
export interface ActivityRecord {
  orgCode: string;
  /** Calendar month `YYYY-MM`. */
  month: string;
  pod: Pod;
  /** NCC currency code, trimmed and upper-case. */
  currency: string;
  count: number;
  /** Σ length of stay in days, where supplied. */
  bedDays: number | null;
}

/** One line of the provider financial return: `finance.csv`. */
export interface FinanceRecord {
  orgCode: string;
  month: string;
  category: FinanceCategory;
  /** Nominal pounds, exact; may be negative for credits. */
  amount: Decimal;
}

/** One row of an NCC national schedule, in its published layout (codes trimmed). */
export interface NccScheduleRow {
  serviceCode: string;
  currency: string;
  description: string;
  activity: Decimal | null;
  unitCost: Decimal | null;
  cost: Decimal | null;
}

/** One year of an inflation series, as fractions (4.79% = 0.0479). Calendar year Y stands for FY Y/Y+1. */
export interface DeflatorRecord {
  year: number;
  prices: Decimal;
  pay: Decimal;
  payAndPrices: Decimal | null;
}
