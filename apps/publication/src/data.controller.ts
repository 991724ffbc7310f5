import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { listSchema, ROW_SCHEMAS } from './openapi-schemas';
import type { Request, Response } from 'express';
import type { ReleaseEntity } from '@nhsp/persistence';
import { CurrentPrincipal, InjectConfig, Principal, Public, unknownOrganisation } from '@nhsp/service-kit';
import { PublicationConfig } from './config';
import { ReleaseService } from './release.service';
import { UUID } from './releases.controller';
import { badRequest, deliver, negotiate, notFound, optional, parsePaging, parsePeriod, parseSort, render, Representation, send } from './representation';
import { ResponseCache } from './response-cache';
import { SORTABLE, SourceViews } from './source-views';
import { aggregateJson, aggregatesCsv, benchmarkJson, benchmarksCsv, estimateJson, estimatesCsv } from './tables';

type Q = Record<string, string | undefined>;
const LEVELS = ['national', 'sector', 'region', 'peer_group'];

/**
 * Figures of the release visibleRelease chooses: for the public the period's published release
 * (latest period by default) or a past published one (`release=<id>`); key holders also see
 * embargoed releases. Anything else is 404.
 */
@ApiTags('data')
@Public()
@ApiProduces('application/json', 'text/csv')
@Controller('v1')
export class DataController {
  constructor(
    private readonly releases: ReleaseService,
    private readonly views: SourceViews,
    private readonly cache: ResponseCache,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  /** The release's figures as rendered before (same release, format and query), or rendered now and kept. */
  private async cached(endpoint: string, req: Request, res: Response, release: ReleaseEntity, format: Representation['format'], build: () => Promise<Omit<Representation, 'maxAge' | 'format'>>): Promise<void> {
    const key = this.cache.key(endpoint, release, format, req.originalUrl);
    const rendered = await this.cache.build(key, async () => render({ format, ...(await build()) }));
    deliver(req, res, rendered, this.config.CACHE_MAX_AGE);
  }

  @Get('estimates')
  @ApiOperation({ summary: 'Trust estimates of a published release (estimates.csv columns with Accept: text/csv or ?format=csv)' })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default the latest published period' })
  @ApiQuery({ name: 'org', required: false })
  @ApiQuery({ name: 'peer_group', required: false })
  @ApiQuery({ name: 'sector', required: false })
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'release', required: false, description: 'a release id instead of the period\'s current release' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'sort', required: false, enum: Object.keys(SORTABLE.estimates) })
  @ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ schema: listSchema(ROW_SCHEMAS.estimates) })
  async estimates(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const page = { ...parsePaging(q, format), sort: parseSort(q, SORTABLE.estimates) };
    const release = await this.visibleOrFail(q, principal);
    const filter = { org: optional(q.org), peerGroup: optional(q.peer_group), sector: optional(q.sector), region: optional(q.region) };
    await this.cached('estimates', req, res, release, format, async () => {
      const { total, rows } = await this.views.estimates([release.runId], filter, page);
      return {
        json: { release: summary(release), total, limit: page.limit, offset: page.offset, items: rows.map(estimateJson) },
        csv: () => estimatesCsv(rows),
        filename: `estimates-${release.period}.csv`,
        total,
      };
    });
  }

  @Get('aggregates')
  @ApiOperation({ summary: 'National, sector, region and peer-group aggregates of a published release (aggregates.csv columns)' })
  @ApiQuery({ name: 'period', required: false })
  @ApiQuery({ name: 'level', required: false, enum: LEVELS })
  @ApiQuery({ name: 'release', required: false, description: 'a release id instead of the period\'s current release' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'sort', required: false, enum: Object.keys(SORTABLE.aggregates) })
  @ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ schema: listSchema(ROW_SCHEMAS.aggregates) })
  async aggregates(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const level = optional(q.level);
    if (level && !LEVELS.includes(level)) throw badRequest(`level must be one of ${LEVELS.join(', ')}`, 'level');
    const page = { ...parsePaging(q, format), sort: parseSort(q, SORTABLE.aggregates) };
    const release = await this.visibleOrFail(q, principal);
    await this.cached('aggregates', req, res, release, format, async () => {
      const { total, rows } = await this.views.aggregates(release.runId, level, page);
      return {
        json: { release: summary(release), total, limit: page.limit, offset: page.offset, items: rows.map(aggregateJson) },
        csv: () => aggregatesCsv(rows),
        filename: `aggregates-${release.period}.csv`,
        total,
      };
    });
  }

  @Get('benchmarks')
  @ApiOperation({ summary: 'Peer benchmarks of a published release (benchmarks.csv columns)' })
  @ApiQuery({ name: 'period', required: false })
  @ApiQuery({ name: 'org', required: false })
  @ApiQuery({ name: 'peer_group', required: false })
  @ApiQuery({ name: 'metric', required: false })
  @ApiQuery({ name: 'release', required: false, description: 'a release id instead of the period\'s current release' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'sort', required: false, enum: Object.keys(SORTABLE.benchmarks) })
  @ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ schema: listSchema(ROW_SCHEMAS.benchmarks) })
  async benchmarks(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const page = { ...parsePaging(q, format), sort: parseSort(q, SORTABLE.benchmarks) };
    const release = await this.visibleOrFail(q, principal);
    const filter = { org: optional(q.org), peerGroup: optional(q.peer_group), metric: optional(q.metric) };
    await this.cached('benchmarks', req, res, release, format, async () => {
      const { total, rows } = await this.views.benchmarks(release.runId, filter, page);
      return {
        json: { release: summary(release), total, limit: page.limit, offset: page.offset, items: rows.map(benchmarkJson) },
        csv: () => benchmarksCsv(rows),
        filename: `benchmarks-${release.period}.csv`,
        total,
      };
    });
  }

  @Get('trusts/:org/series')
  @ApiOperation({ summary: 'One trust across every published period (estimates.csv columns)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ schema: { type: 'object', properties: { org_code: { type: 'string' }, name: { type: 'string' }, items: { type: 'array', items: ROW_SCHEMAS.estimates } } } })
  async series(@Req() req: Request, @Res() res: Response, @Param('org') org: string, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const published = await this.releases.visibleReleasesPerPeriod(principal);
    const { rows } = published.length
      ? await this.views.estimates(published.map((r) => r.runId), { org }, { limit: null, offset: 0 })
      : { rows: [] };
    if (rows.length === 0) throw unknownOrganisation(org, 'any published release');
    send(req, res, {
      format,
      json: { org_code: org, name: rows[rows.length - 1].name, items: rows.map(estimateJson) },
      csv: () => estimatesCsv(rows),
      filename: `${org}-series.csv`,
      maxAge: this.config.CACHE_MAX_AGE,
    });
  }

  private async visibleOrFail(q: Q, principal: Principal | undefined): Promise<ReleaseEntity> {
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
}

function summary(r: ReleaseEntity) {
  return { id: r.id, run_id: r.runId, period: r.period, vintage: r.vintage, status: r.status, published_at: r.publishedAt };
}
