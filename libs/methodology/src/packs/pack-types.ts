import Decimal from 'decimal.js';
import { MissingData, Sector } from '@nhsp/domain';

/** The categories of methodology §11 (board paper Table 2), in the order of its table. */
export const PACK_METRICS = [
  'cost_index',
  'cost_index_detail',
  'temporary_staffing',
  'corporate',
  'estates_energy',
  'general_supplies_share',
  'clinical_supplies',
  'medicines_switch',
  'community_los',
  'community_dna',
  'mh_los',
  'talking_therapies_dna',
  'talking_therapies_contacts_per_wte',
  'ambulance_handover',
  'ambulance_conveyance',
  'ambulance_incidents_per_wte',
] as const;
export type PackMetric = (typeof PACK_METRICS)[number];

/** The unit of an opportunity given in something other than pounds (data contract, `unit`). */
export type OpportunityUnit = 'bed_days' | 'contacts' | 'kwh' | 'hours' | 'conveyances' | 'wte_months';

/**
 * How Table 2 groups the categories, in its order; a sector's pack shows the sections that have
 * a category of that sector.
 */
export const PACK_SECTIONS: readonly { title: string; metrics: readonly PackMetric[] }[] = [
  { title: 'Cost by service line (casemix-adjusted, 1 = national average cost)', metrics: ['cost_index', 'cost_index_detail'] },
  { title: 'Temporary staffing', metrics: ['temporary_staffing'] },
  { title: 'Corporate services', metrics: ['corporate'] },
  { title: 'Estates and procurement', metrics: ['estates_energy', 'general_supplies_share', 'clinical_supplies'] },
  { title: 'Medicines', metrics: ['medicines_switch'] },
  { title: 'Community services', metrics: ['community_los', 'community_dna'] },
  { title: 'Mental health and NHS Talking Therapies', metrics: ['mh_los', 'talking_therapies_dna', 'talking_therapies_contacts_per_wte'] },
  { title: 'Ambulance', metrics: ['ambulance_handover', 'ambulance_conveyance', 'ambulance_incidents_per_wte'] },
];

const ALL: readonly Sector[] = ['acute', 'mental_health', 'community', 'ambulance'];

/** The sectors whose packs carry each category (methodology §11, first column). */
export const METRIC_SECTORS: Record<PackMetric, readonly Sector[]> = {
  cost_index: ['acute'],
  cost_index_detail: ['acute'],
  temporary_staffing: ALL,
  corporate: ALL,
  estates_energy: ALL,
  general_supplies_share: ALL,
  clinical_supplies: ALL,
  medicines_switch: ['acute', 'mental_health'],
  community_los: ['community'],
  community_dna: ['community'],
  mh_los: ['mental_health'],
  talking_therapies_dna: ['mental_health'],
  talking_therapies_contacts_per_wte: ['mental_health'],
  ambulance_handover: ['ambulance'],
  ambulance_conveyance: ['ambulance'],
  ambulance_incidents_per_wte: ['ambulance'],
};

/** Categories overlap (§7): their opportunities are side by side, never one total. */
export const OVERLAP_WARNING =
  'The categories overlap (a saving in one may also appear in another), so their opportunities are shown side by side and must not be added into one total.';


/** One category (and dimension) of one trust's pack for a period: a row of `opportunities.csv`. */
export interface OpportunityRow {
  orgCode: string;
  period: string;
  sector: Sector;
  metric: PackMetric;
  /** Ward type, corporate function, POD group or `<POD>:<HRG subchapter>`; null where the metric has none. */
  dimension: string | null;
  value: Decimal | null;
  benchmark: Decimal | null;
  /** The group the benchmark comes from: a peer group, a sector code or England; null without a benchmark. */
  benchmarkGroup: string | null;
  opportunityUnits: Decimal | null;
  unit: OpportunityUnit | null;
  opportunityGbp: Decimal | null;
  /** Empty when the category had all it needed. */
  missing: MissingData[];
  /** cost_index and its drill-down: the expected cost Σ activity × w the index divides by. */
  expectedCostGbp?: Decimal | null;
}
