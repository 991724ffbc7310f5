import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsSelect, In, IsNull, Not, Repository } from 'typeorm';
import { ReleaseEntity, ReleaseManifest, releaseColumnsWithoutManifest } from '@nhsp/persistence';
import { BullMqClient, PATTERNS, PublishDueV1 } from '@nhsp/queue';
import { InjectConfig, Principal, roleSatisfies } from '@nhsp/service-kit';
import { PublicationConfig } from './config';
import { PublishedReleases } from './quick-reads/published-releases';
import { copyPlanAndPacks, copyReadModel, runNotInSource, sourceCounts, sourceRun } from './release-snapshot';
import { SourceViews } from './source-views';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PACKAGE_VERSION: string = require('../../../package.json').version;

export class RunNotFoundError extends Error {}

/** Who may see releases before publication (drafts, scheduled): analyst keys and above. */
export function seesEmbargoed(principal: Principal | undefined): boolean {
  return principal !== undefined && roleSatisfies(principal.role, ['analyst']);
}

/** Public once published: published, or superseded after having been published. */
export function isPublic(release: ReleaseEntity): boolean {
  return release.publishedAt !== null;
}

/**
 * `manifest: false` leaves the manifest out: it holds every
 * submission hash of the run (hundreds of KB for a national run), which the figures' endpoints
 * never show - read and parsed on every request it cost more than the figures themselves. Left
 * undefined when not loaded.
 */
export interface ReleaseLoad {
  manifest?: boolean;
}

const WITHOUT_MANIFEST: FindOptionsSelect<ReleaseEntity> = {
  id: true, runId: true, period: true, vintage: true, status: true, publishAt: true, createdAt: true, publishedAt: true, supersededAt: true,
};

export interface ReleaseSelection {
  /** `YYYY-MM`; default the latest period with a release visible to the caller. */
  period?: string;
  /** One release by id (a release of the past, or a preview for a key holder). */
  releaseId?: string;
}

@Injectable()
export class ReleaseService {
  private readonly logger = new Logger(ReleaseService.name);

  constructor(
    private readonly db: DataSource,
    @InjectRepository(ReleaseEntity) private readonly releases: Repository<ReleaseEntity>,
    private readonly views: SourceViews,
    @InjectConfig() private readonly config: PublicationConfig,
    private readonly bus: BullMqClient,
    private readonly publicReleases: PublishedReleases,
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

  /**
   * One transaction, one UPDATE: this release becomes published and the period's previously
   * published one superseded; the deferred exclusion constraint checks the result at commit.
   * A release of an older run than the one already published (benchmarks finishing out of
   * order) is superseded at once instead of replacing newer figures.
   */
  async publish(id: string, onlyIfDue?: { publishAt: Date }): Promise<ReleaseEntity> {
    const [release] = await this.publishTogether([id], onlyIfDue);
    return release;
  }

  /**
   * Several releases in ONE transaction, each as publish() does it: readers see all of them
   * published or none (a year's final revision, issue 16.3). Periods are locked in order, so two
   * such publications never wait on each other in a cycle.
   */
  async publishTogether(ids: string[], onlyIfDue?: { publishAt: Date }): Promise<ReleaseEntity[]> {
    const releases = await this.db.transaction(async (tx) => {
      const targets: Array<{ id: string; period: string }> = await tx.query(
        `SELECT id, period FROM publication.release WHERE id = ANY($1::uuid[]) ORDER BY period, id`,
        [ids],
      );
      const missing = ids.find((id) => !targets.some((t) => t.id === id));
      if (missing) throw new ReleaseNotFoundError(missing);
      for (const target of targets) await this.publishIn(tx, target, onlyIfDue);
      const repository = tx.getRepository(ReleaseEntity);
      return Promise.all(ids.map((id) => repository.findOneByOrFail({ id })));
    });
    this.publicReleases.changed();
    return releases;
  }

  private async publishIn(tx: EntityManager, target: { id: string; period: string }, onlyIfDue?: { publishAt: Date }): Promise<void> {
    const { id } = target;
    // Two publications of one period queue up here instead of failing at commit.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('publication.release:' || $1))`, [target.period]);
    const [state] = await tx.query(
      `SELECT t.status, t.publish_at = $2::timestamptz AND t.publish_at <= now() AS due,
              (p.manifest->>'runCreatedAt')::timestamptz > (t.manifest->>'runCreatedAt')::timestamptz AS newer_published
         FROM publication.release t
         LEFT JOIN publication.release p ON p.period = t.period AND p.status = 'published' AND p.id <> t.id
        WHERE t.id = $1`,
      [id, onlyIfDue?.publishAt ?? null],
    );
    // A scheduled publication only goes ahead for the schedule it was made for (a rescheduled
    // release has a newer job) and never before its time.
    const publishable = onlyIfDue
      ? state.status === 'scheduled' && state.due === true
      : state.status === 'draft' || state.status === 'scheduled';
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
      // The record of each publication (publication.release_publication): a release published
      // twice, by a job and a read or across restarts, would show as two rows.
      await tx.query(`INSERT INTO publication.release_publication (release_id, published_at, via) VALUES ($1, now(), $2)`, [id, onlyIfDue ? 'scheduled' : 'manual']);
    }
  }

  /**
   * What a scheduled publication publishes: the release, and - for a final_revised release - every
   * final_revised release of its financial year scheduled for the same time (the year goes out as
   * one publication, whichever of their jobs runs first).
   */
  private async dueTogether(id: string, publishAt: Date): Promise<string[]> {
    // A financial year starts in April: 2025-03 is FY 2024/25.
    const fy = (t: string) => `(substr(${t}.period, 1, 4)::int - CASE WHEN substr(${t}.period, 6, 2)::int < 4 THEN 1 ELSE 0 END)`;
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT c.id FROM publication.release t
         JOIN publication.release c ON c.id = t.id OR (
              t.vintage = 'final_revised' AND c.vintage = 'final_revised' AND c.status = 'scheduled'
              AND c.publish_at = $2::timestamptz AND ${fy('c')} = ${fy('t')})
        WHERE t.id = $1`,
      [id, publishAt],
    );
    return rows.length ? rows.map((r) => r.id) : [id];
  }

  /**
   * Embargo: the release is scheduled for publishAt; a delayed job on the publication queue
   * publishes it then. Only drafts and scheduled releases (rescheduling) may be scheduled.
   */
  async schedule(id: string, publishAt: Date): Promise<ReleaseEntity> {
    const release = await this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT status FROM publication.release WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw new ReleaseNotFoundError(id);
      if (row.status !== 'draft' && row.status !== 'scheduled') throw new ReleaseStateError(`release ${id} is ${row.status}; only a draft or scheduled release can be scheduled`);
      await tx.query(`UPDATE publication.release SET status = 'scheduled', publish_at = $2 WHERE id = $1`, [id, publishAt]);
      return tx.getRepository(ReleaseEntity).findOneByOrFail({ id });
    });
    this.publicReleases.changed();
    // After the commit: a job must never find its release unscheduled. Should this enqueue fail,
    // the release is still published on time by the next read (publishDue) or the next start
    // (enqueueScheduled).
    await this.enqueuePublication(release);
    return release;
  }

  async enqueuePublication(release: ReleaseEntity): Promise<void> {
    const publishAt = release.publishAt!;
    const payload: PublishDueV1 = { releaseId: release.id, publishAt: publishAt.toISOString() };
    await this.bus.emitEvent(PATTERNS.publishDue, payload, { delayMs: Math.max(0, publishAt.getTime() - Date.now()) });
  }

  /** Jobs for every scheduled release (at start-up: a queue emptied or a lost enqueue). Idempotent by job id. */
  async enqueueScheduled(): Promise<number> {
    const scheduled = await this.releases.findBy({ status: 'scheduled' });
    for (const release of scheduled) await this.enqueuePublication(release);
    return scheduled.length;
  }

  /** The job: publish the release if it is still scheduled for this time and the time has come. */
  async publishDue(job: PublishDueV1): Promise<ReleaseEntity> {
    const publishAt = new Date(job.publishAt);
    const early = publishAt.getTime() - Date.now();
    // Queue and database clocks may differ by a little: wait rather than publish early.
    if (early > 0 && early < 5000) await new Promise((resolve) => setTimeout(resolve, early));
    return (await this.publishTogether(await this.dueTogether(job.releaseId, publishAt), { publishAt })).find((r) => r.id === job.releaseId)!;
  }

  /**
   * The safety net of reads: scheduled releases whose time has passed are published here, by
   * the same transaction the job runs, before anything is read. A read never presents a
   * release as published that the database does not hold as published.
   */
  async publishOverdue(): Promise<void> {
    const overdue: Array<{ id: string; publish_at: Date }> = await this.db.query(
      `SELECT id, publish_at FROM publication.release WHERE status = 'scheduled' AND publish_at <= now()`,
    );
    for (const row of overdue) await this.publishTogether(await this.dueTogether(row.id, row.publish_at), { publishAt: row.publish_at });
  }

  /**
   * THE rule of what a caller may see, for every endpoint that serves a release or its figures:
   * - the public: published releases only (the period's published one by default, or a release
   *   published in the past by id); anything else is null (answer 404, never 403);
   * - analyst, publisher and admin keys: also drafts and scheduled releases; by default the
   *   period's newest release that is not superseded (a preview of what will be published).
   * Overdue scheduled releases are published first (publishOverdue).
   */
  async visibleRelease(selection: ReleaseSelection, principal: Principal | undefined, load: ReleaseLoad = {}): Promise<ReleaseEntity | null> {
    const privileged = seesEmbargoed(principal);
    if (!privileged && !selection.releaseId && load.manifest === false) return this.publishedInOneTrip(selection.period);
    await this.publishOverdue();
    const select = load.manifest === false ? WITHOUT_MANIFEST : undefined;
    if (selection.releaseId) {
      const release = await this.releases.findOne({ where: { id: selection.releaseId }, select });
      if (!release || (!privileged && !isPublic(release))) return null;
      if (selection.period && release.period !== selection.period) return null;
      return release;
    }
    if (!privileged) return this.published(selection.period, load);
    return this.newestCurrent(selection.period, select);
  }

  /**
   * The public's usual read (a period's published release, no manifest) in one round trip with
   * the overdue check; only when a scheduled release is overdue does it take the long way
   * (publishOverdue, then the choice again).
   */
  private async publishedInOneTrip(period?: string): Promise<ReleaseEntity | null> {
    const [row] = await this.db.query(
      `SELECT o.overdue, ${releaseColumnsWithoutManifest('r')}
         FROM (SELECT count(*)::int AS overdue FROM publication.release WHERE status = 'scheduled' AND publish_at <= now()) o
         LEFT JOIN LATERAL (SELECT * FROM publication.release WHERE status = 'published' AND ($1::text IS NULL OR period = $1)
                             ORDER BY period DESC LIMIT 1) r ON true`,
      [period ?? null],
    );
    if (row.overdue > 0) {
      await this.publishOverdue();
      return this.published(period, { manifest: false });
    }
    if (!row.id) return null;
    const { overdue: _, ...columns } = row;
    return Object.assign(new ReleaseEntity(), columns);
  }

  /**
   * The visible release of every period that has one (a trust's series), oldest first, without
   * their manifests: a national run's manifest is hundreds of KB of jsonb, and loading every
   * period's on each uncached series or report page was most of their time.
   */
  async visibleReleasesPerPeriod(principal: Principal | undefined): Promise<ReleaseEntity[]> {
    await this.publishOverdue();
    if (!seesEmbargoed(principal)) return this.allPublished();
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT DISTINCT ON (period) id FROM publication.release WHERE status <> 'superseded'
        ORDER BY period, (manifest->>'runCreatedAt')::timestamptz DESC, created_at DESC`,
    );
    const releases = await this.releases.find({ where: { id: In(rows.map((r) => r.id)) }, select: WITHOUT_MANIFEST });
    return releases.sort((a, b) => a.period.localeCompare(b.period));
  }

  /**
   * Every release of a period the caller may see, by the same rule (the public: those published,
   * now or in the past; analyst keys and above: every one), oldest run first, without manifests.
   */
  async visibleReleasesOf(period: string, principal: Principal | undefined): Promise<ReleaseEntity[]> {
    await this.publishOverdue();
    const ids: string[] = (await this.db.query(
      `SELECT id FROM publication.release WHERE period = $1 ORDER BY (manifest->>'runCreatedAt')::timestamptz NULLS FIRST, run_id`,
      [period],
    )).map((r: { id: string }) => r.id);
    const releases = new Map((await this.releases.find({ where: { id: In(ids) }, select: WITHOUT_MANIFEST })).map((r) => [r.id, r]));
    const privileged = seesEmbargoed(principal);
    return ids.map((id) => releases.get(id)!).filter((r) => r && (privileged || isPublic(r)));
  }

  private async newestCurrent(period?: string, select?: FindOptionsSelect<ReleaseEntity>): Promise<ReleaseEntity | null> {
    const [row] = await this.db.query(
      `SELECT id FROM publication.release WHERE status <> 'superseded' AND ($1::text IS NULL OR period = $1)
        ORDER BY period DESC, (manifest->>'runCreatedAt')::timestamptz DESC, created_at DESC LIMIT 1`,
      [period ?? null],
    );
    return row ? this.releases.findOne({ where: { id: row.id }, select }) : null;
  }

  list(page: { limit: number; offset: number }, filter: { period?: string; statuses: string[]; publicOnly?: boolean }) {
    return this.releases.findAndCount({
      where: {
        ...(filter.period ? { period: filter.period } : {}),
        status: In(filter.statuses) as never,
        ...(filter.publicOnly ? { publishedAt: Not(IsNull()) } : {}),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  find(id: string): Promise<ReleaseEntity | null> {
    return this.releases.findOneBy({ id });
  }

  /** The published release of a period, or of the latest period that has one. */
  published(period?: string, load: ReleaseLoad = {}): Promise<ReleaseEntity | null> {
    return this.releases.findOne({
      where: { status: 'published', ...(period ? { period } : {}) },
      order: { period: 'DESC' },
      select: load.manifest === false ? WITHOUT_MANIFEST : undefined,
    });
  }

  /** Every published release, oldest period first, without manifests. */
  allPublished(): Promise<ReleaseEntity[]> {
    return this.releases.find({ where: { status: 'published' }, order: { period: 'ASC' }, select: WITHOUT_MANIFEST });
  }
}

/** The release is not in a state that allows the request (409). */
export class ReleaseStateError extends Error {}

export class ReleaseNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No release ${id}`);
  }
}

function pick(source: Record<string, unknown> | null, keys: string[]): unknown {
  for (const key of keys) if (source && source[key] !== undefined) return source[key];
  return null;
}
