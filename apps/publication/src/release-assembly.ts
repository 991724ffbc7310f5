// A run's release, assembled once from the owners' views into publication's own copy. Publishing
// and scheduling are ReleasePublishing's (release-publishing.ts), which release a caller may see
// and the lists ReleaseVisibility's (release-visibility.ts): callers inject the one they need.
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ReleaseEntity } from '@nhsp/persistence';
import { InjectConfig } from '@nhsp/service-kit';
import { PublicationConfig } from './config';
import { ReleasePublishing } from './release-publishing';
import { ReleaseRepository } from './release.repository';
import {
  AssembledManifest, copyPlanAndPacks, copyReadModel, insertDraft, planAndPackCounts, runNotInSource, sameCounts, sourceCounts, sourceRun, SourceCatalog,
} from './release-snapshot';
import { SourceViews } from './source-views';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PACKAGE_VERSION: string = require('../../../package.json').version;

export class RunNotFoundError extends Error {}

@Injectable()
export class ReleaseAssembly {
  private readonly logger = new Logger(ReleaseAssembly.name);
  /** The owners' views found so far: the same every release, so asked of PostgreSQL once. */
  private readonly catalog = new SourceCatalog();

  constructor(
    private readonly db: DataSource,
    @InjectRepository(ReleaseEntity) private readonly releases: Repository<ReleaseEntity>,
    private readonly sql: ReleaseRepository,
    private readonly views: SourceViews,
    @InjectConfig() private readonly config: PublicationConfig,
    private readonly publishing: ReleasePublishing,
  ) {}

  /**
   * The release of a run, assembled once: a repeated benchmarks.completed for the same run
   * returns the existing release (and publishes it if it is still a draft under AUTO_PUBLISH).
   */
  async assemble(runId: string): Promise<ReleaseEntity> {
    try {
      return await this.assembleOnce(runId);
    } catch (error) {
      // A view that has gone since it was found made the copy fail: the retry looks for it again.
      this.catalog.forget();
      throw error;
    }
  }

  private async assembleOnce(runId: string): Promise<ReleaseEntity> {
    let release = await this.releases.findOneBy({ runId });
    if (!release) {
      const run = await sourceRun(this.db, runId);
      if (!run) throw new RunNotFoundError(runNotInSource(runId));
      const expected = await planAndPackCounts(this.db, runId, this.catalog);
      const manifest: AssembledManifest = {
        runId,
        period: run.period,
        vintage: run.vintage,
        weightSet: await this.views.referenceSet('cost_weights.v_weight_sets', run.weightSetId),
        deflatorSet: await this.views.referenceSet('deflators.v_deflator_sets', run.deflatorSetId),
        codeVersion: this.config.GIT_SHA ?? PACKAGE_VERSION,
        counts: { ...(await sourceCounts(this.db, runId)), ...expected },
      };
      // The release and its copy of the run's figures, plan view and packs commit together: a
      // release is never seen without them, and never reads the owners' views afterwards. A
      // concurrent assembly of the same run waits on the unique run_id and then inserts nothing.
      const created = await this.db.transaction(async (tx) => {
        const draft = await insertDraft(tx, run, manifest);
        if (!draft) return undefined;
        const copied = await copyPlanAndPacks(tx, draft.id, runId, run.period, this.catalog);
        await copyReadModel(tx, draft.id, runId, run.period, this.catalog);
        // The manifest records the rows copied: counted beforehand, the copy's own where they differ.
        if (!sameCounts(copied, expected)) await this.sql.addManifestCounts(tx, draft.id, copied);
        return draft;
      });
      // A new draft that goes out at once is published without loading it first (with its
      // manifest, hundreds of KB) only to read that it is a draft.
      if (created && this.publishesAtOnce({ status: 'draft', vintage: run.vintage })) {
        this.logger.log(`release ${created.id} assembled for run ${runId} (${run.period}, ${run.vintage})`);
        return this.publishing.publish(created.id);
      }
      release = await this.releases.findOneByOrFail({ runId });
      this.logger.log(`release ${release.id} assembled for run ${runId} (${run.period}, ${run.vintage})`);
    }
    if (this.publishesAtOnce(release)) release = await this.publishing.publish(release.id);
    return release;
  }

  /** A draft is published as it is assembled under AUTO_PUBLISH; a year's final revision as one (final-revision/), never month by month. */
  private publishesAtOnce(release: { status: string; vintage: string }): boolean {
    return release.status === 'draft' && this.config.AUTO_PUBLISH && release.vintage !== 'final_revised';
  }
}
