// Each month's trust data parsed once per process, for the packs and indicators of every run that
// reads it. A whole-history recompute benchmarks up to 84 runs, each reading 24 months of every
// trust's activity, finance, workforce, operations and medicines: read and parsed per run, the
// same months went through PostgreSQL, the pg parser and decimal.js again and again (a profile of
// 24 periods: the largest part of benchmarking's time). A month is held by its identity - the
// current submissions and monthly returns that make its rows (org, kind, batch, sha256), read in
// the same snapshot as any rows read - so a held month is exactly the rows the views would give.
// A month without an identity (no submissions, or a stand-in without ingestion's submissions
// view) is always read. Records are immutable once made, so runs share them without copying.
import { Injectable } from '@nestjs/common';
import { ActivityRecord, activityRecordFromText, FinanceRecord, financeRecordFromText, MedicineRecord, OperationsRecord, WorkforceRecord } from '@nhsp/domain';
import { medicineRecordOf, operationsRecordOf, workforceRecordOf } from './pack-sources';
import { TrustDataRepository } from './repositories/trust-data.repository';

export interface MonthData {
  activity: ActivityRecord[];
  finance: FinanceRecord[];
  workforce: WorkforceRecord[];
  operations: OperationsRecord[];
  medicines: MedicineRecord[];
}

/** A period reads 24 months; a recompute walks the periods in order. */
export const MONTHS_HELD = 36;

@Injectable()
export class MonthDataCache {
  /** By month and identity, the least recently used dropped first. */
  private readonly held = new Map<string, MonthData>();

  constructor(private readonly trustData: TrustDataRepository) {}

  async months(months: readonly string[]): Promise<Map<string, MonthData>> {
    const out = new Map<string, MonthData>();
    const { identities, rows } = await this.trustData.monthsInOneSnapshot(months, (ids) =>
      months.filter((month) => {
        const identity = ids.get(month);
        const data = identity ? this.held.get(`${month}\n${identity}`) : undefined;
        if (!data) return true;
        // Used again: to the back of the queue.
        this.held.delete(`${month}\n${identity}`);
        this.held.set(`${month}\n${identity}`, data);
        out.set(month, data);
        return false;
      }),
    );
    const read = new Map<string, MonthData>();
    const of = (month: string): MonthData => {
      let data = read.get(month);
      if (!data) read.set(month, (data = { activity: [], finance: [], workforce: [], operations: [], medicines: [] }));
      return data;
    };
    for (const r of rows.activity) of(r.month).activity.push(activityRecordFromText(r));
    for (const r of rows.finance) of(r.month).finance.push(financeRecordFromText(r));
    for (const r of rows.workforce) of(r.month).workforce.push(workforceRecordOf(r));
    for (const r of rows.operations) of(r.month).operations.push(operationsRecordOf(r));
    for (const r of rows.medicines) of(r.month).medicines.push(medicineRecordOf(r));
    for (const month of months) {
      if (out.has(month)) continue;
      const data = of(month);
      out.set(month, data);
      const identity = identities.get(month);
      if (!identity) continue;
      this.held.set(`${month}\n${identity}`, data);
      while (this.held.size > MONTHS_HELD) this.held.delete(this.held.keys().next().value!);
    }
    return out;
  }
}
