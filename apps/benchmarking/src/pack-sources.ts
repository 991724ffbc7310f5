// The rows benchmarking reads from the other services' views, shaped as the methodology's inputs
// (BundleInputs, as `nhsp compute` builds them from a bundle's files). Numbers arrive as text and
// become Exact, so money never passes through a float. Pure: the repositories query.
import { Exact, MedicineProduct, MedicineRecord, OperationsMeasure, OperationsRecord, Pod, StaffGroup, UnitCostName, WorkforceRecord } from '@nhsp/domain';
import { ActivityIndex, DeflatorSeries, FinanceIndex, indexReturns, OperationalReturns, TrustCostsIndex } from '@nhsp/methodology';
import type { DeflatorYearText, ScheduleRowText } from './repositories/reference-set.repository';
import type { ActivityByPodText, FinanceText, MedicinesText, OperationsText, TrustCostText, WorkforceText } from './repositories/trust-data.repository';
import { activityRecordFromText, deflatorRecordFromText, financeRecordFromText, scheduleRowFromText } from '@nhsp/domain';

export function scheduleOf(rows: readonly ScheduleRowText[]) {
  return rows.map(scheduleRowFromText);
}

export function deflatorSeriesOf(name: string, years: readonly DeflatorYearText[]): DeflatorSeries {
  return new DeflatorSeries(name, years.map(deflatorRecordFromText));
}

/**
 * One cell per trust, month and POD: what the key indicators read of activity (spells,
 * attendances and bed days of a POD, and whether any row of it carries bed days) is the same as
 * from the currency rows, which they never tell apart.
 */
export function activityOf(rows: readonly ActivityByPodText[]): ActivityIndex {
  return ActivityIndex.from(rows.map(activityRecordFromText));
}

export function financeOf(rows: readonly FinanceText[]): FinanceIndex {
  return FinanceIndex.from(rows.map(financeRecordFromText));
}

export function trustCostsOf(rows: readonly TrustCostText[]): TrustCostsIndex {
  return TrustCostsIndex.from(
    rows.map((r) => ({ orgCode: r.org_code, year: Number(r.year), pod: r.pod as Pod, currency: r.currency, activity: new Exact(r.activity), cost: new Exact(r.cost_gbp) })),
  );
}

export interface ReturnRows {
  workforce: readonly WorkforceText[];
  operations: readonly OperationsText[];
  medicines: readonly MedicinesText[];
  unitCosts: ReadonlyArray<{ name: string; gbp: string }>;
}

export function returnsOf(rows: ReturnRows, trustCosts: TrustCostsIndex): OperationalReturns {
  return returnsOfRecords(
    { workforce: rows.workforce.map(workforceRecordOf), operations: rows.operations.map(operationsRecordOf), medicines: rows.medicines.map(medicineRecordOf) },
    rows.unitCosts,
    trustCosts,
  );
}

export function returnsOfRecords(
  records: { workforce: readonly WorkforceRecord[]; operations: readonly OperationsRecord[]; medicines: readonly MedicineRecord[] },
  unitCosts: ReadonlyArray<{ name: string; gbp: string }>,
  trustCosts: TrustCostsIndex,
): OperationalReturns {
  const returns = indexReturns({ ...records, unitCosts: unitCosts.map((r) => ({ name: r.name as UnitCostName, gbp: new Exact(r.gbp) })) });
  return { ...returns, trustCosts };
}

export function workforceRecordOf(r: WorkforceText): WorkforceRecord {
  return { orgCode: r.org_code, month: r.month, staffGroup: r.staff_group as StaffGroup, wte: new Exact(r.wte) };
}

export function operationsRecordOf(r: OperationsText): OperationsRecord {
  return { orgCode: r.org_code, month: r.month, measure: r.measure as OperationsMeasure, dimension: r.dimension, value: new Exact(r.value) };
}

export function medicineRecordOf(r: MedicinesText): MedicineRecord {
  return { orgCode: r.org_code, month: r.month, molecule: r.molecule, product: r.product as MedicineProduct, quantity: new Exact(r.quantity), cost: new Exact(r.cost_gbp) };
}
