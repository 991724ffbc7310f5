// The plan view and packs of one release for the report's pages: the rows of the release's own
// copy (release-snapshot.ts), shaped as the owners' views name them, behind the methods the
// report's PlanReads interface asks for (targets, index, stability, rankStability, sensitivity,
// opportunities, indicators, unstableBand). The report gets its rows from the release, never
// from the source views, so a page shows exactly what /v1 and the downloads publish.
import type { DataSource } from 'typeorm';
import type { ReleaseEntity } from '@nhsp/persistence';
import { DEFAULT_SETTINGS } from '@nhsp/methodology';
import { ReleaseViewRows } from './plan-pack.reads';
import { indexJson, indicatorsJson, opportunitiesJson, sensitivityJson, stabilityJson, targetsJson } from './plan-pack.tables';
import type { PlanReads } from './report/plan-reads';
import type { IndexRow, IndicatorViewRow, Measure, OpportunityViewRow, SensitivityRow, StabilityRow, TargetRow } from './report/plan-types';

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

/**
 * Needs the release with its manifest (for unstableBand). Every measure is given as /v1 and the
 * downloads publish it: through the same contract formatting (plan-pack.tables.ts: fractions to
 * 17 significant digits, money to the penny), so a page's figure and its `data-value` equal the
 * API's, not the owner's unrounded numeric (which the page would otherwise round a second way).
 * rank_stability stays as stored, as /v1/stability answers it.
 */
export function releasePlanRows(db: DataSource, release: ReleaseEntity): PlanReads {
  return planReadsOf(new ReleaseViewRows(db, release.id, release.runId, release.period), release);
}

/** Where the plan rows come from: the release's tables read per call (ReleaseViewRows), or rows the report holds per release (report/held-plan-rows.ts). */
export type PlanRowSource = Pick<ReleaseViewRows, 'targets' | 'index' | 'stability' | 'rankStability' | 'sensitivity' | 'opportunities' | 'indicators'>;

/** releasePlanRows over any source of the same rows: each measure published the same way. */
export function planReadsOf(rows: PlanRowSource, release: Pick<ReleaseEntity, 'manifest'>): PlanReads {
  return {
    targets: async () => publishedTargets(await rows.targets()),
    index: async (level: string, group: string) => publishedIndex(await rows.index(level, group)),
    stability: async (orgCode: string) => {
      const row = await rows.stability(orgCode);
      return row && publishedStability(row);
    },
    rankStability: () => rows.rankStability(),
    sensitivity: async (orgCode: string) => publishedSensitivity(await rows.sensitivity(orgCode)),
    opportunities: async (orgCode: string) => publishedOpportunities(await rows.opportunities(orgCode)),
    indicators: async (level: string, group: string) => publishedIndicators(await rows.indicators(level, group)),
    unstableBand: async () => unstableBandOf(release),
  };
}

/** A cell of a published item as a view measure: empty is null. */
const measure = (cell: unknown): Measure => (cell === null || cell === undefined || cell === '' ? null : String(cell));

function publishedTargets(rows: TargetRow[]): TargetRow[] {
  const items: Array<Record<string, unknown>> = targetsJson(rows.map((r) => ({ ...r, group: r.group_name })));
  return rows.map((r, i) => ({
    ...r,
    productivity_growth: measure(items[i].productivity_growth),
    target: measure(items[i].target) ?? r.target,
    required_output_growth_rest: measure(items[i].required_output_growth_rest),
    required_productivity_growth_rest: measure(items[i].required_productivity_growth_rest),
    savings_needed_gbp: measure(items[i].savings_needed_gbp),
    projected_full_year_growth: measure(items[i].projected_full_year_growth),
  }));
}

function publishedIndex(rows: IndexRow[]): IndexRow[] {
  const items: Array<Record<string, unknown>> = indexJson(rows.map((r) => ({ ...r, group: r.group_name, index: r.index_value })));
  return rows.map((r, i) => ({
    ...r,
    output_growth: measure(items[i].output_growth),
    input_growth: measure(items[i].input_growth),
    productivity_growth: measure(items[i].productivity_growth),
    index_value: measure(items[i].index),
  }));
}

function publishedStability(row: StabilityRow): StabilityRow {
  const [item] = stabilityJson([{ ...row, national: false }]);
  return { ...row, productivity_growth: measure(item.productivity_growth), month_move: measure(item.month_move), band: measure(item.band), revision_range: measure(item.revision_range) };
}

function publishedSensitivity(rows: SensitivityRow[]): SensitivityRow[] {
  return rows.map((r) => {
    const [item] = sensitivityJson([{ org_code: r.org_code, growth: { [r.variant]: r.productivity_growth }, spread: r.spread }], [r.variant], '');
    return { ...r, productivity_growth: measure(item.variants[r.variant]), spread: measure(item.spread) };
  });
}

function publishedOpportunities(rows: OpportunityViewRow[]): OpportunityViewRow[] {
  const items = opportunitiesJson(rows);
  return rows.map((r, i) => ({
    ...r,
    value: measure(items[i].value),
    benchmark: measure(items[i].benchmark),
    opportunity_units: measure(items[i].opportunity_units),
    opportunity_gbp: measure(items[i].opportunity_gbp),
  }));
}

function publishedIndicators(rows: IndicatorViewRow[]): IndicatorViewRow[] {
  const items = indicatorsJson(rows.map((r) => ({ ...r, group: r.group_name })));
  return rows.map((r, i) => ({ ...r, base: measure(items[i].base), current: measure(items[i].current), change: measure(items[i].change) }));
}
