// The board's three questions - what moved my number, how it was revised, what the trust told us -
// answered only from releases the caller may see (ReleaseVisibility.visibleRelease /
// visibleReleasesPerPeriod): for the public published releases only, so an embargoed vintage's
// figures, runs and notifications never show; analyst keys also see drafts, as everywhere.
// The answers' rules (contribution totals, movers, flag evidence, revision pairs and causes) are
// @nhsp/board-answers' pure functions; this provider gathers their inputs from the release.
import { Injectable } from '@nestjs/common';
import { revisionCauses } from '@nhsp/board-answers';
import type { ReleaseEntity } from '@nhsp/persistence';
import { Principal, unknownOrganisation } from '@nhsp/service-kit';
import type { AnswerBody } from './answers';
import { explanationJson, NotificationItem, notificationsCsv, ref, RevisionItem, revisionItem, revisionsCsv } from './board-answers.presenter';
import { BoardAnswerReads } from './board-answers.reads';
import { ReleaseVisibility } from './release-visibility';
import { ExplanationModels } from './read-model/explanation-models';
import { notFound } from './representation';
import { SourceViews } from './source-views';

const ALL = { limit: null, offset: 0 };

@Injectable()
export class BoardAnswersService {
  constructor(
    private readonly releases: ReleaseVisibility,
    private readonly views: SourceViews,
    private readonly reads: BoardAnswerReads,
    private readonly models: ExplanationModels,
  ) {}

  /** What moved a trust's figure: growths, contributions, largest movers, flags with evidence, benchmark position. */
  async explanation(org: string, period: string | undefined, principal: Principal | undefined): Promise<AnswerBody> {
    const release = await this.visibleOrFail(period, principal);
    // The public's published release never changes: its answers come from one load per release.
    const modelled = !principal && release.status === 'published' ? await this.models.answer(release, org) : undefined;
    if (modelled) return { json: modelled };
    const [estimate] = (await this.views.estimates([release.runId], { org }, ALL)).rows;
    if (!estimate) throw unknownOrganisation(org, `the release of ${release.period}`);
    const contributions = await this.views.contributions(release.runId, org);
    const detail = await this.reads.detail(release.runId, org);
    const notifications = await this.notificationRows([release], org);
    const benchmarks = (await this.views.benchmarks(release.runId, { org }, ALL)).rows;
    return { json: explanationJson(release, estimate, contributions, detail, notifications, benchmarks) };
  }

  /** How trusts' figures moved between consecutive visible releases of a period, with the causes. */
  async revisions(period: string | undefined, org: string | undefined, principal: Principal | undefined): Promise<AnswerBody> {
    const current = await this.visibleOrFail(period, principal);
    const visible = await this.releases.visibleReleasesOf(current.period, principal);
    const runs = new Map((await this.reads.runs(visible.map((r) => r.runId))).map((r) => [r.id, r]));
    const ordered = visible.filter((r) => runs.has(r.runId)).sort((a, b) => runs.get(a.runId)!.created_at.localeCompare(runs.get(b.runId)!.created_at));
    const estimates = (await this.views.estimates(ordered.map((r) => r.runId), { org }, ALL)).rows;
    if (org && estimates.length === 0) throw unknownOrganisation(org, `the releases of ${current.period}`);
    const byRun = (runId: string) => new Map(estimates.filter((e) => e.run_id === runId).map((e) => [e.org_code, e]));
    const items: RevisionItem[] = [];
    for (let i = 1; i < ordered.length; i++) {
      const [older, newer] = [ordered[i - 1], ordered[i]];
      const [before, after] = [byRun(older.runId), byRun(newer.runId)];
      for (const code of [...new Set([...before.keys(), ...after.keys()])].sort()) {
        items.push(revisionItem(code, before.get(code), after.get(code), older, newer, revisionCauses(runs.get(older.runId)!, runs.get(newer.runId)!, code)));
      }
    }
    return {
      json: { period: current.period, releases: ordered.map(ref), total: items.length, items },
      csv: () => revisionsCsv(current.period, items),
      filename: `revisions-${current.period}${org ? `-${org}` : ''}.csv`,
      total: items.length,
    };
  }

  /** Data notifications taken into account by the visible releases (of a period, or of every period). */
  async notifications(period: string | undefined, org: string | undefined, principal: Principal | undefined): Promise<AnswerBody> {
    const chosen = period ? [await this.visibleOrFail(period, principal)] : await this.releases.visibleReleasesPerPeriod(principal);
    if (chosen.length === 0) throw notFound('No release has been published yet');
    if (org && (await this.views.estimates(chosen.map((r) => r.runId), { org }, { limit: 1, offset: 0 })).total === 0) {
      throw unknownOrganisation(org, period ? `the release of ${period}` : 'any published release');
    }
    const items = await this.notificationRows(chosen, org);
    return {
      json: { total: items.length, items },
      csv: () => notificationsCsv(items),
      filename: `notifications${period ? `-${period}` : ''}${org ? `-${org}` : ''}.csv`,
      total: items.length,
    };
  }

  /** Each release's notifications as its copy holds them, status at assembly (BoardAnswerReads.notifications). */
  private notificationRows(chosen: ReleaseEntity[], org: string | undefined): Promise<NotificationItem[]> {
    return this.reads.notifications(chosen, org);
  }

  private async visibleOrFail(period: string | undefined, principal: Principal | undefined): Promise<ReleaseEntity> {
    const release = await this.releases.visibleRelease({ period }, principal, { manifest: false });
    if (!release) throw notFound(period ? `No published release for period ${period}` : 'No release has been published yet');
    return release;
  }
}
