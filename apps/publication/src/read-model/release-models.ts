// The in-memory read models of published releases, for the public reads ahead of Express. Every
// published release's model is loaded when the release becomes public and at the service's
// start, before it listens (quick-reads/model-reads.ts preload; the model is the published data
// in memory, bounded here, not a cache of answers), else on the first read of its release (one
// load in flight per release, however many readers wait on it); it is kept while it is among the
// MAX_MODELS most recently read; a release's figures never change, so an entry is never wrong,
// only possibly no longer visible.
// Visibility is not decided here: only releases that PublishedReleases names as published are
// ever asked for (the embargo stays in that one place), and when its list changes - a release
// published, withdrawn or revised - `retainOnly` drops the models of releases no longer named.
//
// Memory bound: MAX_MODELS releases. A release of the full bundle (194 trusts) holds about 200
// estimates, 25 aggregates, a few thousand benchmark and opportunity rows and a few hundred
// target, index and indicator rows. The model keeps no row objects: its rows' JSON items and CSV
// lines as bytes (one buffer per list and format), every sortable column's order both ways (two
// Int32Arrays: 8 bytes a row, some 30 orders per list) and its filtered fields' indexes (Int32Arrays),
// a few MB a release, almost all of it in typed arrays and buffers the collector does not trace.
import { Injectable, Logger } from '@nestjs/common';
import { PlanPackReads } from '../plan-pack.reads';
import { SourceViews } from '../source-views';
import { ReleaseModel } from './release-model';

/** Seven years of monthly releases and some past ones: every period a series shows, in one process. */
export const MAX_MODELS = 96;
/** After a failed load (a view missing, the database away) the release is left to the SQL path for a while. */
const RETRY_AFTER_MS = 5_000;

@Injectable()
export class ReleaseModels {
  private readonly logger = new Logger(ReleaseModels.name);
  /** By release id, most recently read last (a Map iterates in insertion order). */
  private readonly models = new Map<string, ReleaseModel>();
  private readonly loading = new Map<string, Promise<ReleaseModel | undefined>>();
  private readonly failedAt = new Map<string, number>();
  /** The releases PublishedReleases last named: a load that ends after its release left them is not kept. */
  private retained: ReadonlySet<string> | undefined;

  constructor(
    private readonly views: SourceViews,
    private readonly plans: PlanPackReads,
  ) {}

  /** The model if it is loaded: the synchronous fast path. */
  loaded(id: string): ReleaseModel | undefined {
    const model = this.models.get(id);
    if (model) {
      this.models.delete(id);
      this.models.set(id, model);
    }
    return model;
  }

  /** The release's model, loading it once; undefined when it cannot be loaded now (the SQL path answers). */
  get(release: { id: string; runId: string }): ReleaseModel | undefined | Promise<ReleaseModel | undefined> {
    const id = release.id;
    const model = this.loaded(id);
    if (model) return model;
    const failed = this.failedAt.get(id);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) return undefined;
    let pending = this.loading.get(id);
    if (!pending) {
      pending = ReleaseModel.load(this.views, this.plans, release)
        .then((loaded) => {
          this.failedAt.delete(id);
          if (!this.retained || this.retained.has(id)) this.keep(id, loaded);
          return loaded;
        })
        .catch((error) => {
          this.failedAt.set(id, Date.now());
          this.logger.warn(`read model of release ${id} not loaded (${(error as Error).message}); its reads take the SQL path`);
          return undefined;
        })
        .finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  /** Every model of a release outside `ids` goes: the public list of releases changed. */
  retainOnly(ids: ReadonlySet<string>): void {
    this.retained = ids;
    for (const id of [...this.models.keys()]) if (!ids.has(id)) this.models.delete(id);
  }

  get size(): number {
    return this.models.size;
  }

  private keep(id: string, model: ReleaseModel): void {
    if (!this.models.has(id) && this.models.size >= MAX_MODELS) this.models.delete(this.models.keys().next().value!);
    this.models.set(id, model);
  }
}
