// The in-memory read models of published runs, for the public reads ahead of Express. A model
// is loaded on the first read of its release (one load in flight per run, however many readers
// wait on it) and kept while it is among the MAX_MODELS most recently read; a run's figures
// never change, so an entry is never wrong, only possibly no longer visible. Visibility is not
// decided here: only releases that PublishedReleases names as published are ever asked for
// (the embargo stays in that one place), and when its list changes - a release published,
// withdrawn or revised - `retainOnly` drops the models of runs no longer named.
//
// Memory bound: MAX_MODELS runs. A run of the full bundle (194 trusts) holds about 200
// estimates, 25 aggregates and a few thousand benchmark rows plus their formatted JSON items:
// of the order of 1-3 MB, so the bound is some 100-300 MB at most (docs/benchmarks.md).
import { Injectable, Logger } from '@nestjs/common';
import { SourceViews } from '../source-views';
import { ReleaseModel } from './release-model';

/** Seven years of monthly releases and some past ones: every period a series shows, in one process. */
export const MAX_MODELS = 96;
/** After a failed load (a view missing, the database away) the run is left to the SQL path for a while. */
const RETRY_AFTER_MS = 5_000;

@Injectable()
export class ReleaseModels {
  private readonly logger = new Logger(ReleaseModels.name);
  /** By run id, most recently read last (a Map iterates in insertion order). */
  private readonly models = new Map<string, ReleaseModel>();
  private readonly loading = new Map<string, Promise<ReleaseModel | undefined>>();
  private readonly failedAt = new Map<string, number>();
  /** The runs PublishedReleases last named: a load that ends after its run left them is not kept. */
  private retained: ReadonlySet<string> | undefined;

  constructor(private readonly views: SourceViews) {}

  /** The model if it is loaded: the synchronous fast path. */
  loaded(runId: string): ReleaseModel | undefined {
    const model = this.models.get(runId);
    if (model) {
      this.models.delete(runId);
      this.models.set(runId, model);
    }
    return model;
  }

  /** The run's model, loading it once; undefined when it cannot be loaded now (the SQL path answers). */
  get(runId: string): ReleaseModel | undefined | Promise<ReleaseModel | undefined> {
    const model = this.loaded(runId);
    if (model) return model;
    const failed = this.failedAt.get(runId);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) return undefined;
    let pending = this.loading.get(runId);
    if (!pending) {
      pending = ReleaseModel.load(this.views, runId)
        .then((loaded) => {
          this.failedAt.delete(runId);
          if (!this.retained || this.retained.has(runId)) this.keep(runId, loaded);
          return loaded;
        })
        .catch((error) => {
          this.failedAt.set(runId, Date.now());
          this.logger.warn(`read model of run ${runId} not loaded (${(error as Error).message}); its reads take the SQL path`);
          return undefined;
        })
        .finally(() => this.loading.delete(runId));
      this.loading.set(runId, pending);
    }
    return pending;
  }

  /** Every model of a run outside `runIds` goes: the public list of releases changed. */
  retainOnly(runIds: ReadonlySet<string>): void {
    this.retained = runIds;
    for (const runId of [...this.models.keys()]) if (!runIds.has(runId)) this.models.delete(runId);
  }

  get size(): number {
    return this.models.size;
  }

  private keep(runId: string, model: ReleaseModel): void {
    if (!this.models.has(runId) && this.models.size >= MAX_MODELS) this.models.delete(this.models.keys().next().value!);
    this.models.set(runId, model);
  }
}
