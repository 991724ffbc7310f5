import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { ReleaseEntity, ReleaseManifest } from '@nhsp/persistence';
import { InjectConfig } from '@nhsp/service-kit';
import { PublicationConfig } from './config';
import { SourceViews } from './source-views';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PACKAGE_VERSION: string = require('../../../package.json').version;

export class RunNotFoundError extends Error {}

@Injectable()
export class ReleaseService {
  private readonly logger = new Logger(ReleaseService.name);

  constructor(
    private readonly db: DataSource,
    @InjectRepository(ReleaseEntity) private readonly releases: Repository<ReleaseEntity>,
    private readonly views: SourceViews,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  /**
   * The release of a run, assembled once: a repeated benchmarks.completed for the same run
   * returns the existing release (and publishes it if it is still a draft under AUTO_PUBLISH).
   */
  async assemble(runId: string): Promise<ReleaseEntity> {
    let release = await this.releases.findOneBy({ runId });
    if (!release) {
      const run = await this.views.run(runId);
      if (!run) throw new RunNotFoundError(`run ${runId} is not in productivity.v_runs`);
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
        counts: await this.views.counts(runId),
      };
      await this.db.query(
        `INSERT INTO publication.release (run_id, period, vintage, status, manifest)
         VALUES ($1, $2, $3, 'draft', $4) ON CONFLICT (run_id) DO NOTHING`,
        [runId, run.period, run.vintage, JSON.stringify(manifest)],
      );
      release = await this.releases.findOneByOrFail({ runId });
      this.logger.log(`release ${release.id} assembled for run ${runId} (${run.period}, ${run.vintage})`);
    }
    if (release.status === 'draft' && this.config.AUTO_PUBLISH) release = await this.publish(release.id);
    return release;
  }

  /**
   * One transaction, one UPDATE: this release becomes published and the period's previously
   * published one superseded; the deferred exclusion constraint checks the result at commit.
   * A release of an older run than the one already published (benchmarks finishing out of
   * order) is superseded at once instead of replacing newer figures.
   */
  async publish(id: string): Promise<ReleaseEntity> {
    return this.db.transaction(async (tx) => {
      const [target] = await tx.query(`SELECT period, status FROM publication.release WHERE id = $1`, [id]);
      if (!target) throw new ReleaseNotFoundError(id);
      // Two publications of one period queue up here instead of failing at commit.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('publication.release:' || $1))`, [target.period]);
      const [state] = await tx.query(
        `SELECT t.status,
                (p.manifest->>'runCreatedAt')::timestamptz > (t.manifest->>'runCreatedAt')::timestamptz AS newer_published
           FROM publication.release t
           LEFT JOIN publication.release p ON p.period = t.period AND p.status = 'published' AND p.id <> t.id
          WHERE t.id = $1`,
        [id],
      );
      const publishable = state.status === 'draft' || state.status === 'scheduled';
      if (publishable && state.newer_published) {
        this.logger.warn(`release ${id} is of an older run than the published one of ${target.period}: superseded, not published`);
        await tx.query(`UPDATE publication.release SET status = 'superseded', superseded_at = now() WHERE id = $1`, [id]);
      } else if (publishable) {
        await tx.query(
          `UPDATE publication.release
              SET status = CASE WHEN id = $1 THEN 'published' ELSE 'superseded' END,
                  published_at = CASE WHEN id = $1 THEN now() ELSE published_at END,
                  superseded_at = CASE WHEN id = $1 THEN superseded_at ELSE now() END
            WHERE id = $1 OR (period = $2 AND status = 'published')`,
          [id, target.period],
        );
      }
      return tx.getRepository(ReleaseEntity).findOneByOrFail({ id });
    });
  }

  list(page: { limit: number; offset: number }, filter: { period?: string; statuses: string[] }) {
    return this.releases.findAndCount({
      where: { ...(filter.period ? { period: filter.period } : {}), status: In(filter.statuses) as never },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  find(id: string): Promise<ReleaseEntity | null> {
    return this.releases.findOneBy({ id });
  }

  /** The published release of a period, or of the latest period that has one. */
  published(period?: string): Promise<ReleaseEntity | null> {
    return this.releases.findOne({
      where: { status: 'published', ...(period ? { period } : {}) },
      order: { period: 'DESC' },
    });
  }

  allPublished(): Promise<ReleaseEntity[]> {
    return this.releases.find({ where: { status: 'published' }, order: { period: 'ASC' } });
  }
}

export class ReleaseNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No release ${id}`);
  }
}

function pick(source: Record<string, unknown> | null, keys: string[]): unknown {
  for (const key of keys) if (source && source[key] !== undefined) return source[key];
  return null;
}
