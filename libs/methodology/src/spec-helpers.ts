import { ActivityRecord, DeflatorRecord, Exact, FinanceRecord, NccScheduleRow, Trust } from '@nhsp/domain';
import { ActivityIndex, FinanceIndex } from './inputs';
import { DeflatorSeries } from './deflation';
import { BundleInputs } from './compute';

/** Small hand-made bundles for the methodology's own tests (pure data, no files). */
export function scheduleRow(serviceCode: string, currency: string, activity: number | string | null, cost: number | string | null): NccScheduleRow {
  return {
    serviceCode,
    currency,
    description: currency,
    activity: activity === null ? null : new Exact(activity),
    unitCost: null,
    cost: cost === null ? null : new Exact(cost),
  };
}

/** The three Ambulance rows of the real 2023/24 schedule used by methodology.md's worked check. */
export const AMBULANCE_ROWS: NccScheduleRow[] = [
  scheduleRow('Ambulance', '01', 1147817, '75251062.92'),
  scheduleRow('Ambulance', '02', 2659366, '869580307.9'),
  scheduleRow('Ambulance', '03', 4858582, '2228782763'),
];

export function trust(orgCode: string, overrides: Partial<Trust> = {}): Trust {
  return { orgCode, name: `${orgCode} TRUST`, region: 'London', trustType: 'Acute trust', peerGroup: 'Acute - Large', sector: 'acute', ...overrides };
}

export function deflatorSeries(rows: [year: number, prices: string, pay: string][]): DeflatorSeries {
  const records: DeflatorRecord[] = rows.map(([year, prices, pay]) => ({ year, prices: new Exact(prices), pay: new Exact(pay), payAndPrices: null }));
  return new DeflatorSeries('test-series', records);
}

export function bundle(parts: {
  trusts: Trust[];
  activity: ActivityRecord[];
  finance: FinanceRecord[];
  schedule: NccScheduleRow[];
  deflators: DeflatorSeries;
}): BundleInputs {
  return { ...parts, activity: ActivityIndex.from(parts.activity), finance: FinanceIndex.from(parts.finance) };
}

export function activity(orgCode: string, month: string, pod: ActivityRecord['pod'], currency: string, count: number): ActivityRecord {
  return { orgCode, month, pod, currency, count, bedDays: null };
}

export function finance(orgCode: string, month: string, category: FinanceRecord['category'], amount: string | number): FinanceRecord {
  return { orgCode, month, category, amount: new Exact(amount) };
}
