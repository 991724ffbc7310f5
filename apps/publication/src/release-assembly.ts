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
import { copyPlanAndPacks, copyReadModel, runNotInSource, sourceCounts } from './release-snapshot';
import { SourceViews } from './source-views';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PACKAGE_VERSION: string = require('../../../package.json').version;

export class RunNotFoundError extends Error {}

@Injectable()
export class ReleaseAssembly {
  private readonly logger = new Logger(ReleaseAssembly.name);

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
    let release = await this.releases.findOneBy({ runId });
    if (!release) {
      const run = await this.sql.runToAssemble(runId);
      if (!run) throw new RunNotFoundError(runNotInSource(runId));
      const parts = {
        weightSet: await this.views.referenceSet('cost_weights.v_weight_sets', run.weightSetId),
        deflatorSet: await this.views.referenceSet('deflators.v_deflator_sets', run.deflatorSetId),
        codeVersion: this.config.GIT_SHA ?? PACKAGE_VERSION,
        counts: await sourceCounts(this.db, runId),
      };
      // The release and its copy of the run's figures, plan view and packs commit together: a
      // release is never seen without them, and never reads the owners' views afterwards. A
      // concurrent assembly of the same run waits on the unique run_id and then inserts nothing.
      const created = await this.db.transaction(async (tx) => {
        const draft = await this.sql.insertDraft(tx, runId, parts);
        if (!draft) return undefined;
        const copied = await copyPlanAndPacks(tx, draft.id, runId, run.period);
        await copyReadModel(tx, draft.id, runId, run.period);
        await this.sql.addManifestCounts(tx, draft.id, copied);
        return draft;
      });
      if (created) this.logger.log(`release ${created.id} assembled for run ${runId} (${run.period}, ${run.vintage})`);
      // A draft published at once is not read first (its manifest is hundreds of KB): publish() answers with it.
      if (created && this.publishesAtOnce(run.vintage)) return this.publishing.publish(created.id);
      release = await this.releases.findOneByOrFail({ runId });
    }
    if (release.status === 'draft' && this.publishesAtOnce(release.vintage)) release = await this.publishing.publish(release.id);
    return release;
  }

  /** AUTO_PUBLISH publishes a draft as it is assembled; a year's final revision is published as one (final-revision/), never month by month. */
  private publishesAtOnce(vintage: string): boolean {
    return this.config.AUTO_PUBLISH && vintage !== 'final_revised';
  }
}
