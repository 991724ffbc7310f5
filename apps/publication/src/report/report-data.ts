// What the report pages show, read from the same places as /v1 (ReleaseService picks the
// published release, SourceViews reads productivity's and benchmarking's views), so the page
// and the API always agree. The few reads /v1 has no endpoint for (contributions, runs of the
// period, notifications) are here, against the owners' views only; a view that is not there
// (an older deployment, the stand-in views of tests) leaves its section saying so.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Month } from '@nhsp/domain';
import { DEFAULT_SETTINGS, resolveSettings } from '@nhsp/methodology';
import type { ReleaseEntity } from '@nhsp/persistence';
import { Principal } from '@nhsp/service-kit';
import { releasePlanRows } from '../release-plan-rows';
import { CalendarService } from '../calendar/calendar.service';
import { ReleaseService, seesEmbargoed } from '../release.service';
import { AggregateRow, BenchmarkRow, ContributionRow, EstimateRow, SourceViews } from '../source-views';
import type { PackPageView } from './pack-page';
import type { PlanParts } from './plan-parts';
import { englandParts, packParts, trustParts } from './plan-reads';
import type { EnglandPlanView, TrustPlanView } from './plan-sections';
import type { PlanTrust } from './plan-types';
import { whatChanged } from './revisions';

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
  /** null: ingestion's view is not there to date it. */
  raised_at: string | null;
  /** The shown run took it into account (false only in an analyst's view of later ones). */
  in_figures: boolean;
  /** Where it is in its lifecycle now (issue 16.2: raised, under_review, accepted, declined, resolved) and the analyst's note; null where not recorded. */
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
  /** null: productivity.v_contributions is not there. */
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

@Injectable()
export class ReportData {
  constructor(
    private readonly db: DataSource,
    private readonly releases: ReleaseService,
    private readonly views: SourceViews,
    private readonly calendar: CalendarService,
  ) {}

  // Which release a caller sees is ReleaseService's one rule (visibleRelease /
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
    const release = await this.releases.visibleRelease({ period }, principal, { manifest: false });
    if (!release) return null;
    const { rows } = await this.views.estimates([release.runId], { org }, ALL);
    if (rows.length === 0) return null;
    const published = await this.releases.visibleReleasesPerPeriod(principal);
    const series = (await this.views.estimates(published.map((r) => r.runId), { org }, ALL)).rows;
    return {
      release: info(release),
      estimate: rows[0],
      missing: await this.missingMonths(release.runId, org),
      series,
      contributions: await this.views.contributions(release.runId, org),
      benchmarks: (await this.views.benchmarks(release.runId, { org }, ALL)).rows,
      notifications: await this.notifications(org, release.period, release.runId, seesEmbargoed(principal)),
      revisions: await this.revisions(org, release.period, release.runId, seesEmbargoed(principal)),
      plan: await this.trustPlan(release, planTrust(rows[0])),
    };
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

  private async trustPlan(release: ReleaseEntity, trust: PlanTrust): Promise<PlanParts<TrustPlanView> | null> {
    const parts = await trustParts(releasePlanRows(this.db, release), release.period, trust);
    return parts.plan.target || (await releasePlanRows(this.db, release).targets()).length > 0 ? parts : null;
  }


  /**
   * The months an estimate lacks data for, from its stored detail. to_jsonb(e) reads the detail
   * column where the view has one and yields null where it has not (an older deployment).
   */
  private async missingMonths(runId: string, org: string): Promise<MissingMonth[] | null> {
    const [row] = await this.db.query(`SELECT to_jsonb(e)->'detail'->'missing' AS missing FROM productivity.v_estimates e WHERE e.run_id = $1::uuid AND e.org_code = $2`, [runId, org]);
    const missing: unknown = row?.missing;
    if (!Array.isArray(missing)) return null;
    return missing
      .filter((m): m is { month: string; missing: unknown } => typeof m?.month === 'string')
      .map((m) => ({ month: m.month, missing: Array.isArray(m.missing) ? m.missing.map(String) : [] }));
  }

  private async nationalSeries(runIds: string[]): Promise<NationalPoint[]> {
    if (runIds.length === 0) return [];
    return this.db.query(
      `SELECT r.period, a.output_growth::text, a.input_growth::text, a.productivity_growth::text
         FROM productivity.v_aggregates a JOIN publication.release r ON r.run_id = a.run_id::text
        WHERE a.run_id = ANY($1::uuid[]) AND a.level = 'national'
        ORDER BY r.period`,
      [runIds],
    );
  }

  /**
   * The trust's notifications behind the shown figures: those the run recorded as its inputs
   * (v_runs.inputs.notifications; the evidence of TRUST_NOTIFICATION), dated from ingestion's
   * view when it is there. Ingestion keeps reads of notifications to analysts, so only analyst
   * keys and above also see the trust's later ones about these months, not yet in any run.
   */
  private async notifications(org: string, period: string, runId: string, privileged: boolean): Promise<NotificationRow[]> {
    const seen: Array<Omit<NotificationRow, 'raised_at' | 'in_figures'> & { id: string }> = await this.db.query(
      `SELECT n->>'id' AS id, n->>'month' AS month, n->>'category' AS category, n->>'text' AS text
         FROM productivity.v_runs r
        CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(r.inputs->'notifications') WHEN 'array' THEN r.inputs->'notifications' ELSE '[]'::jsonb END) n
        WHERE r.id = $1::uuid AND n->>'orgCode' = $2`,
      [runId, org],
    );
    const stored: Array<NotificationRow & { id: string }> = (await this.views.exists('ingestion.v_notifications'))
      ? await this.db.query(
          `SELECT id::text, month, category, text, to_json(raised_at)#>>'{}' AS raised_at,
                  ${(await this.views.hasColumn('ingestion.v_notifications', 'status')) ? 'status, status_note' : 'NULL::text AS status, NULL::text AS status_note'}
             FROM ingestion.v_notifications WHERE org_code = $1 AND (id::text = ANY($2::text[]) OR ($3 AND month = ANY($4::text[])))`,
          [org, seen.map((n) => n.id), privileged, periodMonths(period)],
        )
      : [];
    const byId = new Map(stored.map((n) => [n.id, n]));
    const rows: NotificationRow[] = seen.map(({ id, ...n }) => ({ ...n, raised_at: byId.get(id)?.raised_at ?? null, status: byId.get(id)?.status ?? null, status_note: byId.get(id)?.status_note ?? null, in_figures: true }));
    const ids = new Set(seen.map((n) => n.id));
    for (const { id, ...n } of stored) if (!ids.has(id)) rows.push({ ...n, in_figures: false });
    return rows.sort((a, b) => a.month.localeCompare(b.month) || Number(b.in_figures) - Number(a.in_figures));
  }

  /**
   * The runs of the period with this trust's figures: the vintages and what changed. The public
   * sees only runs whose release has been published (an embargoed run's figures stay hidden).
   */
  private async revisions(org: string, period: string, shownRunId: string, privileged: boolean): Promise<RevisionRow[]> {
    const rows: Array<Omit<RevisionRow, 'changes'> & { settings: unknown; inputs: unknown }> = await this.db.query(
      `SELECT r.id::text AS run_id, r.vintage, to_json(r.created_at)#>>'{}' AS created_at, r.settings, r.inputs,
              r.id::text = $3 AS published,
              e.output_growth::text, e.input_growth::text, e.productivity_growth::text, e.flags
         FROM productivity.v_runs r
         LEFT JOIN productivity.v_estimates e ON e.run_id = r.id AND e.org_code = $2
        WHERE r.period = $1
          AND ($4 OR EXISTS (SELECT 1 FROM publication.release rel WHERE rel.run_id = r.id::text AND rel.published_at IS NOT NULL))
        ORDER BY r.created_at, r.id`,
      [period, org, shownRunId, privileged],
    );
    return rows.map(({ settings, inputs, ...row }, i) => ({
      ...row,
      changes: whatChanged(i > 0 ? { settings: rows[i - 1].settings, inputs: rows[i - 1].inputs } : undefined, { settings, inputs }, org),
    }));
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

/** The months of the period's year to date and the same months a year earlier. */
function periodMonths(period: string): string[] {
  const end = Month.parse(period);
  const months: string[] = [];
  for (let m = Month.of(end.financialYear.startYear, 4); m.compare(end) <= 0; m = m.plus(1)) months.push(m.toString(), m.plus(-12).toString());
  return months;
}
