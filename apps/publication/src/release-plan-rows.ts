// The plan view and packs of one release for the report's pages: the rows of the release's own
// copy (release-snapshot.ts), shaped as the owners' views name them, behind the methods the
// report's PlanReads interface asks for (targets, index, stability, rankStability, sensitivity,
// opportunities, indicators, unstableBand). The report gets its rows from the release, never
// from the source views, so a page shows exactly what /v1 and the downloads publish.
import type { DataSource } from 'typeorm';
import type { ReleaseEntity } from '@nhsp/persistence';
import { DEFAULT_SETTINGS } from '@nhsp/methodology';
import { ReleaseViewRows } from './plan-pack.reads';
import type { PlanReads } from './report/plan-reads';

/**
 * The run's `unstable_band` threshold as a decimal string, from the settings its release
 * recorded. A run stored before the threshold existed in its settings ran with the default one
 * (the methodology's default then applied), so that default is its threshold.
 */
export function unstableBandOf(release: Pick<ReleaseEntity, 'manifest'>): string {
  const settings = release.manifest?.settings as { thresholds?: { unstableBand?: unknown } } | null | undefined;
  const band = settings?.thresholds?.unstableBand;
  return String(typeof band === 'number' && Number.isFinite(band) && band >= 0 ? band : DEFAULT_SETTINGS.thresholds.unstableBand);
}

/** Needs the release with its manifest (for unstableBand). */
export function releasePlanRows(db: DataSource, release: ReleaseEntity): PlanReads {
  const rows = new ReleaseViewRows(db, release.id, release.runId, release.period);
  return {
    targets: () => rows.targets(),
    index: (level: string, group: string) => rows.index(level, group),
    stability: (orgCode: string) => rows.stability(orgCode),
    rankStability: () => rows.rankStability(),
    sensitivity: (orgCode: string) => rows.sensitivity(orgCode),
    opportunities: (orgCode: string) => rows.opportunities(orgCode),
    indicators: (level: string, group: string) => rows.indicators(level, group),
    unstableBand: async () => unstableBandOf(release),
  };
}
