import { Month, Sector, YearToDate } from '@nhsp/domain';
import type { OpportunityUnit, PackMetric } from '@nhsp/methodology';

/**
 * How a pack reads to a board: each category's name, how its value is shown, and plain names
 * for sectors, dimensions and units. Shared by the CLI's explain and pack workbook (and any page
 * that shows a pack), so that they say the same thing.
 */

/** How a category's value is shown: an index (1 = national average), a share, pounds, or a number of its own unit. */
export type ValueKind = 'index' | 'share' | 'gbp' | 'number';

export interface MetricLabel {
  /** A short name for a table row. */
  label: string;
  kind: ValueKind;
  /** What the value counts, for a `number` (e.g. "kWh per m²"). */
  per?: string;
  /** How the value, benchmark and opportunity are worked out (methodology §11), for notes. */
  definition: string;
}

export const METRIC_LABELS: Record<PackMetric, MetricLabel> = {
  cost_index: {
    label: 'Cost index',
    kind: 'index',
    definition: 'Own cost / expected cost at national average unit costs for the casemix (latest cost return up to last year); 1 is national average. Benchmark: 25th percentile of the peer group. £ = excess over the benchmark × expected cost.',
  },
  cost_index_detail: { label: 'Cost index by POD and HRG subchapter', kind: 'index', definition: 'The cost index per point of delivery and HRG subchapter, against the peer group’s 25th percentile of that subchapter.' },
  temporary_staffing: { label: 'Bank and agency share of pay', kind: 'share', definition: 'Bank and agency as a share of real pay; opportunity = half of a 30% agency and 10% bank reduction. No benchmark.' },
  corporate: { label: 'Corporate cost / operating income', kind: 'share', definition: 'Cost of the corporate function / operating income. Benchmark: national 25th percentile. £ = excess × income.' },
  estates_energy: {
    label: 'Energy use',
    kind: 'number',
    per: 'kWh per m²',
    definition: '(Electricity + gas kWh) / gross internal area. Benchmark: national median. kWh = excess × area, priced at the trust’s own energy cost per kWh.',
  },
  general_supplies_share: { label: 'General supplies / operating income', kind: 'share', definition: 'General supplies and services cost / operating income. Benchmark: national 25th percentile. £ = excess × income.' },
  clinical_supplies: { label: 'Clinical supplies spend', kind: 'gbp', definition: 'Non-pay clinical supplies spend; the opportunity is the procurement saving setting (3%) of it. No benchmark.' },
  medicines_switch: {
    label: 'Originator share of switchable medicines',
    kind: 'share',
    definition: 'Originator share of the quantity of molecules with a generic or biosimilar; £ = originator quantity × the trust’s price above the national price of the alternatives. No benchmark.',
  },
  community_los: { label: 'Community length of stay', kind: 'number', per: 'days', definition: 'Community bed days / admissions. Benchmark: national 25th percentile. Bed days = excess × admissions, at the community bed-day unit cost.' },
  community_dna: { label: 'Community DNA rate', kind: 'share', definition: 'DNAs / (contacts + DNAs). Benchmark: national 25th percentile. Contacts = excess × (contacts + DNAs), at the community contact unit cost.' },
  mh_los: { label: 'Length of stay', kind: 'number', per: 'days', definition: 'Bed days / admissions of the ward type. Benchmark: national 25th percentile of the ward type. Excess bed days = excess × admissions, at the mental health spell unit cost per bed day.' },
  talking_therapies_dna: { label: 'NHS Talking Therapies DNA rate', kind: 'share', definition: 'DNAs / (contacts + DNAs). Benchmark: national 25th percentile. Contacts at the Talking Therapies contact unit cost.' },
  talking_therapies_contacts_per_wte: {
    label: 'NHS Talking Therapies contacts per WTE',
    kind: 'number',
    per: 'contacts per WTE-month',
    definition: 'Contacts / Σ monthly Talking Therapies WTE. Benchmark: national 75th percentile (higher is better). Contacts = shortfall × Σ WTE.',
  },
  ambulance_handover: { label: 'Handover delay beyond 15 minutes', kind: 'number', per: 'minutes per handover', definition: 'Handover minutes beyond 15 / handovers; the standard is 15 minutes. Hours = minutes beyond 15 / 60, at the ambulance hour unit cost.' },
  ambulance_conveyance: {
    label: 'Conveyance to emergency departments',
    kind: 'share',
    definition: 'Incidents conveyed to an emergency department / incidents. Benchmark: 25th percentile of ambulance trusts. Conveyances = excess × incidents, at see-and-convey less see-and-treat cost.',
  },
  ambulance_incidents_per_wte: {
    label: 'Incidents per frontline WTE',
    kind: 'number',
    per: 'incidents per WTE-month',
    definition: 'Incidents / Σ monthly frontline WTE. Benchmark: 75th percentile of ambulance trusts. WTE-months = Σ WTE − incidents / benchmark, at real pay per WTE-month.',
  },
};

export const SECTOR_LABELS: Record<Sector, string> = {
  acute: 'Acute',
  mental_health: 'Mental health',
  community: 'Community',
  ambulance: 'Ambulance',
};

export const UNIT_LABELS: Record<OpportunityUnit, string> = {
  bed_days: 'bed days',
  contacts: 'contacts',
  kwh: 'kWh',
  hours: 'hours',
  conveyances: 'conveyances',
  wte_months: 'WTE-months',
};

const DIMENSION_LABELS: Record<string, string> = {
  non_elective_long_stay: 'Non-elective long stay',
  ae_short_stay: 'A&E and non-elective short stay',
  elective: 'Elective and day case',
  outpatient: 'Outpatients',
  other: 'Other acute services',
  hr: 'HR',
  procurement: 'Procurement',
  it: 'IT',
  finance: 'Finance',
  adult_acute: 'Adult acute',
  older_adult: 'Older adult',
  picu: 'PICU',
  rehabilitation: 'Rehabilitation',
  forensic: 'Forensic',
  cyp: 'Children and young people',
  learning_disability: 'Learning disability',
  eating_disorder: 'Eating disorder',
  perinatal: 'Perinatal',
};

/** A dimension as a board reads it; a drill-down's `<POD>:<subchapter>` stays as it is. */
export function dimensionLabel(dimension: string | null): string {
  if (dimension === null) return '';
  return DIMENSION_LABELS[dimension] ?? dimension;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2025-10` → `April to October 2025 (Month 7 year to date, 2025/26)`; `2026-03` → `April 2025 to March 2026 (…)`. */
export function periodLabel(period: string): string {
  const ytd = YearToDate.of(period);
  const first = ytd.current[0];
  const last = Month.parse(period);
  const to = `${MONTH_NAMES[last.month - 1]} ${last.year}`;
  const from = ytd.months === 1 ? '' : first.year === last.year ? `${MONTH_NAMES[first.month - 1]} to ` : `${MONTH_NAMES[first.month - 1]} ${first.year} to `;
  return `${from}${to} (Month ${ytd.months} year to date, ${ytd.financialYear})`;
}
