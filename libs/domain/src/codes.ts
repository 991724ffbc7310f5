import { DomainError } from './errors';

/** Points of delivery and the National Cost Collection `Service Code` each maps from (methodology §2). */
export const POD_SERVICE_CODES = {
  EL: 'Elective Inpatients',
  DC: 'Daycase',
  RDNA: 'Regular Day or Night Admissions',
  NEL_LS: 'Non-Elective Inpatient - Long Stay',
  NEL_SS: 'Non-Elective Inpatient - Short Stay',
  REHAB: 'Rehabilitation Inpatient',
  OPPROC: 'Outpatient Procedures',
  OP: 'Consultant Led',
  OP_NCL: 'Non Consultant Led',
  CHS: 'Community Health Service',
  MHCC: 'Mental Health Care Contact',
  MHPS: 'Mental Health Provider Spell',
  IAPT: 'NHS Talking Therapy Care Contact',
  AE: 'Emergency Care',
  CC: 'Critical care',
  CCT: 'Critical care transport',
  DI: 'Diagnostic Imaging',
  DADS: 'Directly Accessed Diagnostic Services',
  PATH: 'Directly Accessed Pathology Services',
  NM: 'Nuclear Medicine',
  HCD: 'High Cost Devices',
  RENAL: 'Renal Dialysis',
  AUD: 'Audiology',
  CMDT: 'Cancer MDT',
  SCREEN: 'National screening programmes',
  AMB: 'Ambulance',
} as const;

export type Pod = keyof typeof POD_SERVICE_CODES;
export const PODS = Object.keys(POD_SERVICE_CODES) as Pod[];

const podByServiceCode = new Map<string, Pod>(
  PODS.map((pod) => [POD_SERVICE_CODES[pod].toLowerCase(), pod]),
);

export function isPod(value: string): value is Pod {
  return Object.prototype.hasOwnProperty.call(POD_SERVICE_CODES, value);
}

/** Parses a POD code as submitted: trimmed, case-insensitive. */
export function parsePod(value: string): Pod {
  const code = value.trim().toUpperCase();
  if (!isPod(code)) throw new DomainError(`unknown POD "${value}" (expected one of ${PODS.join(', ')})`);
  return code;
}

/** The POD an NCC schedule `Service Code` stands for, or undefined for a service this platform does not weigh. */
export function podForServiceCode(serviceCode: string): Pod | undefined {
  return podByServiceCode.get(serviceCode.trim().toLowerCase());
}

/** POD groups used for benchmarking cost per weighted activity unit (issue 4). */
export const POD_GROUPS = {
  elective: ['EL', 'DC', 'RDNA'],
  non_elective: ['NEL_LS', 'NEL_SS'],
  outpatient: ['OPPROC', 'OP', 'OP_NCL'],
  ae: ['AE'],
} as const satisfies Record<string, readonly Pod[]>;
export type PodGroup = keyof typeof POD_GROUPS | 'other';
export const POD_GROUP_NAMES: PodGroup[] = ['elective', 'non_elective', 'outpatient', 'ae', 'other'];

export function podGroupOf(pod: Pod): PodGroup {
  for (const group of Object.keys(POD_GROUPS) as (keyof typeof POD_GROUPS)[]) {
    if ((POD_GROUPS[group] as readonly Pod[]).includes(pod)) return group;
  }
  return 'other';
}

/** Finance categories of the provider financial return (methodology §3). */
export const FINANCE_CATEGORIES = [
  'pay_substantive',
  'pay_bank',
  'pay_agency',
  'non_pay_drugs',
  'non_pay_clinical_supplies',
  'non_pay_other',
  'depreciation',
  'pfi_capital_charges',
  'exceptional',
] as const;
export type FinanceCategory = (typeof FINANCE_CATEGORIES)[number];

export function isFinanceCategory(value: string): value is FinanceCategory {
  return (FINANCE_CATEGORIES as readonly string[]).includes(value);
}

export function parseFinanceCategory(value: string): FinanceCategory {
  const category = value.trim().toLowerCase();
  if (!isFinanceCategory(category)) {
    throw new DomainError(`unknown finance category "${value}" (expected one of ${FINANCE_CATEGORIES.join(', ')})`);
  }
  return category;
}

/** Pay categories are deflated by the pay deflator, everything else by the prices deflator. */
export function isPayCategory(category: FinanceCategory): boolean {
  return category.startsWith('pay_');
}

/** NCC currency codes are matched trimmed and upper-case. */
export function normaliseCurrency(value: string): string {
  const code = value.trim().toUpperCase();
  if (code === '') throw new DomainError('currency code is empty');
  return code;
}
