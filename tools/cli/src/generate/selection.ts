import { Month, SECTORS } from '@nhsp/domain';
import { rngFor } from './prng';
import { ReferenceTrust } from './reference';

/**
 * The planted cases, fixed in calendar time (FY 2025/26) so that a month generated alone equals
 * the same month of a longer run. A range without FY 2025/26 simply has none of them.
 */
export const PLANTED = {
  /** NEL short-stay activity recorded as SDEC attendances in A&E from this month on. */
  sdecFrom: Month.of(2025, 5),
  sdecShare: 0.85,
  /** The NEL_SS volume of the SDEC trust is doubled throughout, so the move is material. */
  sdecShortStayBoost: 2,
  /** A whole month of activity that never arrived. */
  missingMonth: Month.of(2025, 8),
  /** A step in activity with spend unchanged: productivity growth far above +10%. */
  outlierFrom: Month.of(2025, 4),
  outlierStep: 1.16,
  /** Share of OP and DC volume the unweighted trust reports under codes the schedule lacks. */
  unweightedShares: { OP: 0.12, DC: 0.1 },
} as const;

/** Codes absent from the 2023/24 schedule (checked at load), as a newer grouper would emit. */
export const UNKNOWN_CURRENCIES = [
  { pod: 'OP', currency: 'WF01E' },
  { pod: 'DC', currency: 'LB99Z' },
  { pod: 'NEL_SS', currency: 'FD10N' },
  { pod: 'NEL_LS', currency: 'DZ99Z' },
] as const;

export interface PlantedRoles {
  sdec: string;
  missingMonth: string;
  unweighted: string;
  outlier: string;
}

/**
 * All trusts, or the first N of the list keeping the first trust of every sector, in list order.
 */
export function selectTrusts(trusts: ReferenceTrust[], count: 'all' | number): ReferenceTrust[] {
  if (count === 'all') return trusts;
  if (count > trusts.length) throw new Error(`--trusts ${count}: the reference list has only ${trusts.length} trusts`);
  const chosen = new Set<ReferenceTrust>();
  for (const sector of SECTORS) {
    const first = trusts.find((t) => t.sector === sector);
    if (first) chosen.add(first);
  }
  for (const trust of trusts) {
    if (chosen.size >= count) break;
    chosen.add(trust);
  }
  return trusts.filter((t) => chosen.has(t));
}

/**
 * Picks the planted trusts among the selected ones from the seed: general acute trusts for the
 * SDEC move, the outlier and the unweighted codes (they need A&E, short stays and outpatients),
 * any trust but the ambulance one for the missing month. Distinct trusts while there are enough.
 */
export function choosePlantedRoles(seed: number, selected: ReferenceTrust[]): PlantedRoles {
  const used = new Set<string>();
  const general = (t: ReferenceTrust) => t.sector === 'acute' && t.peerGroup !== 'Acute - Specialist';
  const choose = (role: string, eligible: (t: ReferenceTrust) => boolean) => {
    const sorted = [...selected].sort((a, b) => a.orgCode.localeCompare(b.orgCode));
    const fresh = sorted.filter((t) => eligible(t) && !used.has(t.orgCode));
    const pool = fresh.length > 0 ? fresh : sorted.filter(eligible);
    const fallback = pool.length > 0 ? pool : sorted;
    const trust = fallback[Math.floor(rngFor(seed, 'planted', role)() * fallback.length)];
    used.add(trust.orgCode);
    return trust.orgCode;
  };
  return {
    sdec: choose('sdec', (t) => general(t) && t.peerGroup !== 'Acute - Small'),
    outlier: choose('outlier', general),
    unweighted: choose('unweighted', general),
    missingMonth: choose('missing', (t) => t.sector !== 'ambulance'),
  };
}
