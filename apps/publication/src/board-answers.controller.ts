// The board's three questions - what moved my number, how it was revised, what the trust told us -
// answered only from releases the caller may see (ReleaseService.visibleRelease /
// visibleReleasesPerPeriod): for the public published releases only, so an embargoed vintage's
// figures, runs and notifications never show; analyst keys also see drafts, as everywhere.
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { contributionTotal, flagRevisions, largestMovers, measureRevisions, otherTrusts, publishedFlagEvidence, RevisionCauses, revisionCauses } from '@nhsp/board-answers';
import { neutraliseFormula, toCsv } from '@nhsp/data-contract';
import type { ReleaseEntity } from '@nhsp/persistence';
import { CurrentPrincipal, InjectConfig, Principal, Public, unknownOrganisation } from '@nhsp/service-kit';
import { BoardAnswerReads, RecordedNotification } from './board-answers.reads';
import { PublicationConfig } from './config';
import { ROW_SCHEMAS } from './openapi-schemas';
import { ReleaseService } from './release.service';
import { negotiate, notFound, optional, parsePeriod, send } from './representation';
import { ContributionRow, EstimateRow, SourceViews } from './source-views';
import { benchmarkJson, estimateJson } from './tables';
import { explainFlag } from './report/explanations';

type Q = Record<string, string | undefined>;
const ALL = { limit: null, offset: 0 };
const MEASURES = ['cwa_base', 'cwa_current', 'output_growth', 'real_spend_base', 'real_spend_current', 'input_growth', 'productivity_growth'] as const;

const str = { type: 'string' };
const nullableStr = { type: 'string', nullable: true };
const RELEASE_REF = { type: 'object', properties: { id: str, run_id: str, period: str, vintage: str, status: str } };
const CONTRIBUTION = { type: 'object', properties: { side: { type: 'string', enum: ['output', 'input'] }, component: str, base: str, current: str, contribution: nullableStr } };
const NOTIFICATION = { type: 'object', properties: { period: str, release_id: str, vintage: str, org_code: str, month: nullableStr, category: nullableStr, text: nullableStr, raised_at: nullableStr, status: { type: 'string', nullable: true, enum: ['raised', 'under_review', 'accepted', 'declined', 'resolved'] }, status_note: nullableStr } };
const REVISION = {
  type: 'object',
  properties: {
    org_code: str, name: str, from: RELEASE_REF, to: RELEASE_REF,
    measures: { type: 'array', items: { type: 'object', properties: { measure: str, before: nullableStr, after: nullableStr, difference: nullableStr } } },
    flags_added: { type: 'array', items: str }, flags_removed: { type: 'array', items: str },
    causes: { type: 'object', properties: { summary: { type: 'array', items: str } }, additionalProperties: true },
  },
};

@ApiTags('board answers')
@Public()
@Controller('v1')
export class BoardAnswersController {
  constructor(
    private readonly releases: ReleaseService,
    private readonly views: SourceViews,
    private readonly reads: BoardAnswerReads,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get('trusts/:org/explanation')
  @ApiOperation({ summary: 'What moved a trust\'s figure in a published release: growths, contributions, largest movers, flags with evidence, benchmark position' })
  @ApiProduces('application/json')
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default the latest published period' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        release: RELEASE_REF, estimate: ROW_SCHEMAS.estimates,
        contributions: { type: 'object', nullable: true, properties: { output: { type: 'array', items: CONTRIBUTION }, input: { type: 'array', items: CONTRIBUTION }, output_total: nullableStr, input_total: nullableStr } },
        largest_movers: { type: 'array', items: CONTRIBUTION },
        flags: { type: 'array', items: { type: 'object', properties: { code: str, explanation: str, evidence: { type: 'object', additionalProperties: true } } } },
        notifications: { type: 'array', items: NOTIFICATION },
        benchmarks: { type: 'array', items: ROW_SCHEMAS.benchmarks },
      },
    },
  })
  async explanation(@Req() req: Request, @Res() res: Response, @Param('org') org: string, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), false);
    const release = await this.visibleOrFail(q, principal);
    const [estimate] = (await this.views.estimates([release.runId], { org }, ALL)).rows;
    if (!estimate) throw unknownOrganisation(org, `the release of ${release.period}`);
    const contributions = await this.views.contributions(release.runId, org);
    const detail = await this.reads.detail(release.runId, org);
    const sum = (rows: ContributionRow[]) => contributionTotal(rows)?.toFixed() ?? null;
    const output = contributions?.filter((c) => c.side === 'output') ?? [];
    const input = contributions?.filter((c) => c.side === 'input') ?? [];
    const notifications = await this.notificationRows([release], org);
    send(req, res, {
      format,
      json: {
        release: ref(release),
        estimate: estimateJson(estimate),
        // Output contributions add up to output growth, input contributions to input growth.
        contributions: contributions === null ? null : { output, input, output_total: sum(output), input_total: sum(input) },
        largest_movers: largestMovers(contributions ?? []),
        flags: (estimate.flags ?? []).map((code) => ({ code, explanation: explainFlag(code), evidence: publishedFlagEvidence(code, detail, notifications) })),
        notifications,
        benchmarks: (await this.views.benchmarks(release.runId, { org }, ALL)).rows.map(benchmarkJson),
      },
      maxAge: this.config.CACHE_MAX_AGE,
    });
  }

  @Get('revisions')
  @ApiOperation({ summary: 'How trusts\' figures moved between consecutive published releases of a period, with the causes (CSV: one row per measure)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default the latest published period' })
  @ApiQuery({ name: 'org', required: false, description: 'one trust; default every trust' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ schema: { type: 'object', properties: { period: str, releases: { type: 'array', items: RELEASE_REF }, total: { type: 'integer' }, items: { type: 'array', items: REVISION } } } })
  async revisions(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const org = optional(q.org);
    const current = await this.visibleOrFail(q, principal);
    const visible = await this.visibleReleasesOf(current.period, principal);
    const runs = new Map((await this.reads.runs(visible.map((r) => r.runId))).map((r) => [r.id, r]));
    const ordered = visible.filter((r) => runs.has(r.runId)).sort((a, b) => runs.get(a.runId)!.created_at.localeCompare(runs.get(b.runId)!.created_at));
    const estimates = (await this.views.estimates(ordered.map((r) => r.runId), { org }, ALL)).rows;
    if (org && estimates.length === 0) throw unknownOrganisation(org, `the releases of ${current.period}`);
    const byRun = (runId: string) => new Map(estimates.filter((e) => e.run_id === runId).map((e) => [e.org_code, e]));
    const items = [];
    for (let i = 1; i < ordered.length; i++) {
      const [older, newer] = [ordered[i - 1], ordered[i]];
      const [before, after] = [byRun(older.runId), byRun(newer.runId)];
      for (const code of [...new Set([...before.keys(), ...after.keys()])].sort()) {
        items.push(revisionItem(code, before.get(code), after.get(code), older, newer, revisionCauses(runs.get(older.runId)!, runs.get(newer.runId)!, code)));
      }
    }
    const csvRows = items.flatMap((it) =>
      it.measures.map((m) => [current.period, it.org_code, neutraliseFormula(it.name), it.from.id, it.from.vintage, it.to.id, it.to.vintage, m.measure, m.before, m.after, m.difference,
        it.flags_added.join('|'), it.flags_removed.join('|'), neutraliseFormula(it.causes.summary.join('; '))]),
    );
    send(req, res, {
      format,
      json: { period: current.period, releases: ordered.map(ref), total: items.length, items },
      csv: () => toCsv(['period', 'org_code', 'name', 'from_release', 'from_vintage', 'to_release', 'to_vintage', 'measure', 'before', 'after', 'difference', 'flags_added', 'flags_removed', 'causes'], csvRows),
      filename: `revisions-${current.period}${org ? `-${org}` : ''}.csv`,
      total: items.length,
      maxAge: this.config.CACHE_MAX_AGE,
    });
  }

  @Get('notifications')
  @ApiOperation({ summary: 'Data notifications taken into account by the published releases (of a period, or of every period)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default every published period' })
  @ApiQuery({ name: 'org', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ schema: { type: 'object', properties: { total: { type: 'integer' }, items: { type: 'array', items: NOTIFICATION } } } })
  async notifications(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const org = optional(q.org);
    const period = parsePeriod(q.period);
    const chosen = period ? [await this.visibleOrFail(q, principal)] : await this.releases.visibleReleasesPerPeriod(principal);
    if (chosen.length === 0) throw notFound('No release has been published yet');
    if (org && (await this.views.estimates(chosen.map((r) => r.runId), { org }, { limit: 1, offset: 0 })).total === 0) {
      throw unknownOrganisation(org, period ? `the release of ${period}` : 'any published release');
    }
    const items = await this.notificationRows(chosen, org);
    send(req, res, {
      format,
      json: { total: items.length, items },
      csv: () => toCsv(['period', 'release_id', 'vintage', 'org_code', 'month', 'category', 'text', 'raised_at', 'status', 'status_note'],
        items.map((n) => [n.period, n.release_id, n.vintage, n.org_code, n.month, n.category, neutraliseFormula(n.text), n.raised_at, n.status, neutraliseFormula(n.status_note)])),
      filename: `notifications${period ? `-${period}` : ''}${org ? `-${org}` : ''}.csv`,
      total: items.length,
      maxAge: this.config.CACHE_MAX_AGE,
    });
  }

  /** Each release's notifications as its copy holds them, status at assembly (BoardAnswerReads.notifications). */
  private notificationRows(chosen: ReleaseEntity[], org: string | undefined) {
    return this.reads.notifications(chosen, org);
  }

  /** Every release of the period the caller may see, each by the one rule (visibleRelease by id). */
  private async visibleReleasesOf(period: string, principal: Principal | undefined): Promise<ReleaseEntity[]> {
    const [rows] = await this.releases.list({ limit: 1000, offset: 0 }, { period, statuses: ['draft', 'scheduled', 'published', 'superseded'] });
    const visible: ReleaseEntity[] = [];
    for (const r of rows) {
      const release = await this.releases.visibleRelease({ releaseId: r.id, period }, principal, { manifest: false });
      if (release) visible.push(release);
    }
    return visible;
  }

  private async visibleOrFail(q: Q, principal: Principal | undefined): Promise<ReleaseEntity> {
    const period = parsePeriod(q.period);
    const release = await this.releases.visibleRelease({ period }, principal, { manifest: false });
    if (!release) throw notFound(period ? `No published release for period ${period}` : 'No release has been published yet');
    return release;
  }
}

function ref(r: ReleaseEntity) {
  return { id: r.id, run_id: r.runId, period: r.period, vintage: r.vintage, status: r.status };
}

function revisionItem(org: string, before: EstimateRow | undefined, after: EstimateRow | undefined, older: ReleaseEntity, newer: ReleaseEntity, causes: RevisionCauses) {
  const flags = flagRevisions(before?.flags ?? [], after?.flags ?? []);
  return {
    org_code: org,
    name: (after ?? before)!.name,
    from: ref(older),
    to: ref(newer),
    measures: measureRevisions(before, after, MEASURES),
    flags_added: flags.added,
    flags_removed: flags.removed,
    causes: publishedCauses(causes),
  };
}

/** The causes in the API's own field names; other trusts' changes as a count (every trust's item would list them all). */
function publishedCauses(c: RevisionCauses) {
  const notification = (n: RevisionCauses['notificationsAdded'][number]): RecordedNotification => ({
    id: n.id ?? null, org_code: String(n.orgCode ?? ''), month: n.month ?? null, category: n.category ?? null, text: n.text ?? null,
  });
  return {
    submissions: c.submissions.map((s) => ({ org_code: s.orgCode, month: s.month, kind: s.kind, change: s.change })),
    other_trusts_submissions: otherTrusts(c),
    weight_set: c.weightSet,
    deflator_set: c.deflatorSet,
    settings: c.settings,
    notifications_added: c.notificationsAdded.map(notification),
    notifications_withdrawn: c.notificationsWithdrawn.map(notification),
    final_vintage_requested: c.finalVintageRequested,
    summary: c.summary,
  };
}
