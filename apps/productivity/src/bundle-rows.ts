// A run's inputs as the views return them: plain objects of strings and numbers, so they can be
// posted to a worker thread (structured clone keeps no Decimal or Map, nor any class). The
// methodology's indexes are rebuilt from them on whichever thread computes, by the one function
// below, so a run and its sensitivity read the same figures. No I/O and no framework here: the
// sensitivity worker thread loads this file.
import { activityRecordFromText, DeflatorYearText, deflatorRecordFromText, financeRecordFromText, ScheduleRowText, scheduleRowFromText, Trust } from '@nhsp/domain';
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

/** The views' text rows of the reference sets: @nhsp/domain reads them into records. */
export type ScheduleRow = ScheduleRowText;
export type DeflatorYearRow = DeflatorYearText;

/** Everything `BundleInputs` holds, in the views' own columns; numeric columns as text. */
export interface BundleRows {
  trusts: Trust[];
  activity: ActivityRow[];
  finance: FinanceRow[];
  schedule: ScheduleRow[];
  deflators: { name: string; years: DeflatorYearRow[] };
}

/** Activity and finance rows indexed as the methodology reads them: counts as numbers, money as Exact, duplicate keys summed. */
export function indexesFromRows(rows: Pick<BundleRows, 'activity' | 'finance'>): { activity: ActivityIndex; finance: FinanceIndex } {
  const activity = new ActivityIndex();
  for (const r of rows.activity) activity.add(activityRecordFromText(r));
  const finance = new FinanceIndex();
  for (const r of rows.finance) finance.add(financeRecordFromText(r));
  return { activity, finance };
}

/** The methodology's view of the rows: counts as numbers, money and weights as Exact, duplicate keys summed. */
export function bundleFromRows(rows: BundleRows): BundleInputs {
  const { activity, finance } = indexesFromRows(rows);
  const schedule = rows.schedule.map(scheduleRowFromText);
  const years = rows.deflators.years.map(deflatorRecordFromText);
  return { trusts: rows.trusts, activity, finance, schedule, deflators: new DeflatorSeries(rows.deflators.name, years) };
}
