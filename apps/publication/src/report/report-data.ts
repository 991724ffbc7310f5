// What the report pages show, read from the same places as /v1 (ReleaseVisibility picks the
// release the caller may see, SourceViews reads its own copy of the figures), so the page and
// the API always agree. The few reads /v1 has no endpoint for (the estimate's missing months,
// England's series, the runs of the period, notifications) are here, against the releases'
// copies only (release-snapshot.ts): a published page never changes when a source view does. A
// part the owners' views lacked at assembly leaves its section saying so.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_SETTINGS, resolveSettings } from '@nhsp/methodology';
import type { ReleaseEntity } from '@nhsp/persistence';
import { Principal } from '@nhsp/service-kit';
import { releasePlanRows } from '../release-plan-rows';
import { periodMonths } from '../release-snapshot';
import { PublishedReleases } from '../quick-reads/published-releases';
import { RecentLoads } from '../read-model/recent-loads';
import { CalendarService } from '../calendar/calendar.service';
import { ReleaseVisibility, seesEmbargoed } from '../release-visibility';
import { AggregateRow, BenchmarkRow, ContributionRow, EstimateRow, SourceViews } from '../source-views';
import type { PackPageView } from './pack-page';
import type { PlanParts } from './plan-parts';
import { englandParts, packParts, PlanReads, trustParts } from './plan-reads';
import type { EnglandPlanView, TrustPlanView } from './plan-sections';
import { ReportReleaseModels } from './report-release-model';
import { ReportRepository } from './report.repository';
import type { PlanTrust } from './plan-types';
import { revisionRows } from './revisions';

export interface ReleaseInfo {
  id: string;
  /** Not 'published' only for analyst keys and above (a preview of a draft or scheduled release). */
  status: string;
  runId: string;
  period: string;
  vintage: string;
  publishedAt: string | null;
  /** The run's annual productivity growth target (its settings; methodology §8), as a fraction. */
  target: number;
}

export interface NationalPoint {
  period: string;
  output_growth: string | null;
  input_growth: string | null;
  productivity_growth: string | null;
}

export interface EnglandModel {
  release: ReleaseInfo;
  periods: string[];
  aggregates: AggregateRow[];
  estimates: EstimateRow[];
  national: NationalPoint[];
  /** The release's plan part and England's Table 1; null where the release holds no plan view (no national target row). */
  plan?: PlanParts<EnglandPlanView> | null;
  /** The next announced release (the publication calendar, issue 16.1). */
  nextRelease?: { period: string; releaseAt: Date } | null;
}


export interface NotificationRow {
  month: string;
  category: string;
  text: string;
  /** null: ingestion's view was not there to date it when the release was assembled. */
  raised_at: string | null;
  /** The shown run took it into account (false only in an analyst's view of later ones). */
  in_figures: boolean;
  /** Where it was in its lifecycle when the release was assembled (issue 16.2: raised, under_review, accepted, declined, resolved) and the analyst's note; null where not recorded. */
  status?: string | null;
  status_note?: string | null;
}

export interface RevisionRow {
  run_id: string;
  vintage: string;
  created_at: string;
  /** Plain-English causes against the run before (whatChanged). */
  changes: string[];
  published: boolean;
  output_growth: string | null;
  input_growth: string | null;
  productivity_growth: string | null;
  flags: string[] | null;
}

/** A month the estimate lacks data for (the estimate's detail, methodology §6 MISSING_DATA). */
export interface MissingMonth {
  month: string;
  missing: string[];
}

export interface TrustModel {
  release: ReleaseInfo;
  estimate: EstimateRow;
  /** Which data is missing for which months; null where the estimate's detail does not say. */
  missing: MissingMonth[] | null;
  series: EstimateRow[];
  /** null: the release holds no contributions (productivity's view was not there at assembly). */
  contributions: ContributionRow[] | null;
  benchmarks: BenchmarkRow[];
  notifications: NotificationRow[];
  revisions: RevisionRow[];
  /** The trust's plan part and Table 1; null where the release holds no plan view (no target rows). */
  plan?: PlanParts<TrustPlanView> | null;
}

export interface PackModel {
  release: ReleaseInfo;
  pack: PackPageView;
}

const ALL = { limit: null, offset: 0 };
/** Periods whose public releases are kept (one set per published release of the period). */
const MAX_PERIOD_SETS = 48;

@Injectable()
export class ReportData {
  /** The public's releases of a period, by the id of the period's published release (see publicReleasesOf). */
  private readonly periodSets = new RecentLoads<ReleaseEntity[]>(MAX_PERIOD_SETS);

  constructor(
    private readonly db: DataSource,
    private readonly releases: ReleaseVisibility,
    private readonly views: SourceViews,
    private readonly calendar: CalendarService,
    private readonly models: ReportReleaseModels,
    private readonly sql: ReportRepository,
    private readonly publicReleases: PublishedReleases,
  ) {}

  // Which release a caller sees is ReleaseVisibility's one rule (visibleRelease /
  // visibleReleasesPerPeriod): the public only published ones, analyst keys also a preview.

  /** null when no release (of that period) is visible to the caller. */
  async england(period: string | undefined, principal: Principal | undefined): Promise<EnglandModel | null> {
    const release = await this.releases.visibleRelease({ period }, principal, { manifest: false });
    if (!release) return null;
    const published = await this.releases.visibleReleasesPerPeriod(principal);
    const [aggregates, estimates] = [await this.views.aggregates(release.runId, undefined, ALL), await this.views.estimates([release.runId], {}, ALL)];
    return {
      release: info(release),
      periods: published.map((r) => r.period),
      aggregates: aggregates.rows,
      estimates: estimates.rows,
      national: await this.nationalSeries(published.map((r) => r.runId)),
      plan: await this.englandPlan(release),
      nextRelease: await this.calendar.nextRelease(),
    };
  }

  /** null when no release is visible to the caller, or the trust is not in it. */
  async trust(org: string, period: string | undefined, principal: Principal | undefined): Promise<TrustModel | null> {
    // The public's releases come from the in-memory list (quick-reads/published-releases.ts) while
    // it is provably current, so a public page of a published release reads nothing by SQL once
    // its release's model is held; otherwise (a key, or the list not trusted now) the database says.
    const chosen = principal ? undefined : this.publicReleases.choose({ period });
    const release = chosen === undefined ? await this.releases.visibleRelease({ period }, principal, { manifest: false }) : (chosen as ReleaseEntity | null);
    if (!release) return null;
    // The public's published release never changes: its rows are read once per release (report-release-model.ts).
    const model = !principal && release.status === 'published' ? await this.models.get(release) : undefined;
    const estimate = model ? model.estimate(org) : (await this.views.estimates([release.runId], { org }, ALL)).rows[0];
    if (!estimate) return null;
    const published = (!principal && (this.publicReleases.publishedInPeriodOrder() as ReleaseEntity[] | undefined)) || (await this.releases.visibleReleasesPerPeriod(principal));
    const series = (model && (await this.models.series(org, published))) ?? (await this.views.estimates(published.map((r) => r.runId), { org }, ALL)).rows;
    const visible = model ? await this.publicReleasesOf(release) : await this.releases.visibleReleasesOf(release.period, principal);
    return {
      release: info(release),
      estimate,
      missing: model ? model.missing(org) : await this.missingMonths(release.runId, org),
      series,
      contributions: model ? model.contributionsOf(org) : await this.views.contributions(release.runId, org),
      benchmarks: model ? model.benchmarksOf(org) : (await this.views.benchmarks(release.runId, { org }, ALL)).rows,
      notifications: model ? model.notifications(org) : await this.notifications(org, release.period, release.runId, seesEmbargoed(principal)),
      revisions: (model && (await this.models.revisions(org, visible, release.runId))) ?? (await this.revisions(org, visible, release.runId)),
      plan: await this.trustPlan(model ? model.plan : releasePlanRows(this.db, release), release.period, planTrust(estimate)),
    };
  }

  /**
   * ReleaseVisibility.visibleReleasesOf for the public, read once per published release: the
   * public's releases of a period are those ever published, and that set grows only when a
   * release of the period is published, which makes it the period's published release (one at a
   * time; publishing supersedes the one before). So the published release's id names the set.
   */
  private async publicReleasesOf(published: ReleaseEntity): Promise<ReleaseEntity[]> {
    const held = await this.periodSets.get(published.id, () => this.releases.visibleReleasesOf(published.period, undefined).catch(() => undefined));
    return held ?? this.releases.visibleReleasesOf(published.period, undefined);
  }

  /**
   * A trust's opportunity pack, from the release's own copy of its rows; null when no release is
   * visible to the caller or the trust has no estimate row in it (an unknown trust, as the trust
   * page answers).
   */
  async pack(org: string, period: string | undefined, principal: Principal | undefined): Promise<PackModel | null> {
    const release = await this.releases.visibleRelease({ period }, principal);
    if (!release) return null;
    const { rows } = await this.views.estimates([release.runId], { org }, ALL);
    if (rows.length === 0) return null;
    return { release: info(release), pack: await packParts(releasePlanRows(this.db, release), release.period, planTrust(rows[0])) };
  }

  // The plan parts read the release's own copy of the plan view (releasePlanRows), as /v1's plan
  // routes do; a release assembled before the plan view existed has none and shows no plan part.
  private async englandPlan(release: ReleaseEntity): Promise<PlanParts<EnglandPlanView> | null> {
    const parts = await englandParts(releasePlanRows(this.db, release), release.period);
    return parts.plan.targets.some((t) => t.level === 'national') ? parts : null;
  }

  private async trustPlan(reads: PlanReads, period: string, trust: PlanTrust): Promise<PlanParts<TrustPlanView> | null> {
    const parts = await trustParts(reads, period, trust);
    return parts.plan.target || (await reads.targets()).length > 0 ? parts : null;
  }


  /**
   * The months an estimate lacks data for, from the detail the release copied (null where
   * productivity's view had no detail).
   */
  private async missingMonths(runId: string, org: string): Promise<MissingMonth[] | null> {
    await this.views.hold([runId]);
    const missing = await this.sql.missingDetail(runId, org);
    if (!Array.isArray(missing)) return null;
    return missing
      .filter((m): m is { month: string; missing: unknown } => typeof m?.month === 'string')
      .map((m) => ({ month: m.month, missing: Array.isArray(m.missing) ? m.missing.map(String) : [] }));
  }

  private async nationalSeries(runIds: string[]): Promise<NationalPoint[]> {
    if (runIds.length === 0) return [];
    await this.views.hold(runIds);
    return this.sql.nationalSeries(runIds);
  }

  /**
   * The trust's notifications behind the shown figures: those the run recorded as its inputs
   * (the manifest's inputs.notifications; the evidence of TRUST_NOTIFICATION), dated and with
   * their status from the release's copy of ingestion's view (as at assembly). Ingestion keeps
   * reads of notifications to analysts, so only analyst keys and above also see the trust's
   * other ones about these months the release holds, not in its figures.
   */
  private async notifications(org: string, period: string, runId: string, privileged: boolean): Promise<NotificationRow[]> {
    await this.views.hold([runId]);
    const seen = await this.sql.notificationsInInputs(runId, org);
    const stored = await this.sql.storedNotifications(runId, org, seen.map((n) => n.id), privileged, periodMonths(period));
    const byId = new Map(stored.map((n) => [n.id, n]));
    const rows: NotificationRow[] = seen.map(({ id, ...n }) => ({ ...n, raised_at: byId.get(id)?.raised_at ?? null, status: byId.get(id)?.status ?? null, status_note: byId.get(id)?.status_note ?? null, in_figures: true }));
    const ids = new Set(seen.map((n) => n.id));
    for (const { id, ...n } of stored) if (!ids.has(id)) rows.push({ ...n, in_figures: false });
    return rows.sort((a, b) => a.month.localeCompare(b.month) || Number(b.in_figures) - Number(a.in_figures));
  }

  /**
   * The releases of the period the caller may see (ReleaseVisibility.visibleReleasesOf: the public
   * only published ones) with this trust's figures in each: the vintages and what changed, from
   * the settings and inputs each manifest recorded.
   */
  private async revisions(org: string, visible: ReleaseEntity[], shownRunId: string): Promise<RevisionRow[]> {
    if (visible.length === 0) return [];
    await this.views.hold(visible.map((r) => r.runId));
    const rows = await this.sql.revisions(visible.map((r) => r.id), org, shownRunId);
    return revisionRows(rows, org);
  }
}

function planTrust(e: EstimateRow): PlanTrust {
  return { org_code: e.org_code, name: e.name, sector: e.sector, peer_group: e.peer_group, flags: e.flags ?? [] };
}

function info(r: ReleaseEntity): ReleaseInfo {
  const at = r.publishedAt as Date | string | null;
  return { id: r.id, status: r.status, runId: r.runId, period: r.period, vintage: r.vintage, publishedAt: at === null ? null : at instanceof Date ? at.toISOString() : String(at), target: targetOf(r) };
}

/** The target the release's run was calculated with; the default where its settings do not parse. */
function targetOf(r: ReleaseEntity): number {
  try {
    return resolveSettings((r.manifest?.settings ?? {}) as Parameters<typeof resolveSettings>[0]).target;
  } catch {
    return DEFAULT_SETTINGS.target;
  }
}
