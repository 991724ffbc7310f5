// /v1/trusts/:org/explanation for the public, from one load per published release instead of
// five SQL reads per request. A published release's answers come from its own copy (the
// release_* rows written at assembly, notifications with their status as at assembly), so they
// never change: every trust's inputs - estimate, contributions, detail, notifications,
// benchmarks - are read once per release through the very readers the SQL path uses per trust
// (SourceViews, BoardAnswerReads), and each trust's answer is built on its first ask by the SQL
// path's own presenter (explanationJson) and kept. Only the public's reads of published releases
// come here: through Express (BoardAnswersService decides) or ahead of it (quick-reads/, which
// takes the rendered bytes, `rendered`); a key holder's go the SQL way, which
// test/read-model.spec.ts compares byte for byte.
//
// Memory bound: MAX_RELEASES releases, each a few thousand rows until every trust's answer is
// rendered (the preload renders them all at once), then only the rendered bytes (about 10 KB a
// trust, about 200 trusts, per status of the release), a few MB each and outside V8's heap.
import { Injectable, Logger } from '@nestjs/common';
import type { ReleaseEntity } from '@nhsp/persistence';
import { explanationJson, NotificationItem, ref } from '../board-answers.presenter';
import { BoardAnswerReads } from '../board-answers.reads';
import type { PublicRelease } from '../quick-reads/published-releases';
import { render, Rendered } from '../representation';
import { BenchmarkRow, ContributionRow, EstimateRow, SourceViews } from '../source-views';
import { byOrg, firstByOrg } from './by-org';
import { RecentLoads } from './recent-loads';

/** The most recent periods a reader asks about; an older release is loaded again when asked. */
export const MAX_RELEASES = 24;
const ALL = { limit: null, offset: 0 };

export type ExplanationJson = ReturnType<typeof explanationJson>;

/** What an explanation says of its release: the release row without its manifest (the quick path's PublicRelease, or the routed path's entity). */
type ExplainedRelease = PublicRelease;

/** What a release's answers are made from: every trust's rows, read once. */
interface Inputs {
  estimates: Map<string, EstimateRow>;
  contributions: Map<string, ContributionRow[]> | null;
  details: Map<string, Record<string, unknown>>;
  notifications: Map<string, NotificationItem[]>;
  benchmarks: Map<string, BenchmarkRow[]>;
}

class ExplanationModel {
  /**
   * The rows, until every trust's answer has been rendered; then dropped. They were the bulk of
   * the API's old generation (over half a million objects and strings for twelve releases: every
   * benchmark, contribution and POD row of every trust), marked by every full collection, for
   * answers already held as bytes. An answer is then read back from its bytes (answer()).
   */
  private inputs: Inputs | undefined;
  /** The trusts the release holds. */
  private readonly orgs: ReadonlySet<string>;
  /** The public answer's bytes per trust, for one status of the release (a published release's status changes only when it is superseded). */
  private readonly renders = new Map<string, Rendered>();
  /** Each trust's first rendered answer's bytes (any status: the release in it is replaced when read back). */
  private readonly bodies = new Map<string, Buffer>();

  constructor(
    private readonly release: ExplainedRelease,
    inputs: Inputs,
  ) {
    this.inputs = inputs;
    this.orgs = new Set(inputs.estimates.keys());
  }

  static async load(views: SourceViews, reads: BoardAnswerReads, release: ExplainedRelease): Promise<ExplanationModel> {
    const [estimates, contributions, details, notifications, benchmarks] = await Promise.all([
      views.estimates([release.runId], {}, ALL), reads.allContributions(release.runId), reads.details(release.runId),
      reads.notifications([release], undefined), views.benchmarks(release.runId, {}, ALL),
    ]);
    return new ExplanationModel(release, { estimates: firstByOrg(estimates.rows), contributions, details, notifications: byOrg(notifications), benchmarks: byOrg(benchmarks.rows) });
  }

  /**
   * The trust's answer; undefined for a trust the release lacks (the SQL path's 404). Read back
   * from its rendered bytes once it has been rendered: the same JSON (the answer's release is
   * replaced by withRelease, as for a built one), so the same bytes once serialised again.
   */
  answer(org: string): ExplanationJson | undefined {
    const body = this.bodies.get(org);
    if (body) return JSON.parse(body.toString('utf8')) as ExplanationJson;
    const inputs = this.inputs;
    const estimate = inputs?.estimates.get(org);
    if (!inputs || !estimate) return undefined;
    // explanationJson reads the release's id, run, period, vintage and status only, never its manifest.
    return explanationJson(
      this.release as ReleaseEntity, estimate, inputs.contributions === null ? null : inputs.contributions.get(org) ?? [],
      inputs.details.get(org) ?? {}, inputs.notifications.get(org) ?? [], inputs.benchmarks.get(org) ?? [],
    );
  }

  /** Every trust's answer, rendered for this release as it is now. */
  renderAll(release: ExplainedRelease): void {
    for (const org of this.orgs) this.rendered(release, org);
  }

  /** The answer as sent for this release as it is now (BoardAnswersService's JSON, rendered as the routed path renders it). */
  rendered(release: ExplainedRelease, org: string): Rendered | undefined {
    const key = `${release.status}|${org}`;
    let rendered = this.renders.get(key);
    if (rendered) return rendered;
    const json = this.answer(org);
    if (!json) return undefined;
    rendered = render({ format: 'json', json: withRelease(json, release) });
    this.renders.set(key, rendered);
    if (!this.bodies.has(org)) this.bodies.set(org, rendered.body);
    // Every trust's answer held as bytes: the rows are no longer needed.
    if (this.bodies.size === this.orgs.size) this.inputs = undefined;
    return rendered;
  }
}

/** The release as read now (its status is the one thing of it that may change). */
const withRelease = (json: ExplanationJson, release: ExplainedRelease): ExplanationJson => ({ ...json, release: ref(release as ReleaseEntity) });

@Injectable()
export class ExplanationModels {
  private readonly logger = new Logger(ExplanationModels.name);
  private readonly models = new RecentLoads<ExplanationModel>(MAX_RELEASES);

  constructor(
    private readonly views: SourceViews,
    private readonly reads: BoardAnswerReads,
  ) {}

  /** The trust's explanation in a published release; undefined when the model cannot give it (the SQL path answers). */
  async answer(release: ExplainedRelease, org: string): Promise<ExplanationJson | undefined> {
    const json = (await this.model(release))?.answer(org);
    return json && withRelease(json, release);
  }

  /**
   * The trust's explanation rendered (bytes and ETag, what the routed path sends), for the quick
   * path: at once when the release's model is loaded, else once it is; undefined for a trust the
   * release lacks or a model not loadable (the routed path answers).
   */
  rendered(release: ExplainedRelease, org: string): Rendered | undefined | Promise<Rendered | undefined> {
    const loaded = this.models.peek(release.id);
    if (loaded) return loaded.rendered(release, org);
    return this.model(release).then((model) => model?.rendered(release, org));
  }

  /**
   * Loads the release's model now (at start and when the public releases change) and makes every
   * trust's answer as the public gets it, so that no reader waits on a load or a first build.
   */
  async preload(release: ExplainedRelease): Promise<void> {
    (await this.model(release))?.renderAll(release);
  }

  private model(release: ExplainedRelease): Promise<ExplanationModel | undefined> {
    return this.models.get(release.id, () =>
      ExplanationModel.load(this.views, this.reads, release).catch((error) => {
        this.logger.warn(`explanation model of release ${release.id} not loaded (${(error as Error).message}); its explanations take the SQL path`);
        return undefined;
      }),
    );
  }

  get size(): number {
    return this.models.size;
  }
}
