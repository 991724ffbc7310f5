import Decimal from 'decimal.js';
import { Pod } from './codes';
import { DomainError } from './errors';

/**
 * The optional operational returns of the data contract (methodology §11–§12): their codes and
 * the records their readers produce. An unknown code is an error, never a zero.
 */

/** Staff groups of `workforce.csv`; a trust's total WTE is the sum over all of them. */
export const STAFF_GROUPS = [
  'consultant',
  'medical_other',
  'nursing',
  'ahp',
  'scientific',
  'ambulance_frontline',
  'talking_therapies',
  'support',
  'corporate',
  'other',
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

/** Mental health ward types: the dimension of `mh_admissions` and `mh_bed_days`. */
export const WARD_TYPES = [
  'adult_acute',
  'older_adult',
  'picu',
  'rehabilitation',
  'forensic',
  'cyp',
  'learning_disability',
  'eating_disorder',
  'perinatal',
] as const;
export type WardType = (typeof WARD_TYPES)[number];

/** Corporate functions: the dimension of `corporate_cost_gbp`. */
export const CORPORATE_FUNCTIONS = ['hr', 'procurement', 'it', 'finance'] as const;
export type CorporateFunction = (typeof CORPORATE_FUNCTIONS)[number];

/**
 * The measures of `operations.csv`, each with the dimension values it takes; `null` for a
 * measure whose dimension must be empty.
 */
export const OPERATIONS_MEASURES = {
  theatre_session_minutes: null,
  theatre_touch_minutes: null,
  community_admissions: null,
  community_bed_days: null,
  community_contacts: null,
  community_dna: null,
  mh_admissions: WARD_TYPES,
  mh_bed_days: WARD_TYPES,
  talking_therapies_contacts: null,
  talking_therapies_dna: null,
  ambulance_incidents: null,
  ambulance_conveyed_ed: null,
  ambulance_handovers: null,
  ambulance_handover_minutes_over_15: null,
  corporate_cost_gbp: CORPORATE_FUNCTIONS,
  estate_area_m2: null,
  electricity_kwh: null,
  gas_kwh: null,
  energy_cost_gbp: null,
  operating_income_gbp: null,
  general_supplies_cost_gbp: null,
} as const satisfies Record<string, readonly string[] | null>;
export type OperationsMeasure = keyof typeof OPERATIONS_MEASURES;
export const OPERATIONS_MEASURE_NAMES = Object.keys(OPERATIONS_MEASURES) as OperationsMeasure[];

/** Products of `medicines.csv`: the originator brand, or a generic or biosimilar alternative. */
export const MEDICINE_PRODUCTS = ['originator', 'generic', 'biosimilar'] as const;
export type MedicineProduct = (typeof MEDICINE_PRODUCTS)[number];

/** Unit costs the NCC schedule lacks, given in `unit_costs.csv`. */
export const UNIT_COST_NAMES = ['community_bed_day', 'ambulance_hour'] as const;
export type UnitCostName = (typeof UNIT_COST_NAMES)[number];

function oneOf<T extends string>(list: readonly T[], what: string) {
  return (value: string): T => {
    const code = value.trim().toLowerCase();
    if (!(list as readonly string[]).includes(code)) throw new DomainError(`unknown ${what} "${value}" (expected one of ${list.join(', ')})`);
    return code as T;
  };
}

export const parseStaffGroup = oneOf(STAFF_GROUPS, 'staff group');
export const parseOperationsMeasure = oneOf(OPERATIONS_MEASURE_NAMES, 'measure');
export const parseMedicineProduct = oneOf(MEDICINE_PRODUCTS, 'product');
export const parseUnitCostName = oneOf(UNIT_COST_NAMES, 'unit cost name');

/**
 * The dimension of a measure as submitted: empty for a measure without one, one of its values
 * for a measure with one. Returns '' for "no dimension".
 */
export function parseMeasureDimension(measure: OperationsMeasure, value: string): string {
  const allowed: readonly string[] | null = OPERATIONS_MEASURES[measure];
  const code = value.trim().toLowerCase();
  if (allowed === null) {
    if (code !== '') throw new DomainError(`${measure} has no dimension, but "${value}" is given (leave it empty)`);
    return '';
  }
  if (code === '') throw new DomainError(`${measure} needs a dimension (one of ${allowed.join(', ')})`);
  if (!allowed.includes(code)) throw new DomainError(`unknown dimension "${value}" of ${measure} (expected one of ${allowed.join(', ')})`);
  return code;
}

/** One row of `trust_costs.csv`: the trust's own National Cost Collection return for a financial year. */
export interface TrustCostRecord {
  orgCode: string;
  /** The financial year's first calendar year (2024 for 2024/25). */
  year: number;
  pod: Pod;
  currency: string;
  activity: Decimal;
  cost: Decimal;
}

/** Staff in post, `workforce.csv`. */
export interface WorkforceRecord {
  orgCode: string;
  month: string;
  staffGroup: StaffGroup;
  wte: Decimal;
}

/** One monthly operational count, `operations.csv`; `dimension` is '' for a measure without one. */
export interface OperationsRecord {
  orgCode: string;
  month: string;
  measure: OperationsMeasure;
  dimension: string;
  value: Decimal;
}

/** Medicines issued, `medicines.csv`; the molecule is held lower-case. */
export interface MedicineRecord {
  orgCode: string;
  month: string;
  molecule: string;
  product: MedicineProduct;
  quantity: Decimal;
  cost: Decimal;
}

/** A unit cost the schedule lacks, `unit_costs.csv`. */
export interface UnitCostRecord {
  name: UnitCostName;
  gbp: Decimal;
}

/** The data a category lacked: the file and the measures (or codes) it needed from it. */
export interface MissingData {
  file: string;
  items: string[];
}

/** `operations.csv: corporate_cost_gbp (hr), operating_income_gbp; finance.csv: pay_bank` */
export function formatMissing(missing: readonly MissingData[]): string {
  return missing.map((m) => `${m.file}: ${m.items.join(', ')}`).join('; ');
}
