// What the public's trust pages of one published release read, loaded once per release instead
// of several SQL reads per page: every trust's estimate, missing months, contributions,
// benchmarks and notifications (the release's own copy, notifications with their status as at
// assembly), and the plan rows each read once per release and arguments (the targets, which
// every trust page reads whole, above all; the rows read per trust are read for all trusts at
// once, held-plan-rows.ts). A published release's copy never changes, so
// nothing here is ever stale. The rows come through the readers the SQL path uses per trust
// (SourceViews, BoardAnswerReads, releasePlanRows) in the same order, filtered in memory, so
// a page renders to the same bytes; test/read-model.spec.ts compares a public page with a key
// holder's (which ReportData still reads by SQL). Only ReportData decides when to use it: the
// public's reads of published releases.
//
// Memory bound: MAX_RELEASES releases, each a few thousand rows; and the estimates alone of up to
// MAX_SERIES_RELEASES releases (a trust page's series: about 200 rows a release).
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReleaseEntity } from '@nhsp/persistence';
import { BoardAnswerReads } from '../board-answers.reads';
import { planReadsOf } from '../release-plan-rows';
import { BenchmarkRow, ContributionRow, EstimateRow, SourceViews } from '../source-views';
import type { PlanReads } from './plan-reads';
import type { MissingMonth, NotificationRow, RevisionRow } from './report-data';
import { HeldPlanRows } from './held-plan-rows';
import { ReportRepository } from './report.repository';
import { revisionRows } from './revisions';
import { byOrg, firstByOrg } from '../read-model/by-org';
import { RecentLoads } from '../read-model/recent-loads';

export const MAX_RELEASES = 24;
/**
 * Releases whose estimates are kept for the series every trust page draws (one point per published
 * period: seven years are 84). The series read each release's whole model before, and with more
 * published releases than MAX_RELEASES every page loaded the models the previous page had pushed
 * out: rendering the 194 pages of a seven-year history read tens of thousands of models.
 */
export const MAX_SERIES_RELEASES = 96;
/** Sets of a period's releases whose revision rows are kept (one per period, and a few past sets). */
const MAX_REVISION_SETS = 48;
const ALL = { limit: null, offset: 0 };

type Seen = Omit<NotificationRow, 'raised_at' | 'in_figures'> & { id: string; org_code: string };
type Stored = NotificationRow & { id: string; org_code: string };
type Growths = Pick<RevisionRow, 'output_growth' | 'input_growth' | 'productivity_growth' | 'flags'>;
/** The releases of a period as ReportData.revisions reads them (in its order), and each one's trusts' figures. */
interface RevisionSet {
  releases: Array<{ id: string; run_id: string; vintage: string; created_at: string; settings: unknown; inputs: unknown }>;
  figures: Map<string, Map<string, Growths>>;
}

export class ReportReleaseModel {
  private readonly notificationsOf = new Map<string, NotificationRow[]>();

  constructor(
    private readonly estimates: Map<string, EstimateRow>,
    private readonly details: Map<string, Record<string, unknown>>,
    private readonly contributions: Map<string, ContributionRow[]> | null,
    private readonly benchmarks: Map<string, BenchmarkRow[]>,
    private readonly seen: Map<string, Seen[]>,
    private readonly stored: Map<string, Stored[]>,
    /** The release's plan rows, each read once per release and arguments. */
    readonly plan: PlanReads,
  ) {}

  static async load(db: DataSource, sql: ReportRepository, views: SourceViews, reads: BoardAnswerReads, release: ReleaseEntity): Promise<ReportReleaseModel> {
    await views.hold([release.runId]);
    // ReportData.notifications, for every trust at once and the public (the run's own notifications only).
    const seen: Seen[] = await sql.allNotificationsInInputs(release.runId);
    const [estimates, details, contributions, benchmarks, stored] = await Promise.all([
      views.estimates([release.runId], {}, ALL), reads.details(release.runId), reads.allContributions(release.runId), views.benchmarks(release.runId, {}, ALL),
      sql.storedNotificationsOf(release.runId, seen.map((n) => n.id)) as Promise<Stored[]>,
    ]);
    return new ReportReleaseModel(firstByOrg(estimates.rows), details, contributions, byOrg(benchmarks.rows), byOrg(seen), byOrg(stored), memoised(planReadsOf(new HeldPlanRows(db, release), release)));
  }

  estimate(org: string): EstimateRow | undefined {
    return this.estimates.get(org);
  }

  /** Every trust's estimate (the series' rows of this release). */
  get estimatesByOrg(): ReadonlyMap<string, EstimateRow> {
    return this.estimates;
  }

  /** The trusts with an estimate in the release (each has a trust page), in the estimates' order. */
  orgs(): string[] {
    return [...this.estimates.keys()];
  }

  /** ReportData.missingMonths: the detail's `missing`, null where it is not a list. */
  missing(org: string): MissingMonth[] | null {
    const missing: unknown = this.details.get(org)?.missing;
    if (!Array.isArray(missing)) return null;
    return missing
      .filter((m): m is { month: string; missing: unknown } => typeof m?.month === 'string')
      .map((m) => ({ month: m.month, missing: Array.isArray(m.missing) ? m.missing.map(String) : [] }));
  }

  contributionsOf(org: string): ContributionRow[] | null {
    return this.contributions === null ? null : [...(this.contributions.get(org) ?? [])];
  }

  benchmarksOf(org: string): BenchmarkRow[] {
    return [...(this.benchmarks.get(org) ?? [])];
  }

  /** ReportData.notifications for the public: the trust's notifications the run took into account, with their status as at assembly. */
  notifications(org: string): NotificationRow[] {
    let rows = this.notificationsOf.get(org);
    if (!rows) {
      const seen = this.seen.get(org) ?? [];
      const ids = new Set(seen.map((n) => n.id));
      const byId = new Map((this.stored.get(org) ?? []).filter((n) => ids.has(n.id)).map((n) => [n.id, n]));
      rows = seen
        .map(({ id, org_code: _, ...n }) => ({ ...n, raised_at: byId.get(id)?.raised_at ?? null, status: byId.get(id)?.status ?? null, status_note: byId.get(id)?.status_note ?? null, in_figures: true }))
        .sort((a, b) => a.month.localeCompare(b.month) || Number(b.in_figures) - Number(a.in_figures));
      this.notificationsOf.set(org, rows);
    }
    return rows.map((n) => ({ ...n }));
  }
}

@Injectable()
export class ReportReleaseModels {
  private readonly logger = new Logger(ReportReleaseModels.name);
  private readonly models = new RecentLoads<ReportReleaseModel>(MAX_RELEASES);
  private readonly revisionSets = new RecentLoads<RevisionSet>(MAX_REVISION_SETS);
  private readonly seriesRows = new RecentLoads<ReadonlyMap<string, EstimateRow>>(MAX_SERIES_RELEASES);

  constructor(
    private readonly db: DataSource,
    private readonly sql: ReportRepository,
    private readonly views: SourceViews,
    private readonly reads: BoardAnswerReads,
  ) {}

  /** The release's model, loaded once (most recently asked kept); undefined when it cannot be loaded (the SQL path reads). */
  get(release: ReleaseEntity): Promise<ReportReleaseModel | undefined> {
    return this.models.get(release.id, () =>
      ReportReleaseModel.load(this.db, this.sql, this.views, this.reads, release).catch((error) => {
        this.logger.warn(`report model of release ${release.id} not loaded (${(error as Error).message}); its pages read by SQL`);
        return undefined;
      }),
    );
  }

  /** The trust's estimates in each published release (ReportData's series: period order); undefined when a model cannot be loaded. */
  async series(org: string, published: ReleaseEntity[]): Promise<EstimateRow[] | undefined> {
    const sets = await Promise.all(published.map((r) => this.estimatesOf(r)));
    if (!sets.every(Boolean)) return undefined;
    const rows = sets.map((m) => m!.get(org)).filter((e): e is EstimateRow => e !== undefined);
    return rows.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0));
  }

  /** The release's estimates by trust: the held model's, else read alone (the model's own read, its estimates only). */
  private estimatesOf(release: ReleaseEntity): Promise<ReadonlyMap<string, EstimateRow> | undefined> {
    return this.seriesRows.get(release.id, () => {
      const model = this.models.peek(release.id);
      if (model) return Promise.resolve(model.estimatesByOrg);
      // A failed read is not kept (RecentLoads drops undefined): the page reads the series by SQL.
      return this.views.estimates([release.runId], {}, ALL).then(
        (page) => firstByOrg(page.rows),
        () => undefined,
      );
    });
  }

  /** ReportData.revisions from the period's releases read once per set of releases; undefined when they cannot be read (the SQL path reads). */
  async revisions(org: string, visible: ReleaseEntity[], shownRunId: string): Promise<RevisionRow[] | undefined> {
    if (visible.length === 0) return [];
    const key = visible.map((r) => r.id).sort().join(',');
    const held = await this.revisionSets.get(key, () => this.revisionSet(visible).catch(() => undefined));
    if (!held) return undefined;
    const rows = held.releases.map(({ id, ...r }) => {
      const e = held.figures.get(id)?.get(org);
      return {
        ...r, published: r.run_id === shownRunId,
        output_growth: e?.output_growth ?? null, input_growth: e?.input_growth ?? null, productivity_growth: e?.productivity_growth ?? null, flags: e?.flags ?? null,
      };
    });
    return revisionRows(rows, org);
  }

  private async revisionSet(visible: ReleaseEntity[]): Promise<RevisionSet> {
    await this.views.hold(visible.map((r) => r.runId));
    const ids = visible.map((r) => r.id);
    const releases: RevisionSet['releases'] = await this.sql.revisionReleases(ids);
    const rows: Array<Growths & { release_id: string; org_code: string }> = await this.sql.revisionFigures(ids);
    const figures = new Map<string, Map<string, Growths>>();
    for (const { release_id, org_code, ...g } of rows) {
      let of = figures.get(release_id);
      if (!of) figures.set(release_id, (of = new Map()));
      if (!of.has(org_code)) of.set(org_code, g);
    }
    return { releases, figures };
  }
}

/** Each read once per arguments (a failed read is tried again next time). */
function memoised(reads: PlanReads): PlanReads {
  const held = new Map<string, Promise<unknown>>();
  const memo = <A extends unknown[], T>(name: string, read: (...args: A) => Promise<T>) => (...args: A): Promise<T> => {
    const key = `${name}\u0000${args.join('\u0000')}`;
    let value = held.get(key) as Promise<T> | undefined;
    if (!value) {
      value = read(...args);
      held.set(key, value);
      value.catch(() => held.delete(key));
    }
    return value;
  };
  return {
    targets: memo('targets', () => reads.targets()),
    index: memo('index', (level: string, group: string) => reads.index(level, group)),
    stability: memo('stability', (org: string) => reads.stability(org)),
    rankStability: memo('rankStability', () => reads.rankStability()),
    sensitivity: memo('sensitivity', (org: string) => reads.sensitivity(org)),
    opportunities: memo('opportunities', (org: string) => reads.opportunities(org)),
    indicators: memo('indicators', (level: string, group: string) => reads.indicators(level, group)),
    unstableBand: memo('unstableBand', () => reads.unstableBand()),
  };
}
