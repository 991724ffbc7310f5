// A run's inputs as the views return them: plain objects of strings and numbers, so they can be
// posted to a worker thread (structured clone keeps no Decimal or Map, nor any class). The
// methodology's indexes are rebuilt from them on whichever thread computes, by the one function
// below, so a run and its sensitivity read the same figures. No I/O and no framework here: the
// sensitivity worker thread loads this file.
import { Exact, FinanceCategory, Pod, Trust } from '@nhsp/domain';
import { ActivityIndex, BundleInputs, DeflatorSeries, FinanceIndex } from '@nhsp/methodology';

export interface ActivityRow {
  org_code: string;
  month: string;
  pod: string;
  currency: string;
  count: string;
  bed_days: string | null;
}

export interface FinanceRow {
  org_code: string;
  month: string;
  category: string;
  amount_gbp: string;
}

export interface ScheduleRow {
  service_code: string;
  currency: string;
  description: string | null;
  activity: string | null;
  unit_cost: string | null;
  cost: string | null;
}

export interface DeflatorYearRow {
  year: number | string;
  prices: string;
  pay: string;
  pay_and_prices: string | null;
}

/** Everything `BundleInputs` holds, in the views' own columns; numeric columns as text. */
export interface BundleRows {
  trusts: Trust[];
  activity: ActivityRow[];
  finance: FinanceRow[];
  schedule: ScheduleRow[];
  deflators: { name: string; years: DeflatorYearRow[] };
}

const exactOrNull = (v: string | null) => (v === null ? null : new Exact(v));

/** Activity and finance rows indexed as the methodology reads them: counts as numbers, money as Exact, duplicate keys summed. */
export function indexesFromRows(rows: Pick<BundleRows, 'activity' | 'finance'>): { activity: ActivityIndex; finance: FinanceIndex } {
  const activity = new ActivityIndex();
  for (const r of rows.activity) {
    activity.add({
      orgCode: r.org_code,
      month: r.month,
      pod: r.pod as Pod,
      currency: r.currency,
      count: Number(r.count),
      bedDays: r.bed_days === null ? null : Number(r.bed_days),
    });
  }
  const finance = new FinanceIndex();
  for (const r of rows.finance) {
    finance.add({ orgCode: r.org_code, month: r.month, category: r.category as FinanceCategory, amount: new Exact(r.amount_gbp) });
  }
  return { activity, finance };
}

/** The methodology's view of the rows: counts as numbers, money and weights as Exact, duplicate keys summed. */
export function bundleFromRows(rows: BundleRows): BundleInputs {
  const { activity, finance } = indexesFromRows(rows);
  const schedule = rows.schedule.map((r) => ({
    serviceCode: r.service_code,
    currency: r.currency,
    description: r.description ?? '',
    activity: exactOrNull(r.activity),
    unitCost: exactOrNull(r.unit_cost),
    cost: exactOrNull(r.cost),
  }));
  const years = rows.deflators.years.map((r) => ({
    year: Number(r.year),
    prices: new Exact(String(r.prices)),
    pay: new Exact(String(r.pay)),
    payAndPrices: r.pay_and_prices === null ? null : new Exact(String(r.pay_and_prices)),
  }));
  return { trusts: rows.trusts, activity, finance, schedule, deflators: new DeflatorSeries(rows.deflators.name, years) };
}
