import { Sector } from '@nhsp/domain';
import { TrustModel } from '../model';
import { PATH_YEARS } from '../paths';
import { logNormal, normal, Rng, rngFor, uniform } from '../prng';
import { CORPORATE_FUNCTIONS, CorporateFunction, StaffGroup, WARD_TYPES, WardType } from './codes';

/**
 * What sets one trust's operational returns apart from another's, drawn once from its own
 * stream: the differences the benchmarks of methodology §11 are meant to find (some trusts far
 * from the 75th percentile, most near it), with a little movement from year to year.
 */
export interface ReturnsProfile {
  /** WTE shares of the staff groups that are not tied to activity. */
  staffMix: Partial<Record<StaffGroup, number>>;
  /** Pay per WTE against the national rate (London weighting, grade mix). */
  payLevel: number;
  /** Talking-therapies contacts a WTE delivers in a month; ambulance incidents per frontline WTE. */
  contactsPerTherapist: number;
  incidentsPerFrontline: number;
  /** Theatre: minutes of a case and the share of session time used. */
  theatreMinutes: number;
  utilisation: number;
  /** Mental health: share of bed days by ward type and the trust's stay against the national one. */
  wardMix: Partial<Record<WardType, number>>;
  wardLos: Partial<Record<WardType, number>>;
  talkingTherapiesDna: number;
  /** Community: DNA rate, admissions a month at the anchor, and length of stay in days. */
  communityDna: number;
  communityAdmissions: number;
  communityLos: number;
  /** Ambulance: share of see-and-convey incidents taken to an ED, handovers per conveyance, minutes beyond 15. */
  conveyToEd: number;
  handoverShare: number;
  handoverExcess: number;
  /** Operating income against operating spend, by year (a surplus or a deficit). */
  margin: Float64Array;
  corporate: Record<CorporateFunction, number>;
  generalSupplies: number;
  /** Gross internal area in m² at the anchor, the year a new building opens (or none), kWh per m² a year. */
  area: number;
  newBuildYear: number | null;
  electricityIntensity: number;
  gasIntensity: number;
  energyContract: number;
  /** Yearly noise on the rates above, so benchmarks move a little from year to year. */
  yearNoise: Float64Array;
}

/** WTE shares by sector of the groups not tied to activity (they are scaled to fill the pay bill). */
const STAFF_MIX: Record<Sector, Partial<Record<StaffGroup, number>>> = {
  acute: { consultant: 0.07, medical_other: 0.09, nursing: 0.33, ahp: 0.08, scientific: 0.06, support: 0.22, corporate: 0.1, other: 0.05 },
  mental_health: { consultant: 0.04, medical_other: 0.04, nursing: 0.36, ahp: 0.08, support: 0.26, corporate: 0.12, other: 0.1 },
  community: { consultant: 0.01, medical_other: 0.02, nursing: 0.42, ahp: 0.18, support: 0.2, corporate: 0.11, other: 0.06 },
  ambulance: { medical_other: 0.01, nursing: 0.04, support: 0.45, corporate: 0.25, other: 0.25 },
};

/** Annual cost of a WTE in FY 2023/24 pay, on-costs included. */
export const WTE_COST: Record<StaffGroup, number> = {
  consultant: 150_000,
  medical_other: 85_000,
  nursing: 48_000,
  ahp: 47_000,
  scientific: 50_000,
  ambulance_frontline: 46_000,
  talking_therapies: 46_000,
  support: 29_000,
  corporate: 40_000,
  other: 36_000,
};

/** Which wards a mental health trust runs (chance), their share of bed days, national stay in days. */
const WARDS: Record<WardType, { chance: number; share: number; los: number }> = {
  adult_acute: { chance: 1, share: 0.42, los: 38 },
  older_adult: { chance: 0.95, share: 0.18, los: 65 },
  picu: { chance: 0.8, share: 0.07, los: 35 },
  rehabilitation: { chance: 0.75, share: 0.12, los: 160 },
  forensic: { chance: 0.45, share: 0.16, los: 320 },
  cyp: { chance: 0.3, share: 0.05, los: 55 },
  learning_disability: { chance: 0.4, share: 0.06, los: 180 },
  eating_disorder: { chance: 0.25, share: 0.04, los: 95 },
  perinatal: { chance: 0.3, share: 0.02, los: 40 },
};

export function nationalWardLos(ward: WardType): number {
  return WARDS[ward].los;
}

/** Corporate cost of each function as a share of operating income, nationally. */
const CORPORATE_SHARE: Record<CorporateFunction, number> = { hr: 0.006, procurement: 0.0016, it: 0.011, finance: 0.005 };

/** £ of annual spend a m² of estate carries, and kWh a m² a year, by sector. */
const ESTATE: Record<Sector, { spendPerM2: number; electricity: number; gas: number }> = {
  acute: { spendPerM2: 2600, electricity: 190, gas: 230 },
  mental_health: { spendPerM2: 2900, electricity: 120, gas: 170 },
  community: { spendPerM2: 4200, electricity: 95, gas: 140 },
  ambulance: { spendPerM2: 6500, electricity: 110, gas: 130 },
};

function wards(rng: Rng): { mix: Partial<Record<WardType, number>>; los: Partial<Record<WardType, number>> } {
  const raw: Partial<Record<WardType, number>> = {};
  const los: Partial<Record<WardType, number>> = {};
  for (const ward of WARD_TYPES) {
    const present = rng() < WARDS[ward].chance;
    const share = WARDS[ward].share * logNormal(rng, 0.3);
    // Most trusts keep close to the national stay; a few run far longer stays on a ward type.
    const factor = logNormal(rng, 0.22) * (rng() < 0.1 ? 1.35 : 1);
    if (!present) continue;
    raw[ward] = share;
    los[ward] = factor;
  }
  const total = Object.values(raw).reduce((a, b) => a + b!, 0)!;
  const mix = Object.fromEntries(Object.entries(raw).map(([w, s]) => [w, s! / total]));
  return { mix, los };
}

/**
 * The profile of one trust. `annualSpend` is its real operating spend of FY 2024/25, which sizes
 * the estate.
 */
export function returnsProfile(seed: number, model: TrustModel, annualSpend: number): ReturnsProfile {
  const rng = rngFor(seed, model.trust.orgCode, 'returns');
  const sector = model.trust.sector;
  const staffMix = Object.fromEntries(Object.entries(STAFF_MIX[sector]).map(([g, s]) => [g, s! * logNormal(rng, 0.15)]));
  const london = model.trust.region === 'London' ? 1.08 : 1;
  const { mix: wardMix, los: wardLos } = wards(rng);
  const corporate = Object.fromEntries(
    CORPORATE_FUNCTIONS.map((f) => [f, CORPORATE_SHARE[f] * logNormal(rng, 0.28) * Math.pow(Math.max(0.2, model.size), -0.15)]),
  ) as Record<CorporateFunction, number>;
  const estate = ESTATE[sector];
  return {
    staffMix,
    payLevel: london * logNormal(rng, 0.03),
    contactsPerTherapist: 30 * logNormal(rng, 0.22),
    incidentsPerFrontline: 24 * logNormal(rng, 0.15),
    theatreMinutes: logNormal(rng, 0.1),
    utilisation: uniform(rng, 0.68, 0.85),
    wardMix,
    wardLos,
    // Rates skewed to the right, as real ones are: a few trusts with far more missed appointments.
    talkingTherapiesDna: 0.1 * logNormal(rng, 0.3),
    communityDna: 0.065 * logNormal(rng, 0.35),
    communityAdmissions: 260 * model.size * logNormal(rng, 0.3),
    communityLos: 24 * logNormal(rng, 0.22),
    conveyToEd: uniform(rng, 0.86, 0.96),
    handoverShare: uniform(rng, 0.96, 0.995),
    // A few trusts serve hospitals with long A&E queues: far longer delays than the rest.
    handoverExcess: uniform(rng, 5, 25) * (rng() < 0.2 ? 1.8 : 1),
    margin: Float64Array.from({ length: PATH_YEARS }, () => -0.01 + 0.015 * normal(rng)),
    corporate,
    generalSupplies: 0.016 * logNormal(rng, 0.3),
    area: (annualSpend / estate.spendPerM2) * logNormal(rng, 0.25),
    newBuildYear: rng() < 0.3 ? 2019 + Math.floor(rng() * 7) : null,
    electricityIntensity: estate.electricity * logNormal(rng, 0.2),
    gasIntensity: estate.gas * logNormal(rng, 0.25),
    energyContract: logNormal(rng, 0.1),
    yearNoise: Float64Array.from({ length: PATH_YEARS }, () => normal(rng)),
  };
}
