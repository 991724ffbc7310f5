// What the /v1/releases routes answer, behind ReleasesController: the list, one release by the
// visibility rule (ReleaseVisibility.visibleRelease), and the publisher's publish and schedule.
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ReleaseEntity } from '@nhsp/persistence';
import { InjectConfig, Principal, ProblemException } from '@nhsp/service-kit';
import type { AnswerBody } from './answers';
import { PublicationConfig } from './config';
import { ReleasePublishing, ReleaseStateError } from './release-publishing';
import { ReleaseVisibility, seesEmbargoed } from './release-visibility';
import { manifestJson, releaseJson, releasesCsv } from './releases.presenter';
import { notFound, Paging } from './representation';
import { futureInstant, releaseIdParam } from './request-params';

@Injectable()
export class ReleaseAnswers implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReleaseAnswers.name);

  constructor(
    private readonly publishing: ReleasePublishing,
    private readonly releases: ReleaseVisibility,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  /** A scheduled release whose job was lost (queue emptied, enqueue failed) gets it again. */
  async onApplicationBootstrap(): Promise<void> {
    const n = await this.publishing.enqueueScheduled().catch((error: Error) => {
      this.logger.warn(`scheduled publications not re-enqueued: ${error.message}`);
      return 0;
    });
    if (n > 0) this.logger.log(`${n} scheduled publication(s) enqueued`);
  }

  /** Latest first; the public sees only releases that have been published. */
  async list(page: Paging, filter: { period?: string; statuses: string[] }, principal: Principal | undefined): Promise<AnswerBody> {
    await this.publishing.publishOverdue();
    const [rows, total] = await this.releases.list({ limit: page.limit!, offset: page.offset }, { ...filter, publicOnly: !seesEmbargoed(principal) });
    return {
      json: { total, limit: page.limit, offset: page.offset, items: rows.map((r) => releaseJson(r, false)) },
      csv: () => releasesCsv(rows),
      filename: 'releases.csv',
      total,
    };
  }

  /** The latest period's release, or one by id; an embargoed release is not there for the public (404, not 403: its existence is not announced). */
  async visible(id: string | undefined, principal: Principal | undefined): Promise<ReleaseEntity> {
    const release = await this.releases.visibleRelease(id === undefined ? {} : { releaseId: releaseIdParam(id) }, principal);
    if (!release) throw notFound(id === undefined ? 'No release has been published yet' : `No release ${id}`);
    return release;
  }

  async one(id: string | undefined, principal: Principal | undefined) {
    return releaseJson(await this.visible(id, principal));
  }

  async manifest(id: string, principal: Principal | undefined) {
    return manifestJson(await this.visible(id, principal));
  }

  async publish(id: string) {
    const release = await this.findOrFail(id);
    return releaseJson(await this.publishing.publish(release.id));
  }

  /** The request is checked whole before anything is looked up. */
  async schedule(id: string, rawPublishAt: unknown) {
    releaseIdParam(id);
    const publishAt = futureInstant(rawPublishAt, {
      field: 'publishAt', example: '2026-04-09T09:30:00Z', maxDays: this.config.EMBARGO_MAX_DAYS,
      notFutureHint: `; POST /v1/releases/${id}/publish publishes now`,
    });
    const release = await this.findOrFail(id);
    try {
      return releaseJson(await this.publishing.schedule(release.id, publishAt));
    } catch (error) {
      if (error instanceof ReleaseStateError) throw conflict(error.message);
      throw error;
    }
  }

  private async findOrFail(id: string): Promise<ReleaseEntity> {
    const release = await this.releases.find(releaseIdParam(id));
    if (!release) throw notFound(`No release ${id}`);
    return release;
  }
}

function conflict(detail: string): ProblemException {
  return new ProblemException({ type: 'urn:nhsp:problem:conflict', title: 'Conflict', status: 409, detail });
}
