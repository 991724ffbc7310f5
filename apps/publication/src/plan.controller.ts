// /v1 routes of the plan view (issue 13): the 2% targets, the chained index, the stability band
// and the method-sensitivity spread of a release, as JSON or as the data contract's CSV files
// (targets.csv, index.csv, stability.csv; sensitivity as `nhsp sensitivity --out` writes it).
// Thin: validation in plan-pack.query.ts, SQL in plan-pack.reads.ts, formatting in plan-pack.tables.ts.
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, InjectConfig, Principal, Public } from '@nhsp/service-kit';
import { PublicationConfig } from './config';
import { listSchema } from './openapi-schemas';
import { ListRoute } from './plan-pack.decorators';
import { assertOrgHeld, booleanParam, cachedAnswer, listRequest, name, oneOf, orgCode, PLAN_LEVELS, Query as Q, releaseSummary, strictQuery, visibleOrFail } from './plan-pack.query';
import { PLAN_PACK_SORTABLE, PlanPackReads } from './plan-pack.reads';
import { PLAN_PACK_ROWS, STABILITY_LIST } from './plan-pack.schemas';
import { csvOf, indexFile, indexJson, sensitivityFile, sensitivityJson, stabilityFile, stabilityJson, targetsFile, targetsJson } from './plan-pack.tables';
import { ReleaseService } from './release.service';
import { ResponseCache } from './response-cache';

const LEVEL = { name: 'level', enum: PLAN_LEVELS };
const GROUP = { name: 'group', description: 'the group (an org code for level trust)' };

@ApiTags('data')
@Public()
@ApiProduces('application/json', 'text/csv')
@Controller('v1')
export class PlanController {
  constructor(
    private readonly releases: ReleaseService,
    private readonly reads: PlanPackReads,
    private readonly cache: ResponseCache,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get('targets')
  @ListRoute('Where each trust and group stands against the annual productivity target (targets.csv columns)',
    [LEVEL, GROUP, { name: 'on_track', enum: ['true', 'false'] }], PLAN_PACK_SORTABLE.targets, listSchema(PLAN_PACK_ROWS.targets))
  async targets(@Req() req: Request, @Res() res: Response, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const q = strictQuery(query, ['level', 'group', 'on_track']);
    const filter = { level: oneOf(q, 'level', PLAN_LEVELS), group: name(q, 'group'), onTrack: booleanParam(q, 'on_track') };
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.targets);
    const release = await visibleOrFail(this.releases, q, principal);
    await cachedAnswer(this.cache, this.config.CACHE_MAX_AGE, 'targets', req, res, release, format, async () => {
      const { total, rows } = await this.reads.targets(release.id, filter, page);
      return {
        json: { release: releaseSummary(release), total, limit: page.limit, offset: page.offset, items: targetsJson(rows) },
        csv: () => csvOf(targetsFile(rows)),
        filename: `targets-${release.period}.csv`,
        total,
      };
    });
  }

  @Get('index')
  @ListRoute("The chained index since 2019/20 of every trust and group, or of one (level and group): index.csv columns",
    [LEVEL, GROUP], PLAN_PACK_SORTABLE.index, listSchema(PLAN_PACK_ROWS.index))
  async index(@Req() req: Request, @Res() res: Response, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const q = strictQuery(query, ['level', 'group']);
    const filter = { level: oneOf(q, 'level', PLAN_LEVELS), group: name(q, 'group') };
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.index);
    const release = await visibleOrFail(this.releases, q, principal);
    await cachedAnswer(this.cache, this.config.CACHE_MAX_AGE, 'index', req, res, release, format, async () => {
      const { total, rows } = await this.reads.index(release.id, filter, page);
      return {
        json: { release: releaseSummary(release), total, limit: page.limit, offset: page.offset, items: indexJson(rows) },
        csv: () => csvOf(indexFile(rows)),
        filename: `index-${release.period}.csv`,
        total,
      };
    });
  }

  @Get('stability')
  @ListRoute("How steady each trust's figure is, and England's rank stability (stability.csv columns: its last row is England's)",
    [{ name: 'org', description: 'one trust (England: the national row)' }], PLAN_PACK_SORTABLE.stability, STABILITY_LIST)
  async stability(@Req() req: Request, @Res() res: Response, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const q = strictQuery(query, ['org']);
    const org = orgCode(q.org);
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.stability);
    const release = await visibleOrFail(this.releases, q, principal);
    await cachedAnswer(this.cache, this.config.CACHE_MAX_AGE, 'stability', req, res, release, format, async () => {
      const { total, rows } = await this.reads.stability(release.id, org, page);
      assertOrgHeld(org, total, release, 'stability figures');
      const rankStability = await this.reads.rankStability(release.id);
      return {
        json: { release: releaseSummary(release), rank_stability: rankStability, total, limit: page.limit, offset: page.offset, items: stabilityJson(rows) },
        csv: () => csvOf(stabilityFile(rows)),
        filename: `stability-${release.period}.csv`,
        total,
      };
    });
  }

  @Get('sensitivity')
  @ListRoute('How far each trust\'s productivity growth moves under alternative method settings (columns of nhsp sensitivity --out)',
    [{ name: 'org', description: 'one trust' }], PLAN_PACK_SORTABLE.sensitivity, listSchema(PLAN_PACK_ROWS.sensitivity))
  async sensitivity(@Req() req: Request, @Res() res: Response, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const q = strictQuery(query, ['org']);
    const org = orgCode(q.org);
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.sensitivity);
    const release = await visibleOrFail(this.releases, q, principal);
    // Sensitivity may come after the release (release-snapshot.ts): an answer cached without it must not outlive its arrival.
    const held = await this.reads.sensitivityHeld(release);
    await cachedAnswer(this.cache, this.config.CACHE_MAX_AGE, held ? 'sensitivity' : 'sensitivity-pending', req, res, release, format, async () => {
      const { total, rows } = await this.reads.sensitivity(release.id, org, page);
      if (held) assertOrgHeld(org, total, release, 'method sensitivity');
      const variants = await this.reads.sensitivityVariants(release.id);
      return {
        json: { release: releaseSummary(release), total, limit: page.limit, offset: page.offset, items: sensitivityJson(rows, variants, release.period) },
        csv: () => csvOf(sensitivityFile(rows, variants, release.period)),
        filename: `sensitivity-${release.period}.csv`,
        total,
      };
    });
  }
}
