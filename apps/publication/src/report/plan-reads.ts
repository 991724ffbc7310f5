// What the plan and pack parts need from a release, as an interface the publication service
// implements over its release snapshot (or the owners' views for the release's run), and the
// assembly of each part's input from it. The renderers stay pure; this is the only place that
// knows which rows each part takes.
import type { EnglandPlanView, TrustPlanView } from './plan-sections';
import type { PackPageView } from './pack-page';
import type { Table1View } from './table1';
import type { IndexRow, IndicatorViewRow, OpportunityViewRow, PlanTrust, RankStabilityRow, SensitivityRow, StabilityRow, TargetRow } from './plan-types';

/** The rows of one release (its run), each read filtered as the view's columns allow. */
export interface PlanReads {
  /** Every target row of the release (trust rows and every aggregate level). */
  targets(): Promise<TargetRow[]>;
  /** The index rows of one group (level `trust` with the org code, `peer_group` with its name, `national` with England). */
  index(level: string, group: string): Promise<IndexRow[]>;
  /** A trust's stability row; null where it has no estimate. */
  stability(orgCode: string): Promise<StabilityRow | null>;
  rankStability(): Promise<RankStabilityRow | null>;
  /** A trust's sensitivity rows; empty until the low-priority sensitivity job has run. */
  sensitivity(orgCode: string): Promise<SensitivityRow[]>;
  /** A trust's pack rows, in the file's order (`seq`). */
  opportunities(orgCode: string): Promise<OpportunityViewRow[]>;
  /** The indicator rows of one group. */
  indicators(level: string, group: string): Promise<IndicatorViewRow[]>;
  /** The run's `unstable_band` setting as a decimal string (its stored settings, through resolveSettings). */
  unstableBand(): Promise<string>;
}

export const NATIONAL = { level: 'national', group: 'England' } as const;

/** The England page's plan part and its Table 1. */
export async function englandParts(reads: PlanReads, period: string): Promise<{ plan: EnglandPlanView; table1: Table1View }> {
  const [targets, index, rankStability, indicators] = await Promise.all([reads.targets(), reads.index(NATIONAL.level, NATIONAL.group), reads.rankStability(), reads.indicators(NATIONAL.level, NATIONAL.group)]);
  return {
    plan: { period, targets, index, rankStability },
    table1: { period, name: 'England', level: NATIONAL.level, group_name: NATIONAL.group, rows: indicators },
  };
}

/** A trust page's plan part and its Table 1. */
export async function trustParts(reads: PlanReads, period: string, trust: PlanTrust): Promise<{ plan: TrustPlanView; table1: Table1View }> {
  const [targets, stability, sensitivity, index, peerIndex, indicators, unstableBand] = await Promise.all([
    reads.targets(),
    reads.stability(trust.org_code),
    reads.sensitivity(trust.org_code),
    reads.index('trust', trust.org_code),
    reads.index('peer_group', trust.peer_group),
    reads.indicators('trust', trust.org_code),
    reads.unstableBand(),
  ]);
  return {
    plan: { trust, period, target: targets.find((t) => t.level === 'trust' && t.group_name === trust.org_code) ?? null, stability, sensitivity, index, peerIndex, unstableBand },
    table1: { period, name: trust.name, level: 'trust', group_name: trust.org_code, rows: indicators, sector: trust.sector },
  };
}

/** A trust's pack page. */
export async function packParts(reads: PlanReads, period: string, trust: PlanTrust): Promise<PackPageView> {
  return { trust, period, rows: await reads.opportunities(trust.org_code) };
}
