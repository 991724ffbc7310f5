/**
 * The codes of the data contract's optional returns, as the generator writes them: the domain's
 * lists (data-contract.md, "Optional operational returns"), which the readers parse with, so the
 * generator cannot drift from the contract; the spec checks the generated files against them.
 */
import { CORPORATE_FUNCTIONS, MEDICINE_PRODUCTS, MedicineProduct, OPERATIONS_MEASURES, STAFF_GROUPS, WARD_TYPES } from '@nhsp/domain';

export { CORPORATE_FUNCTIONS, STAFF_GROUPS, WARD_TYPES };
export type { CorporateFunction, StaffGroup, WardType } from '@nhsp/domain';

export const PRODUCTS = MEDICINE_PRODUCTS;
export type Product = MedicineProduct;

/** Each measure of `operations.csv` with the dimension values it takes (empty: no dimension). */
export const MEASURES: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(OPERATIONS_MEASURES).map(([measure, dimensions]) => [measure, dimensions ?? []]),
);

/** `unit_costs.csv`: the unit costs the NCC schedule lacks (illustrative, FY 2024/25 prices). */
export const UNIT_COSTS = { community_bed_day: '398.00', ambulance_hour: '192.00' } as const;

export const RETURN_FILES = ['trust_costs.csv', 'workforce.csv', 'operations.csv', 'medicines.csv', 'unit_costs.csv'] as const;
