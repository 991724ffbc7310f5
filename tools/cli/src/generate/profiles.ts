import { Pod, Sector } from '@nhsp/domain';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '@nhsp/methodology';

/**
 * Which PODs each kind of trust delivers and how many of a POD's currencies the generated trust
 * reports. Each sector keeps to its own PODs (ambulance AMB; mental health MHCC, MHPS and IAPT;
 * community CHS; acute the hospital PODs). The counts are kept small on purpose: the committed
 * sample must stay under 10 MB, and a few dozen currencies a trust carry the casemix that matters.
 */
export interface PodProfile {
  pod: Pod;
  /** Chance that a trust of this kind delivers the POD at all. */
  presence: number;
  /** Currencies reported for the POD. */
  currencies: number;
  /** Relative share of the national POD volume a trust of this kind takes, per unit of size. */
  affinity: number;
}

const acute: PodProfile[] = [
  { pod: 'EL', presence: 1, currencies: 6, affinity: 1 },
  { pod: 'DC', presence: 1, currencies: 6, affinity: 1 },
  { pod: 'RDNA', presence: 0.5, currencies: 2, affinity: 1 },
  { pod: 'NEL_LS', presence: 1, currencies: 7, affinity: 1 },
  { pod: 'NEL_SS', presence: 1, currencies: 5, affinity: 1 },
  { pod: 'REHAB', presence: 0.3, currencies: 2, affinity: 1 },
  { pod: 'OPPROC', presence: 1, currencies: 4, affinity: 1 },
  { pod: 'OP', presence: 1, currencies: 4, affinity: 1 },
  { pod: 'OP_NCL', presence: 1, currencies: 2, affinity: 1 },
  { pod: 'AE', presence: 1, currencies: 3, affinity: 1 },
  { pod: 'CC', presence: 1, currencies: 2, affinity: 1 },
  { pod: 'CCT', presence: 0.05, currencies: 1, affinity: 1 },
  { pod: 'DI', presence: 1, currencies: 2, affinity: 1 },
  { pod: 'DADS', presence: 0.6, currencies: 1, affinity: 1 },
  { pod: 'NM', presence: 0.5, currencies: 1, affinity: 1 },
  { pod: 'HCD', presence: 0.4, currencies: 1, affinity: 1 },
  { pod: 'RENAL', presence: 0.35, currencies: 1, affinity: 1 },
  { pod: 'AUD', presence: 0.7, currencies: 1, affinity: 1 },
  { pod: 'CMDT', presence: 0.8, currencies: 1, affinity: 1 },
  { pod: 'SCREEN', presence: 0.4, currencies: 1, affinity: 1 },
];

const mentalHealth: PodProfile[] = [
  { pod: 'MHCC', presence: 1, currencies: 1, affinity: 1 },
  { pod: 'MHPS', presence: 1, currencies: 1, affinity: 1 },
  { pod: 'IAPT', presence: 0.85, currencies: 1, affinity: 1 },
];

const community: PodProfile[] = [{ pod: 'CHS', presence: 1, currencies: 10, affinity: 1 }];

const ambulance: PodProfile[] = [{ pod: 'AMB', presence: 1, currencies: 4, affinity: 1 }];

export const SECTOR_PROFILES: Record<Sector, PodProfile[]> = {
  acute,
  mental_health: mentalHealth,
  community,
  ambulance,
};

/**
 * Share of the NCC national volume of a POD that the listed trusts deliver: nearly all of
 * England's acute and ambulance trusts, most of its mental health trusts, but only the community
 * trusts of the list (much community care is given by combined and acute trusts). Direct-access
 * pathology is left out: 456 million tests a year would be 60% of the records and 1% of the cost.
 */
export const NATIONAL_COVERAGE: Partial<Record<Pod, number>> = {
  CHS: 0.3,
  MHCC: 0.8,
  MHPS: 0.8,
  IAPT: 0.8,
  AMB: 1,
  REHAB: 0.8,
  PATH: 0,
};

/** Relative size by peer group: a teaching trust is several times a small or specialist one. */
export const PEER_GROUP_SIZE: Record<string, number> = {
  'Acute - Teaching': 2.2,
  'Acute - Large': 1.4,
  'Acute - Multi-Service': 1.2,
  'Acute - Medium': 1,
  'Acute - Small': 0.65,
  'Acute - Specialist': 0.5,
  'Mental Health and Learning Disability': 1,
  Community: 1,
  Ambulance: 1,
};

/** Specialist trusts: planned care heavy, little emergency work, an A&E only for children and eyes. */
export const SPECIALIST_POD_FACTOR: Partial<Record<Pod, number>> = {
  EL: 1.8,
  DC: 1.8,
  OPPROC: 1.8,
  OP: 1.6,
  NEL_LS: 0.35,
  NEL_SS: 0.35,
};
/** Children's and eye hospitals have an A&E (Great Ormond Street has none). */
export const specialistWithAe = (name: string) => /CHILDREN|EYE/i.test(name) && !/GREAT ORMOND/i.test(name);

type Pattern = 'planned' | 'emergency' | 'steady';

/**
 * Calendar-month profiles, January first, on top of the days each month has: fewer electives in
 * August (leave) and December (the Christmas weeks), winter pressure on emergencies.
 */
const PATTERNS: Record<Pattern, number[]> = {
  planned: [0.99, 1.0, 1.02, 0.99, 1.0, 1.01, 1.02, 0.9, 1.02, 1.03, 1.03, 0.94],
  emergency: [1.08, 1.02, 1.02, 0.97, 0.99, 0.97, 0.98, 0.95, 0.96, 1.0, 1.02, 1.07],
  steady: [1.0, 1.0, 1.01, 0.98, 1.0, 1.0, 1.0, 0.96, 1.0, 1.02, 1.02, 0.97],
};

const EMERGENCY_PODS: ReadonlySet<Pod> = new Set<Pod>(['NEL_LS', 'NEL_SS', 'AE', 'CC', 'CCT', 'AMB']);
const STEADY_PODS: ReadonlySet<Pod> = new Set<Pod>(['CHS', 'MHCC', 'MHPS', 'IAPT', 'REHAB', 'RENAL']);

export function patternOf(pod: Pod): Pattern {
  if (EMERGENCY_PODS.has(pod)) return 'emergency';
  if (STEADY_PODS.has(pod)) return 'steady';
  return 'planned';
}

/**
 * On which days of the week activity happens: theatre lists and clinics on working days,
 * community contacts mostly on weekdays, admissions and A&E every day (a little more on Mondays).
 */
export type DayPattern = 'working_days' | 'mostly_weekdays' | 'every_day';

export function dayPatternOf(pod: Pod): DayPattern {
  if (EMERGENCY_PODS.has(pod) || pod === 'MHPS' || pod === 'REHAB') return 'every_day';
  return STEADY_PODS.has(pod) ? 'mostly_weekdays' : 'working_days';
}

const BANK_HOLIDAYS = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);

/** Relative activity on each day of the month (index 0 = the 1st). */
export function dayWeights(pattern: DayPattern, year: number, month: number): number[] {
  const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weights: number[] = [];
  for (let day = 1; day <= count; day++) {
    const date = new Date(Date.UTC(year, month - 1, day));
    const weekday = date.getUTCDay();
    const holiday = BANK_HOLIDAYS.has(date.toISOString().slice(0, 10));
    if (pattern === 'every_day') weights.push(weekday === 1 ? 1.08 : weekday === 0 || holiday ? 0.92 : 1);
    else if (pattern === 'working_days') weights.push(holiday ? 0.06 : weekday === 0 ? 0.04 : weekday === 6 ? 0.1 : 1);
    else weights.push(holiday ? 0.2 : weekday === 0 ? 0.15 : weekday === 6 ? 0.25 : 1);
  }
  return weights;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The average month's day weight over FY 2024/25 and 2025/26, so that volumes average 1. */
const AVERAGE_MONTH_WEIGHT: Record<DayPattern, number> = Object.fromEntries(
  (['working_days', 'mostly_weekdays', 'every_day'] as DayPattern[]).map((pattern) => {
    let total = 0;
    for (let i = 0; i < 24; i++) total += sum(dayWeights(pattern, 2024 + Math.floor((i + 3) / 12), ((i + 3) % 12) + 1));
    return [pattern, total / 24];
  }),
) as Record<DayPattern, number>;

/**
 * Volume of a month relative to an average one: its seasonal factor times its days, counted as
 * the POD's day pattern counts them, so a month with two bank holidays has fewer electives.
 */
export function seasonality(pod: Pod, year: number, month: number): number {
  let byMonth = seasonalityCache.get(pod);
  if (!byMonth) seasonalityCache.set(pod, (byMonth = new Map()));
  const key = year * 12 + month;
  let factor = byMonth.get(key);
  if (factor === undefined) {
    const profile = PATTERNS[patternOf(pod)];
    const pattern = dayPatternOf(pod);
    factor = ((profile[month - 1] * 12) / sum(profile)) * (monthWeight(pattern, year, month) / AVERAGE_MONTH_WEIGHT[pattern]);
    byMonth.set(key, factor);
  }
  return factor;
}
const seasonalityCache = new Map<Pod, Map<number, number>>();

const monthWeights = new Map<string, number>();
function monthWeight(pattern: DayPattern, year: number, month: number): number {
  const key = `${pattern}|${year}|${month}`;
  let weight = monthWeights.get(key);
  if (weight === undefined) monthWeights.set(key, (weight = sum(dayWeights(pattern, year, month))));
  return weight;
}
