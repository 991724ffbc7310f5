// The figures of a release behind DataController: the release a caller may see (the embargo
// rule, ReleaseVisibility.visibleRelease) and its estimates, aggregates and benchmarks as the
// data contract's rows and files; a trust's series across every visible period.
import { Injectable } from '@nestjs/common';
import type { ReleaseEntity } from '@nhsp/persistence';
import { Principal, unknownOrganisation } from '@nhsp/service-kit';
import type { AnswerBody } from './answers';
import { listBody, seriesBody } from './list-bodies';
import { ReleaseVisibility } from './release-visibility';
import { badRequest, notFound, optional, parsePeriod } from './representation';
import { UUID } from './request-params';
import { BenchmarkFilter, EstimateFilter, PageRequest, SourceViews } from './source-views';

type Q = Record<string, string | undefined>;

@Injectable()
export class DataService {
  constructor(
    private readonly releases: ReleaseVisibility,
    private readonly views: SourceViews,
  ) {}

  /**
   * The period's release for the public (latest period by default) or a past published one
   * (`release=<id>`); key holders also see embargoed releases. Anything else is 404.
   */
  async visibleOrFail(q: Q, principal: Principal | undefined): Promise<ReleaseEntity> {
    const period = parsePeriod(q.period);
    const releaseId = optional(q.release);
    if (releaseId !== undefined && !UUID.test(releaseId)) throw badRequest(`release must be a release id (UUID), got "${releaseId}"`, 'release');
    // Without the manifest: these endpoints show only the release's summary.
    const release = await this.releases.visibleRelease({ period, releaseId }, principal, { manifest: false });
    if (!release) {
      throw notFound(releaseId ? `No release ${releaseId}${period ? ` of period ${period}` : ''}` : period ? `No published release for period ${period}` : 'No release has been published yet');
    }
    // One rule on every route that filters by org: an org the release does not hold is 404 naming it, never an empty list.
    const org = optional(q.org);
    if (org !== undefined && (await this.views.estimates([release.runId], { org }, { limit: 1, offset: 0 })).total === 0) {
      throw unknownOrganisation(org, `the release of ${release.period}`);
    }
    return release;
  }

  async estimates(release: ReleaseEntity, filter: EstimateFilter, page: PageRequest): Promise<AnswerBody> {
    return listBody('estimates', release, page, await this.views.estimates([release.runId], filter, page));
  }

  async aggregates(release: ReleaseEntity, level: string | undefined, page: PageRequest): Promise<AnswerBody> {
    return listBody('aggregates', release, page, await this.views.aggregates(release.runId, level, page));
  }

  async benchmarks(release: ReleaseEntity, filter: BenchmarkFilter, page: PageRequest): Promise<AnswerBody> {
    return listBody('benchmarks', release, page, await this.views.benchmarks(release.runId, filter, page));
  }

  /** One trust across every period with a release the caller may see. */
  async series(org: string, principal: Principal | undefined): Promise<AnswerBody> {
    const published = await this.releases.visibleReleasesPerPeriod(principal);
    const { rows } = published.length
      ? await this.views.estimates(published.map((r) => r.runId), { org }, { limit: null, offset: 0 })
      : { rows: [] };
    if (rows.length === 0) throw unknownOrganisation(org, 'any published release');
    return seriesBody(org, rows);
  }
}
