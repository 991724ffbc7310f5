// The plan view's and the packs' answers (issues 13 and 14) behind PlanController and
// PacksController: the release a caller may see (plan-pack.query.ts visibleOrFail, the embargo
// rule of every /v1 figure), the release's rows (plan-pack.reads.ts) and their JSON and the data
// contract's files (plan-pack.tables.ts).
import { Injectable } from '@nestjs/common';
import type { ReleaseEntity } from '@nhsp/persistence';
import type { Principal } from '@nhsp/service-kit';
import type { AnswerBody } from './answers';
import { assertOrgHeld, releaseSummary, visibleOrFail } from './plan-pack.query';
import { IndexFilter, IndicatorFilter, OpportunityFilter, PlanPackReads, TargetFilter } from './plan-pack.reads';
import { listBody, listFrame, packBody, withItems } from './list-bodies';
import { csvOf, opportunitiesFile, opportunitiesJson, sensitivityFile, sensitivityJson, stabilityFile, stabilityJson } from './plan-pack.tables';
import { ReleaseVisibility } from './release-visibility';
import type { PageRequest } from './source-views';

@Injectable()
export class PlanPackService {
  constructor(
    private readonly releases: ReleaseVisibility,
    private readonly reads: PlanPackReads,
  ) {}

  /** The release the caller may see (period, or release id), else 404; without the manifest. */
  release(q: Record<string, string | undefined>, principal: Principal | undefined): Promise<ReleaseEntity> {
    return visibleOrFail(this.releases, q, principal);
  }

  async targets(release: ReleaseEntity, filter: TargetFilter, page: PageRequest): Promise<AnswerBody> {
    return listBody('targets', release, page, await this.reads.targets(release.id, filter, page));
  }

  async index(release: ReleaseEntity, filter: IndexFilter, page: PageRequest): Promise<AnswerBody> {
    return listBody('index', release, page, await this.reads.index(release.id, filter, page));
  }

  async stability(release: ReleaseEntity, org: string | undefined, page: PageRequest): Promise<AnswerBody> {
    const { total, rows } = await this.reads.stability(release.id, org, page);
    assertOrgHeld(org, total, release, 'stability figures');
    const rankStability = await this.reads.rankStability(release.id);
    return {
      json: { release: releaseSummary(release), rank_stability: rankStability, total, limit: page.limit, offset: page.offset, items: stabilityJson(rows) },
      csv: () => csvOf(stabilityFile(rows)),
      filename: `stability-${release.period}.csv`,
      total,
    };
  }

  /** Sensitivity may come after the release (release-snapshot.ts): an answer cached without it must not outlive its arrival. */
  sensitivityHeld(release: ReleaseEntity): Promise<boolean> {
    return this.reads.sensitivityHeld(release);
  }

  async sensitivity(release: ReleaseEntity, org: string | undefined, page: PageRequest, held: boolean): Promise<AnswerBody> {
    const { total, rows } = await this.reads.sensitivity(release.id, org, page);
    if (held) assertOrgHeld(org, total, release, 'method sensitivity');
    const variants = await this.reads.sensitivityVariants(release.id);
    return withItems(listFrame(release, page, total, 'sensitivity'), sensitivityJson(rows, variants, release.period), () => csvOf(sensitivityFile(rows, variants, release.period)));
  }

  /** Every trust's packs, or one trust's (org): a 404 when the release holds no pack for the org at all. */
  async opportunities(release: ReleaseEntity, filter: OpportunityFilter, page: PageRequest): Promise<AnswerBody> {
    const result = await this.reads.opportunities(release.id, filter, page);
    await this.assertPackHeld(filter.org, result.total, release);
    return listBody('opportunities', release, page, result);
  }

  /** One category across trusts, with (JSON) the benchmarks it is measured against. */
  async category(release: ReleaseEntity, filter: OpportunityFilter & { metric: string }, page: PageRequest, withBenchmarks: boolean): Promise<AnswerBody> {
    const { total, rows } = await this.reads.opportunities(release.id, filter, page);
    const benchmarks = withBenchmarks ? await this.reads.categoryBenchmarks(release.id, filter.metric, filter.dimension) : [];
    return {
      json: { metric: filter.metric, release: releaseSummary(release), total, limit: page.limit, offset: page.offset, items: opportunitiesJson(rows), benchmarks },
      csv: () => csvOf(opportunitiesFile(rows)),
      filename: `opportunities-${filter.metric}-${release.period}.csv`,
      total,
    };
  }

  async pack(release: ReleaseEntity, filter: OpportunityFilter & { org: string }, page: PageRequest): Promise<AnswerBody> {
    const result = await this.reads.opportunities(release.id, filter, page);
    await this.assertPackHeld(filter.org, result.total, release);
    return packBody(filter.org, release, page, result);
  }

  async indicators(release: ReleaseEntity, filter: IndicatorFilter, page: PageRequest): Promise<AnswerBody> {
    return listBody('indicators', release, page, await this.reads.indicators(release.id, filter, page));
  }

  /** No row: a 404 when the release holds no pack for the org at all, an empty list when only the other filters found nothing. */
  private async assertPackHeld(org: string | undefined, total: number, release: ReleaseEntity): Promise<void> {
    if (org === undefined || total > 0) return;
    const held = await this.reads.opportunities(release.id, { org }, { limit: 1, offset: 0 });
    assertOrgHeld(org, held.total, release, 'opportunity packs');
  }
}
