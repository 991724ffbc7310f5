// What the report pages show, read from the same places as /v1 (ReleaseService picks the
// published release, SourceViews reads productivity's and benchmarking's views), so the page
// and the API always agree. The few reads /v1 has no endpoint for (contributions, runs of the
// period, notifications) are here, against the owners' views only; a view that is not there
// (an older deployment, the stand-in views of tests) leaves its section saying so.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Month } from '@nhsp/domain';
import type { ReleaseEntity } from '@nhsp/persistence';
import { Principal } from '@nhsp/service-kit';
import { ReleaseService, seesEmbargoed } from '../release.service';
import { AggregateRow, BenchmarkRow, ContributionRow, EstimateRow, SourceViews } from '../source-views';
import { whatChanged } from './revisions';

export interface ReleaseInfo {
  id: string;
  /** Not 'published' only for analyst keys and above (a preview of a draft or scheduled release). */
  status: string;
  runId: string;
  period: string;
  vintage: string;
  publishedAt: string | null;
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
}


export interface NotificationRow {
  month: string;
  category: string;
  text: string;
  /** null: ingestion's view is not there to date it. */
  raised_at: string | null;
  /** The shown run took it into account (false only in an analyst's view of later ones). */
  in_figures: boolean;
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

export interface TrustModel {
  release: ReleaseInfo;
  estimate: EstimateRow;
  series: EstimateRow[];
  /** null: productivity.v_contributions is not there. */
  contributions: ContributionRow[] | null;
  benchmarks: BenchmarkRow[];
  notifications: NotificationRow[];
  revisions: RevisionRow[];
}

const ALL = { limit: null, offset: 0 };

@Injectable()
export class ReportData {
  constructor(
    private readonly db: DataSource,
    private readonly releases: ReleaseService,
    private readonly views: SourceViews,
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
      series,
      contributions: await this.views.contributions(release.runId, org),
      benchmarks: (await this.views.benchmarks(release.runId, { org }, ALL)).rows,
      notifications: await this.notifications(org, release.period, release.runId, seesEmbargoed(principal)),
      revisions: await this.revisions(org, release.period, release.runId, seesEmbargoed(principal)),
    };
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
          `SELECT id::text, month, category, text, to_json(raised_at)#>>'{}' AS raised_at
             FROM ingestion.v_notifications WHERE org_code = $1 AND (id::text = ANY($2::text[]) OR ($3 AND month = ANY($4::text[])))`,
          [org, seen.map((n) => n.id), privileged, periodMonths(period)],
        )
      : [];
    const raised = new Map(stored.map((n) => [n.id, n.raised_at]));
    const rows: NotificationRow[] = seen.map(({ id, ...n }) => ({ ...n, raised_at: raised.get(id) ?? null, in_figures: true }));
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

function info(r: ReleaseEntity): ReleaseInfo {
  const at = r.publishedAt as Date | string | null;
  return { id: r.id, status: r.status, runId: r.runId, period: r.period, vintage: r.vintage, publishedAt: at === null ? null : at instanceof Date ? at.toISOString() : String(at) };
}

/** The months of the period's year to date and the same months a year earlier. */
function periodMonths(period: string): string[] {
  const end = Month.parse(period);
  const months: string[] = [];
  for (let m = Month.of(end.financialYear.startYear, 4); m.compare(end) <= 0; m = m.plus(1)) months.push(m.toString(), m.plus(-12).toString());
  return months;
}
