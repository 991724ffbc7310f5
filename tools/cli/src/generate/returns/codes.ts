/**
 * The codes of the data contract's optional returns, as the generator writes them. They are the
 * contract's lists (data-contract.md, "Optional operational returns"); the spec checks the
 * generated files against them.
 */
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

export const CORPORATE_FUNCTIONS = ['hr', 'procurement', 'it', 'finance'] as const;
export type CorporateFunction = (typeof CORPORATE_FUNCTIONS)[number];

export const PRODUCTS = ['originator', 'generic', 'biosimilar'] as const;
export type Product = (typeof PRODUCTS)[number];

/** Each measure of `operations.csv` with the dimension values it takes (empty: no dimension). */
export const MEASURES: Record<string, readonly string[]> = {
  theatre_session_minutes: [],
  theatre_touch_minutes: [],
  community_admissions: [],
  community_bed_days: [],
  community_contacts: [],
  community_dna: [],
  mh_admissions: WARD_TYPES,
  mh_bed_days: WARD_TYPES,
  talking_therapies_contacts: [],
  talking_therapies_dna: [],
  ambulance_incidents: [],
  ambulance_conveyed_ed: [],
  ambulance_handovers: [],
  ambulance_handover_minutes_over_15: [],
  corporate_cost_gbp: CORPORATE_FUNCTIONS,
  estate_area_m2: [],
  electricity_kwh: [],
  gas_kwh: [],
  energy_cost_gbp: [],
  operating_income_gbp: [],
  general_supplies_cost_gbp: [],
};

/** `unit_costs.csv`: the unit costs the NCC schedule lacks (illustrative, FY 2024/25 prices). */
export const UNIT_COSTS = { community_bed_day: '398.00', ambulance_hour: '192.00' } as const;

export const RETURN_FILES = ['trust_costs.csv', 'workforce.csv', 'operations.csv', 'medicines.csv', 'unit_costs.csv'] as const;
