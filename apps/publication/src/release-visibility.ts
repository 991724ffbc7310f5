// Which releases a caller may see - the embargo, checked in one place (visibleRelease) - and the
// lists of releases. A read first publishes what is overdue (ReleasePublishing.publishOverdue).
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsSelect, In, IsNull, Not, Repository } from 'typeorm';
import { ReleaseEntity } from '@nhsp/persistence';
import { Principal, roleSatisfies } from '@nhsp/service-kit';
import { ReleasePublishing } from './release-publishing';
import { ReleaseRepository } from './release.repository';

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
export class ReleaseVisibility {
  constructor(
    private readonly sql: ReleaseRepository,
    @InjectRepository(ReleaseEntity) private readonly releases: Repository<ReleaseEntity>,
    private readonly publishing: ReleasePublishing,
  ) {}

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
    await this.publishing.publishOverdue();
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
    const row = await this.sql.overdueCountAndPublished(period ?? null);
    if (row.overdue > 0) {
      await this.publishing.publishOverdue();
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
    await this.publishing.publishOverdue();
    if (!seesEmbargoed(principal)) return this.allPublished();
    const rows = await this.sql.newestCurrentIdPerPeriod();
    const releases = await this.releases.find({ where: { id: In(rows.map((r) => r.id)) }, select: WITHOUT_MANIFEST });
    return releases.sort((a, b) => a.period.localeCompare(b.period));
  }

  private async newestCurrent(period?: string, select?: FindOptionsSelect<ReleaseEntity>): Promise<ReleaseEntity | null> {
    const row = await this.sql.newestCurrentId(period ?? null);
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

  /**
   * Every release of a period the caller may see, by the same rule (the public: those published,
   * now or in the past; analyst keys and above: every one), oldest run first, without manifests.
   */
  async visibleReleasesOf(period: string, principal: Principal | undefined): Promise<ReleaseEntity[]> {
    await this.publishing.publishOverdue();
    const ids = await this.sql.idsOfPeriod(period);
    const releases = new Map((await this.releases.find({ where: { id: In(ids) }, select: WITHOUT_MANIFEST })).map((r) => [r.id, r]));
    const privileged = seesEmbargoed(principal);
    return ids.map((id) => releases.get(id)!).filter((r) => r && (privileged || isPublic(r)));
  }
}
