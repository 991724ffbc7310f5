import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ReleaseEntity, ReleaseManifest } from '@nhsp/persistence';
import type { PublishDueV1 } from '@nhsp/queue';
import { InjectConfig, Principal } from '@nhsp/service-kit';
import { PublicationConfig } from './config';
import { ReleasePublishing } from './release-publishing';
import { copyPlanAndPacks, copyReadModel, runNotInSource, sourceCounts, sourceRun } from './release-snapshot';
import { ReleaseLoad, ReleaseSelection, ReleaseVisibility } from './release-visibility';
import { SourceViews } from './source-views';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PACKAGE_VERSION: string = require('../../../package.json').version;

export class RunNotFoundError extends Error {}

// Publishing and scheduling are ReleasePublishing's (release-publishing.ts), the visibility rule
// and the lists ReleaseVisibility's (release-visibility.ts); what is declared there is exported
// here too for the modules that import it from this file.
export { isPublic, seesEmbargoed } from './release-visibility';
export type { ReleaseLoad, ReleaseSelection } from './release-visibility';
export { ReleaseNotFoundError, ReleaseStateError } from './release-publishing';

@Injectable()
export class ReleaseService {
  private readonly logger = new Logger(ReleaseService.name);

  constructor(
    private readonly db: DataSource,
    @InjectRepository(ReleaseEntity) private readonly releases: Repository<ReleaseEntity>,
    private readonly views: SourceViews,
    @InjectConfig() private readonly config: PublicationConfig,
    private readonly publishing: ReleasePublishing,
    private readonly visibility: ReleaseVisibility,
  ) {}

  /**
   * The release of a run, assembled once: a repeated benchmarks.completed for the same run
   * returns the existing release (and publishes it if it is still a draft under AUTO_PUBLISH).
   */
  async assemble(runId: string): Promise<ReleaseEntity> {
    let release = await this.releases.findOneBy({ runId });
    if (!release) {
      const run = await sourceRun(this.db, runId);
      if (!run) throw new RunNotFoundError(runNotInSource(runId));
      const manifest: ReleaseManifest = {
        runId,
        period: run.period,
        vintage: run.vintage,
        settings: run.settings,
        inputs: run.inputs,
        inputFingerprint: run.input_fingerprint,
        runCreatedAt: run.created_at,
        weightSet: await this.views.referenceSet('cost_weights.v_weight_sets', pick(run.inputs, ['weightSetId', 'weight_set_id'])),
        deflatorSet: await this.views.referenceSet('deflators.v_deflator_sets', pick(run.inputs, ['deflatorSetId', 'deflator_set_id'])),
        codeVersion: this.config.GIT_SHA ?? PACKAGE_VERSION,
        counts: await sourceCounts(this.db, runId),
      };
      // The release and its copy of the run's figures, plan view and packs commit together: a
      // release is never seen without them, and never reads the owners' views afterwards. A
      // concurrent assembly of the same run waits on the unique run_id and then inserts nothing.
      await this.db.transaction(async (tx) => {
        const [created] = await tx.query(
          `INSERT INTO publication.release (run_id, period, vintage, status, manifest)
           VALUES ($1, $2, $3, 'draft', $4) ON CONFLICT (run_id) DO NOTHING RETURNING id`,
          [runId, run.period, run.vintage, JSON.stringify(manifest)],
        );
        if (!created) return;
        const copied = await copyPlanAndPacks(tx, created.id, runId, run.period);
        await copyReadModel(tx, created.id, runId, run.period);
        await tx.query(`UPDATE publication.release SET manifest = jsonb_set(manifest, '{counts}', (manifest->'counts') || $2::jsonb) WHERE id = $1`, [
          created.id, JSON.stringify(copied),
        ]);
      });
      release = await this.releases.findOneByOrFail({ runId });
      this.logger.log(`release ${release.id} assembled for run ${runId} (${run.period}, ${run.vintage})`);
    }
    // A year's final revision is published as one (final-revision/): never month by month.
    if (release.status === 'draft' && this.config.AUTO_PUBLISH && release.vintage !== 'final_revised') release = await this.publish(release.id);
    return release;
  }

  // The assembly above is this class's own work. The rest hands on to the providers that own it,
  // for the callers that hold a ReleaseService (the report, the specs, assemble's own publish).

  publish(id: string, onlyIfDue?: { publishAt: Date }): Promise<ReleaseEntity> {
    return this.publishing.publish(id, onlyIfDue);
  }

  publishTogether(ids: string[], onlyIfDue?: { publishAt: Date }): Promise<ReleaseEntity[]> {
    return this.publishing.publishTogether(ids, onlyIfDue);
  }

  schedule(id: string, publishAt: Date): Promise<ReleaseEntity> {
    return this.publishing.schedule(id, publishAt);
  }

  enqueuePublication(release: ReleaseEntity): Promise<void> {
    return this.publishing.enqueuePublication(release);
  }

  enqueueScheduled(): Promise<number> {
    return this.publishing.enqueueScheduled();
  }

  publishDue(job: PublishDueV1): Promise<ReleaseEntity> {
    return this.publishing.publishDue(job);
  }

  publishOverdue(): Promise<void> {
    return this.publishing.publishOverdue();
  }

  visibleRelease(selection: ReleaseSelection, principal: Principal | undefined, load: ReleaseLoad = {}): Promise<ReleaseEntity | null> {
    return this.visibility.visibleRelease(selection, principal, load);
  }

  visibleReleasesPerPeriod(principal: Principal | undefined): Promise<ReleaseEntity[]> {
    return this.visibility.visibleReleasesPerPeriod(principal);
  }

  visibleReleasesOf(period: string, principal: Principal | undefined): Promise<ReleaseEntity[]> {
    return this.visibility.visibleReleasesOf(period, principal);
  }

  list(page: { limit: number; offset: number }, filter: { period?: string; statuses: string[]; publicOnly?: boolean }) {
    return this.visibility.list(page, filter);
  }

  find(id: string): Promise<ReleaseEntity | null> {
    return this.visibility.find(id);
  }

  published(period?: string, load: ReleaseLoad = {}): Promise<ReleaseEntity | null> {
    return this.visibility.published(period, load);
  }

  allPublished(): Promise<ReleaseEntity[]> {
    return this.visibility.allPublished();
  }
}

function pick(source: Record<string, unknown> | null, keys: string[]): unknown {
  for (const key of keys) if (source && source[key] !== undefined) return source[key];
  return null;
}
