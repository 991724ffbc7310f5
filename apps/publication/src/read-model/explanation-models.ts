// /v1/trusts/:org/explanation for the public, from one load per published release instead of
// five SQL reads per request. A published release's answers come from its own copy (the
// release_* rows written at assembly, notifications with their status as at assembly), so they
// never change: every trust's inputs - estimate, contributions, detail, notifications,
// benchmarks - are read once per release through the very readers the SQL path uses per trust
// (SourceViews, BoardAnswerReads), and each trust's answer is built on its first ask by the SQL
// path's own presenter (explanationJson) and kept. Only the public's reads of published releases
// come here (BoardAnswersService decides); a key holder's go the SQL way, which
// test/explanation-model.spec.ts compares byte for byte.
//
// Memory bound: MAX_RELEASES releases, each a few thousand rows and at most one kept answer per
// trust (about 200), a few MB each.
import { Injectable, Logger } from '@nestjs/common';
import type { ReleaseEntity } from '@nhsp/persistence';
import { explanationJson, NotificationItem, ref } from '../board-answers.presenter';
import { BoardAnswerReads } from '../board-answers.reads';
import { BenchmarkRow, ContributionRow, EstimateRow, SourceViews } from '../source-views';
import { byOrg, firstByOrg } from './by-org';
import { RecentLoads } from './recent-loads';

/** The most recent periods a reader asks about; an older release is loaded again when asked. */
export const MAX_RELEASES = 24;
const ALL = { limit: null, offset: 0 };

export type ExplanationJson = ReturnType<typeof explanationJson>;

class ExplanationModel {
  private readonly answers = new Map<string, ExplanationJson>();

  constructor(
    private readonly release: ReleaseEntity,
    private readonly estimates: Map<string, EstimateRow>,
    private readonly contributions: Map<string, ContributionRow[]> | null,
    private readonly details: Map<string, Record<string, unknown>>,
    private readonly notifications: Map<string, NotificationItem[]>,
    private readonly benchmarks: Map<string, BenchmarkRow[]>,
  ) {}

  static async load(views: SourceViews, reads: BoardAnswerReads, release: ReleaseEntity): Promise<ExplanationModel> {
    const [estimates, contributions, details, notifications, benchmarks] = await Promise.all([
      views.estimates([release.runId], {}, ALL), reads.allContributions(release.runId), reads.details(release.runId),
      reads.notifications([release], undefined), views.benchmarks(release.runId, {}, ALL),
    ]);
    return new ExplanationModel(release, firstByOrg(estimates.rows), contributions, details, byOrg(notifications), byOrg(benchmarks.rows));
  }

  /** The trust's answer; undefined for a trust the release lacks (the SQL path's 404). */
  answer(org: string): ExplanationJson | undefined {
    let json = this.answers.get(org);
    if (json) return json;
    const estimate = this.estimates.get(org);
    if (!estimate) return undefined;
    json = explanationJson(
      this.release, estimate, this.contributions === null ? null : this.contributions.get(org) ?? [],
      this.details.get(org) ?? {}, this.notifications.get(org) ?? [], this.benchmarks.get(org) ?? [],
    );
    this.answers.set(org, json);
    return json;
  }
}

@Injectable()
export class ExplanationModels {
  private readonly logger = new Logger(ExplanationModels.name);
  private readonly models = new RecentLoads<ExplanationModel>(MAX_RELEASES);

  constructor(
    private readonly views: SourceViews,
    private readonly reads: BoardAnswerReads,
  ) {}

  /** The trust's explanation in a published release; undefined when the model cannot give it (the SQL path answers). */
  async answer(release: ReleaseEntity, org: string): Promise<ExplanationJson | undefined> {
    const model = this.models.get(release.id, () =>
      ExplanationModel.load(this.views, this.reads, release).catch((error) => {
        this.logger.warn(`explanation model of release ${release.id} not loaded (${(error as Error).message}); its explanations take the SQL path`);
        return undefined;
      }),
    );
    const json = (await model)?.answer(org);
    // The release as read now (its status is the one thing of it that may change).
    return json && { ...json, release: ref(release) };
  }

  get size(): number {
    return this.models.size;
  }
}
