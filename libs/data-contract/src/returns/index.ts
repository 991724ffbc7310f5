import { MedicineRecord, OperationsRecord, TrustCostRecord, UnitCostRecord, WorkforceRecord } from '@nhsp/domain';
import { ReadResult } from '../csv/reader';

export { nonNegativeDecimal, molecule } from './cells';
export * from './trust-costs';
export * from './workforce';
export * from './operations';
export * from './medicines';
export * from './unit-costs';

/** The optional operational returns of a bundle (methodology §11–§12), by contract file name. */
export const RETURN_FILES = {
  trustCosts: 'trust_costs.csv',
  workforce: 'workforce.csv',
  operations: 'operations.csv',
  medicines: 'medicines.csv',
  unitCosts: 'unit_costs.csv',
} as const;

/** What a bundle holds of the optional returns; a file the bundle does not hold is null. */
export interface BundleReturns {
  trustCosts: ReadResult<TrustCostRecord> | null;
  workforce: ReadResult<WorkforceRecord> | null;
  operations: ReadResult<OperationsRecord> | null;
  medicines: ReadResult<MedicineRecord> | null;
  unitCosts: ReadResult<UnitCostRecord> | null;
}
