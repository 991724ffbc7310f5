import Decimal from 'decimal.js';
import { FinanceCategory, Pod } from './codes';
import { Exact } from './money';

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

/**
 * An NCC schedule row as the services' views return it (cost_weights.v_schedule_rows): numeric
 * columns as text, so that money and weights never pass through a float.
 */
export interface ScheduleRowText {
  service_code: string;
  currency: string;
  description: string | null;
  activity: string | null;
  unit_cost: string | null;
  cost: string | null;
}

/** A deflator year as the services' views return it (deflators.v_deflator_years), numbers as text. */
export interface DeflatorYearText {
  year: number | string;
  prices: string;
  pay: string;
  pay_and_prices: string | null;
}

const exactOrNull = (value: string | null): Decimal | null => (value === null ? null : new Exact(value));

export function scheduleRowFromText(r: ScheduleRowText): NccScheduleRow {
  return {
    serviceCode: r.service_code,
    currency: r.currency,
    description: r.description ?? '',
    activity: exactOrNull(r.activity),
    unitCost: exactOrNull(r.unit_cost),
    cost: exactOrNull(r.cost),
  };
}

export function deflatorRecordFromText(r: DeflatorYearText): DeflatorRecord {
  return {
    year: Number(r.year),
    prices: new Exact(String(r.prices)),
    pay: new Exact(String(r.pay)),
    payAndPrices: r.pay_and_prices === null ? null : new Exact(String(r.pay_and_prices)),
  };
}

/**
 * An activity row as the services' views return it (ingestion.v_current_activity; benchmarking's
 * activity by POD has no currency), numbers as text.
 */
export interface ActivityRowText {
  org_code: string;
  month: string;
  pod: string;
  currency?: string;
  count: string;
  bed_days: string | null;
}

/** A finance row as the services' views return it (ingestion.v_current_finance), money as text. */
export interface FinanceRowText {
  org_code: string;
  month: string;
  category: string;
  amount_gbp: string;
}

/** A row of activity by POD carries no currency: its record's currency is ''. */
export function activityRecordFromText(r: ActivityRowText): ActivityRecord {
  return { orgCode: r.org_code, month: r.month, pod: r.pod as Pod, currency: r.currency ?? '', count: Number(r.count), bedDays: r.bed_days === null ? null : Number(r.bed_days) };
}

export function financeRecordFromText(r: FinanceRowText): FinanceRecord {
  return { orgCode: r.org_code, month: r.month, category: r.category as FinanceCategory, amount: new Exact(r.amount_gbp) };
}
