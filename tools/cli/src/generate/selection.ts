import { Month, SECTORS } from '@nhsp/domain';
import { hashParts } from './prng';
import { ReferenceTrust } from './reference';

/**
 * The planted cases, fixed in calendar time so that a month generated alone equals the same month
 * of a longer run: the data-quality cases in FY 2025/26, the late start and the gap in the
 * history. A range without those months simply does not show them.
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
  /** A trust formed in a merger: no return of any kind before this month. */
  lateStartFrom: Month.of(2020, 10),
  /** A month of a past year for which one trust sent nothing at all (activity, finance or returns). */
  gapMonth: Month.of(2021, 11),
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
  lateStart: string;
  gap: string;
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
 * any trust but an ambulance one for the missing month, the late start and the gap (the ten
 * ambulance trusts are the whole sector). Distinct trusts while there are enough. Each role goes
 * to the eligible trust with the lowest hash of (seed, role, org code), so a smaller selection
 * that still holds that trust plants it in the same trust as the whole list does.
 */
export function choosePlantedRoles(seed: number, selected: ReferenceTrust[]): PlantedRoles {
  const used = new Set<string>();
  const general = (t: ReferenceTrust) => t.sector === 'acute' && t.peerGroup !== 'Acute - Specialist';
  const choose = (role: string, eligible: (t: ReferenceTrust) => boolean) => {
    const rank = (t: ReferenceTrust) => hashParts(seed, 'planted', role, t.orgCode);
    const fresh = selected.filter((t) => eligible(t) && !used.has(t.orgCode));
    const pool = fresh.length > 0 ? fresh : selected.filter(eligible);
    const candidates = pool.length > 0 ? pool : selected;
    const trust = candidates.reduce((best, t) => (rank(t) < rank(best) || (rank(t) === rank(best) && t.orgCode < best.orgCode) ? t : best));
    used.add(trust.orgCode);
    return trust.orgCode;
  };
  return {
    sdec: choose('sdec', (t) => general(t) && t.peerGroup !== 'Acute - Small'),
    outlier: choose('outlier', general),
    unweighted: choose('unweighted', general),
    missingMonth: choose('missing', (t) => t.sector !== 'ambulance'),
    lateStart: choose('late-start', (t) => t.sector !== 'ambulance'),
    gap: choose('gap', (t) => t.sector !== 'ambulance'),
  };
}
