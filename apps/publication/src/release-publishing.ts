// Publishing a release and scheduling it (the embargo's clock): one transaction per publication,
// a delayed job per schedule, and the safety net that publishes an overdue release before a read.
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { ReleaseEntity } from '@nhsp/persistence';
import { BullMqClient, PATTERNS, PublishDueV1 } from '@nhsp/queue';
import { PublishedReleases } from './quick-reads/published-releases';
import { ReleaseRepository } from './release.repository';

@Injectable()
export class ReleasePublishing {
  private readonly logger = new Logger(ReleasePublishing.name);

  constructor(
    private readonly db: DataSource,
    @InjectRepository(ReleaseEntity) private readonly releases: Repository<ReleaseEntity>,
    private readonly sql: ReleaseRepository,
    private readonly bus: BullMqClient,
    private readonly publicReleases: PublishedReleases,
  ) {}

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
      const targets = await this.sql.targetsInLockOrder(tx, ids);
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
    await this.sql.lockPeriod(tx, target.period);
    const state = await this.sql.publicationState(tx, id, onlyIfDue?.publishAt ?? null);
    // A scheduled publication only goes ahead for the schedule it was made for (a rescheduled
    // release has a newer job) and never before its time.
    const publishable = onlyIfDue
      ? state.status === 'scheduled' && state.due === true
      : state.status === 'draft' || state.status === 'scheduled';
    if (publishable && state.newer_published) {
      this.logger.warn(`release ${id} is of an older run than the published one of ${target.period}: superseded, not published`);
      await this.sql.markSuperseded(tx, id);
    } else if (publishable) {
      await this.sql.markPublished(tx, id, target.period);
      // The record of each publication (publication.release_publication): a release published
      // twice, by a job and a read or across restarts, would show as two rows.
      await this.sql.recordPublication(tx, id, onlyIfDue ? 'scheduled' : 'manual');
    }
  }

  /**
   * What a scheduled publication publishes: the release, and - for a final_revised release - every
   * final_revised release of its financial year scheduled for the same time (the year goes out as
   * one publication, whichever of their jobs runs first).
   */
  private async dueTogether(id: string, publishAt: Date): Promise<string[]> {
    const rows = await this.sql.dueTogether(id, publishAt);
    return rows.length ? rows.map((r) => r.id) : [id];
  }

  /**
   * Embargo: the release is scheduled for publishAt; a delayed job on the publication queue
   * publishes it then. Only drafts and scheduled releases (rescheduling) may be scheduled.
   */
  async schedule(id: string, publishAt: Date): Promise<ReleaseEntity> {
    const release = await this.db.transaction(async (tx) => {
      const row = await this.sql.lockStatus(tx, id);
      if (!row) throw new ReleaseNotFoundError(id);
      if (row.status !== 'draft' && row.status !== 'scheduled') throw new ReleaseStateError(`release ${id} is ${row.status}; only a draft or scheduled release can be scheduled`);
      await this.sql.markScheduled(tx, id, publishAt);
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
    const overdue = await this.sql.overdue();
    for (const row of overdue) await this.publishTogether(await this.dueTogether(row.id, row.publish_at), { publishAt: row.publish_at });
  }
}

/** The release is not in a state that allows the request (409). */
export class ReleaseStateError extends Error {}

export class ReleaseNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No release ${id}`);
  }
}
