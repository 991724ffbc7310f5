import { CorporateFunction, Exact, FinanceCategory, Pod, Sector, WardType } from '@nhsp/domain';
import { CostIndexGroup, DEFAULT_SETTINGS, FlagCode, KeyIndicator, LosGroup, PackMetric, Vintage } from '@nhsp/methodology';
import { DisplayUnitCode } from './display-units';

/**
 * The plain words for every code a reader meets (issue 15), keyed by the methodology's and the
 * domain's own types, so that a code added there without words here does not compile (and the
 * glossary spec, which walks the constants, fails). Names, sector labels, pack labels and vintage
 * meanings that already exist (pack-labels.ts, methodology) are reused by glossary.ts, not
 * repeated here. Thresholds are read from the default settings, not written out.
 */

export interface Term {
  name: string;
  unit: DisplayUnitCode | null;
  explanation: string;
}

/** A default threshold in words: 0.1 → "10%", 0.005 → "0.5%"; as points: 0.05 → "5". */
const percentOf = (fraction: number) => `${new Exact(fraction).times(100).toString()}%`;
const pointsOf = (fraction: number) => new Exact(fraction).times(100).toString();
const T = DEFAULT_SETTINGS.thresholds;

/** Points of delivery (methodology §2): a plain name and what their activity counts. */
export const POD_TERMS: Record<Pod, Term & { counts: string }> = {
  EL: { name: 'Elective inpatients', unit: 'count', counts: 'spells', explanation: 'Planned hospital admissions with an overnight stay.' },
  DC: { name: 'Day cases', unit: 'count', counts: 'spells', explanation: 'Planned admissions treated and sent home the same day.' },
  RDNA: { name: 'Regular day or night admissions', unit: 'count', counts: 'admissions', explanation: 'A planned series of admissions for ongoing treatment, such as chemotherapy or transfusions.' },
  NEL_LS: { name: 'Non-elective inpatients, long stay', unit: 'count', counts: 'spells', explanation: 'Emergency admissions staying two days or more.' },
  NEL_SS: { name: 'Non-elective inpatients, short stay', unit: 'count', counts: 'spells', explanation: 'Emergency admissions staying less than two days (zero or one day).' },
  REHAB: { name: 'Rehabilitation inpatients', unit: 'count', counts: 'bed days', explanation: 'Inpatient rehabilitation after illness or injury.' },
  OPPROC: { name: 'Outpatient procedures', unit: 'count', counts: 'attendances', explanation: 'Outpatient appointments at which a procedure is carried out.' },
  OP: { name: 'Consultant-led outpatients', unit: 'count', counts: 'attendances', explanation: 'Outpatient appointments led by a consultant.' },
  OP_NCL: { name: 'Non-consultant-led outpatients', unit: 'count', counts: 'attendances', explanation: 'Outpatient appointments led by nurses, therapists and other professionals.' },
  CHS: { name: 'Community health services', unit: 'count', counts: 'contacts', explanation: 'Care in the community, such as district nursing and therapies.' },
  MHCC: { name: 'Mental health care contacts', unit: 'count', counts: 'contacts', explanation: 'Contacts with mental health services outside hospital.' },
  MHPS: { name: 'Mental health inpatient stays', unit: 'count', counts: 'bed days', explanation: 'Stays on mental health wards (mental health provider spells).' },
  IAPT: { name: 'NHS Talking Therapies', unit: 'count', counts: 'contacts', explanation: 'Talking therapy sessions for anxiety and depression (formerly IAPT).' },
  AE: { name: 'Emergency care (A&E)', unit: 'count', counts: 'attendances', explanation: 'Attendances at emergency departments and urgent treatment centres.' },
  CC: { name: 'Critical care', unit: 'count', counts: 'bed days', explanation: 'Intensive care for adults, children and newborns.' },
  CCT: { name: 'Critical care transport', unit: 'count', counts: 'transfers', explanation: 'Moving critically ill patients between hospitals.' },
  DI: { name: 'Diagnostic imaging', unit: 'count', counts: 'examinations', explanation: 'Scans and X-rays such as MRI, CT and ultrasound.' },
  DADS: { name: 'Directly accessed diagnostic services', unit: 'count', counts: 'tests', explanation: 'Diagnostic tests asked for directly, for example by a GP, not during an appointment.' },
  PATH: { name: 'Directly accessed pathology', unit: 'count', counts: 'tests', explanation: 'Laboratory tests asked for directly, such as blood tests from GP practices.' },
  NM: { name: 'Nuclear medicine', unit: 'count', counts: 'examinations', explanation: 'Scans and treatments that use small amounts of radioactive tracer.' },
  HCD: { name: 'High-cost devices', unit: 'count', counts: 'devices', explanation: 'Expensive devices paid for separately, such as some implants.' },
  RENAL: { name: 'Renal dialysis', unit: 'count', counts: 'sessions', explanation: 'Dialysis for people whose kidneys have failed.' },
  AUD: { name: 'Audiology', unit: 'count', counts: 'attendances', explanation: 'Hearing tests and hearing aid services.' },
  CMDT: { name: 'Cancer multidisciplinary team meetings', unit: 'count', counts: 'patients discussed', explanation: 'Specialists meeting to agree a patient’s cancer treatment.' },
  SCREEN: { name: 'National screening programmes', unit: 'count', counts: 'screenings', explanation: 'Screening such as for breast, bowel and cervical cancer.' },
  AMB: { name: 'Ambulance', unit: 'count', counts: 'incidents', explanation: '999 incidents: advice by phone, treatment at the scene, or treatment and a journey to hospital.' },
};

const excluded = (category: FinanceCategory) =>
  DEFAULT_SETTINGS.excludedCategories.includes(category) ? ' Left out of input by default (setting excluded_categories).' : '';

/** Finance categories of the provider financial return (methodology §3). */
export const FINANCE_TERMS: Record<FinanceCategory, Term> = {
  pay_substantive: { name: 'Pay: substantive staff', unit: 'gbp', explanation: 'Pay of staff employed on the trust’s own payroll.' },
  pay_bank: { name: 'Pay: bank staff', unit: 'gbp', explanation: 'Pay for extra shifts worked through the trust’s staff bank.' },
  pay_agency: { name: 'Pay: agency staff', unit: 'gbp', explanation: 'Payments for staff supplied by agencies.' },
  non_pay_drugs: { name: 'Non-pay: drugs', unit: 'gbp', explanation: 'Medicines bought by the trust.' },
  non_pay_clinical_supplies: { name: 'Non-pay: clinical supplies and services', unit: 'gbp', explanation: 'Clinical equipment, consumables and services bought for patient care.' },
  non_pay_other: { name: 'Non-pay: other', unit: 'gbp', explanation: 'Other running costs, such as estates, energy and IT.' },
  depreciation: { name: 'Depreciation', unit: 'gbp', explanation: `The wearing out of buildings and equipment, spread over their life.${excluded('depreciation')}` },
  pfi_capital_charges: { name: 'PFI capital charges', unit: 'gbp', explanation: `Capital charges of private finance initiative schemes.${excluded('pfi_capital_charges')}` },
  exceptional: { name: 'Exceptional costs', unit: 'gbp', explanation: `One-off costs outside normal running.${excluded('exceptional')}` },
};

/** Data-quality flags (methodology §6), with the default thresholds. */
export const FLAG_TERMS: Record<FlagCode, Term> = {
  MISSING_DATA: { name: 'Data missing', unit: null, explanation: 'A month of the year or of the year before has no activity or no finance from the trust, so there is no estimate.' },
  UNWEIGHTED_ACTIVITY: {
    name: 'Activity without a cost weight',
    unit: null,
    explanation: `More than ${percentOf(T.unweightedShare)} of the activity is not in the national cost schedule and is valued at an average cost.`,
  },
  POD_SHIFT: { name: 'Shift between settings', unit: null, explanation: `A point of delivery’s share of activity moved more than ${pointsOf(T.podShift)} percentage points; growth may partly reflect how care is recorded.` },
  OUTLIER: { name: 'Unusually large change', unit: null, explanation: `Productivity growth is beyond ±${percentOf(T.outlier)}: worth checking against the trust’s own records.` },
  RESTATED: { name: 'Data restated', unit: null, explanation: 'Activity or finance for a month changed since the previous publication of this figure.' },
  TRUST_NOTIFICATION: { name: 'Trust notification', unit: null, explanation: 'The trust told us about something affecting its data for this period.' },
  UNSTABLE: { name: 'Unstable figure', unit: null, explanation: `The figure moves from month to month by more than ${pointsOf(T.unstableBand)} percentage points (its stability band): rank on it with care.` },
};

/** Key operational indicators (methodology §12, board paper Table 1). */
export const INDICATOR_TERMS: Record<KeyIndicator, Term> = {
  non_elective_bed_days: { name: 'Non-elective bed days', unit: 'bed_days', explanation: 'Days in hospital after emergency admission (long and short stay).' },
  non_elective_overnight_spells: { name: 'Non-elective overnight stays', unit: 'spells', explanation: 'Emergency admissions staying overnight (long-stay spells).' },
  non_elective_los_1plus: { name: 'Non-elective length of stay (overnight stays)', unit: 'days', explanation: 'Average days in hospital of an emergency admission that stays overnight.' },
  elective_ordinary_los: { name: 'Elective length of stay', unit: 'days', explanation: 'Average days in hospital of a planned admission with an overnight stay.' },
  theatre_utilisation: { name: 'Theatre utilisation', unit: 'share', explanation: 'Time operating as a share of the theatre sessions planned.' },
  same_day_elective_share: { name: 'Same-day elective share', unit: 'share', explanation: 'Planned admissions treated as day cases, as a share of all planned admissions.' },
  outpatient_attendances_per_consultant_wte: { name: 'Outpatient attendances per consultant', unit: 'attendances_per_wte_month', explanation: 'Consultant-led and procedure outpatient attendances per whole-time consultant per month.' },
  bank_spend: { name: 'Bank staff spend', unit: 'gbp', explanation: 'Spend on bank staff (nominal pounds).' },
  agency_spend: { name: 'Agency staff spend', unit: 'gbp', explanation: 'Spend on agency staff (nominal pounds).' },
};

/** Benchmark metrics of benchmarks.csv (methodology §7), by the name the file gives them. */
export const BENCHMARK_METRIC_TERMS: Record<'productivity_growth' | 'cost_per_wau' | `los_${LosGroup}` | 'temporary_staffing', Term> = {
  productivity_growth: { name: 'Productivity growth', unit: 'growth', explanation: 'The trust’s productivity growth against its group, with a score from 1.00 (best) to 4.00 (worst).' },
  cost_per_wau: { name: 'Cost per weighted activity unit', unit: 'gbp_pence', explanation: 'Real-terms spend per pound of activity at national average costs; lower is better.' },
  los_elective: { name: 'Elective length of stay', unit: 'days', explanation: 'Average days per planned stay, against the days its casemix would be expected to take.' },
  los_non_elective: { name: 'Non-elective length of stay', unit: 'days', explanation: 'Average days per emergency stay, against the days its casemix would be expected to take.' },
  temporary_staffing: { name: 'Bank and agency share of pay', unit: 'share', explanation: 'Bank and agency staff as a share of the pay bill; lower is better.' },
};

/** How each §11 category's value is written: from its pack label's kind and unit (pack-labels.ts). */
export const PACK_METRIC_UNITS: Record<PackMetric, DisplayUnitCode> = {
  cost_index: 'relative_index',
  cost_index_detail: 'relative_index',
  temporary_staffing: 'share',
  corporate: 'share',
  estates_energy: 'kwh_per_m2',
  general_supplies_share: 'share',
  clinical_supplies: 'gbp',
  medicines_switch: 'share',
  community_los: 'days',
  community_dna: 'share',
  mh_los: 'days',
  talking_therapies_dna: 'share',
  talking_therapies_contacts_per_wte: 'contacts_per_wte_month',
  ambulance_handover: 'minutes_per_handover',
  ambulance_conveyance: 'share',
  ambulance_incidents_per_wte: 'incidents_per_wte_month',
};

/** One line each for the §11 categories (their full definitions stay in pack-labels.ts). */
export const PACK_METRIC_EXPLANATIONS: Record<PackMetric, string> = {
  cost_index: 'The trust’s own costs against what its casemix would cost at national average unit costs; 1.00 is average.',
  cost_index_detail: 'The cost index for each point of delivery and group of procedures (HRG subchapter).',
  temporary_staffing: 'Bank and agency staff as a share of the pay bill.',
  corporate: 'The cost of a corporate function (HR, procurement, IT, finance) as a share of operating income.',
  estates_energy: 'Electricity and gas used per square metre of the trust’s buildings.',
  general_supplies_share: 'General supplies and services as a share of operating income.',
  clinical_supplies: 'Spend on clinical supplies, of which a share could be saved through procurement.',
  medicines_switch: 'How much of the medicines that have a cheaper generic or biosimilar is still bought as the original brand.',
  community_los: 'Average days per admission to a community bed.',
  community_dna: 'Community appointments missed without notice (did not attend), as a share of all booked.',
  mh_los: 'Average days per admission to a mental health ward of this type.',
  talking_therapies_dna: 'NHS Talking Therapies appointments missed without notice, as a share of all booked.',
  talking_therapies_contacts_per_wte: 'NHS Talking Therapies contacts per whole-time therapist per month; higher is better.',
  ambulance_handover: 'Average minutes an ambulance handover at hospital takes beyond the 15-minute standard.',
  ambulance_conveyance: 'Incidents in which the patient is taken to an emergency department, as a share of all incidents.',
  ambulance_incidents_per_wte: 'Incidents per whole-time frontline member of staff per month; higher is better.',
};

export const SECTOR_EXPLANATIONS: Record<Sector, string> = {
  acute: 'Hospital trusts providing emergency and planned hospital care.',
  mental_health: 'Trusts mainly providing mental health and learning disability services.',
  community: 'Trusts mainly providing community health services.',
  ambulance: 'Trusts providing 999 ambulance services.',
};

/** Dimensions of the packs: the five cost index groups, ward types and corporate functions. */
export const DIMENSION_EXPLANATIONS: Record<CostIndexGroup | WardType | CorporateFunction, string> = {
  non_elective_long_stay: 'Emergency admissions staying two days or more.',
  ae_short_stay: 'Emergency department attendances and emergency admissions staying less than two days.',
  elective: 'Planned inpatients, day cases and regular day or night admissions.',
  outpatient: 'Consultant-led, non-consultant-led and procedure outpatient appointments.',
  other: 'Every other acute point of delivery (critical care, imaging, pathology and more).',
  adult_acute: 'Wards for adults of working age who are acutely unwell.',
  older_adult: 'Wards for older people, including those with dementia.',
  picu: 'Psychiatric intensive care units: locked wards for patients too unwell to be cared for safely on an open ward.',
  rehabilitation: 'Wards helping people recover the skills to live in the community.',
  forensic: 'Secure wards for patients in contact with the criminal justice system.',
  cyp: 'Wards for children and young people (CYP).',
  learning_disability: 'Wards for people with a learning disability or autism.',
  eating_disorder: 'Wards for people with an eating disorder.',
  perinatal: 'Mother and baby units, for mental illness in pregnancy and after birth.',
  hr: 'Human resources: recruitment, pay and other people services.',
  procurement: 'Buying goods and services.',
  it: 'Information technology: computers, systems and digital services.',
  finance: 'Accounts, payments and financial planning.',
};

export const VINTAGE_NAMES: Record<Vintage, string> = {
  provisional: 'Provisional',
  provisional_revised: 'Provisional, revised',
  final_revised: 'Final, revised',
};
