import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ReleaseEntity } from '@nhsp/persistence';
import { InjectConfig, Public } from '@nhsp/service-kit';
import { PublicationConfig } from './config';
import { ReleaseService } from './release.service';
import { badRequest, negotiate, notFound, optional, parsePaging, parsePeriod, send } from './representation';
import { SourceViews } from './source-views';
import { aggregateJson, aggregatesCsv, benchmarkJson, benchmarksCsv, estimateJson, estimatesCsv } from './tables';

type Q = Record<string, string | undefined>;
const LEVELS = ['national', 'sector', 'region', 'peer_group'];

/**
 * Published figures, open to anyone: always from the current published release of a period
 * (latest period by default).
 */
@ApiTags('data')
@Public()
@ApiProduces('application/json', 'text/csv')
@Controller('v1')
export class DataController {
  constructor(
    private readonly releases: ReleaseService,
    private readonly views: SourceViews,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get('estimates')
  @ApiOperation({ summary: 'Trust estimates of a published release (estimates.csv columns with Accept: text/csv or ?format=csv)' })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default the latest published period' })
  @ApiQuery({ name: 'org', required: false })
  @ApiQuery({ name: 'peer_group', required: false })
  @ApiQuery({ name: 'sector', required: false })
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  async estimates(@Req() req: Request, @Res() res: Response, @Query() q: Q): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const page = parsePaging(q, format);
    const release = await this.publishedOrFail(q.period);
    const filter = { org: optional(q.org), peerGroup: optional(q.peer_group), sector: optional(q.sector), region: optional(q.region) };
    const { total, rows } = await this.views.estimates([release.runId], filter, page);
    send(req, res, {
      format,
      json: { release: summary(release), total, limit: page.limit, offset: page.offset, items: rows.map(estimateJson) },
      csv: () => estimatesCsv(rows),
      filename: `estimates-${release.period}.csv`,
      maxAge: this.config.CACHE_MAX_AGE,
    });
  }

  @Get('aggregates')
  @ApiOperation({ summary: 'National, sector, region and peer-group aggregates of a published release (aggregates.csv columns)' })
  @ApiQuery({ name: 'period', required: false })
  @ApiQuery({ name: 'level', required: false, enum: LEVELS })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  async aggregates(@Req() req: Request, @Res() res: Response, @Query() q: Q): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const level = optional(q.level);
    if (level && !LEVELS.includes(level)) throw badRequest(`level must be one of ${LEVELS.join(', ')}`, 'level');
    const page = parsePaging(q, format);
    const release = await this.publishedOrFail(q.period);
    const { total, rows } = await this.views.aggregates(release.runId, level, page);
    send(req, res, {
      format,
      json: { release: summary(release), total, limit: page.limit, offset: page.offset, items: rows.map(aggregateJson) },
      csv: () => aggregatesCsv(rows),
      filename: `aggregates-${release.period}.csv`,
      maxAge: this.config.CACHE_MAX_AGE,
    });
  }

  @Get('benchmarks')
  @ApiOperation({ summary: 'Peer benchmarks of a published release (benchmarks.csv columns)' })
  @ApiQuery({ name: 'period', required: false })
  @ApiQuery({ name: 'org', required: false })
  @ApiQuery({ name: 'peer_group', required: false })
  @ApiQuery({ name: 'metric', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  async benchmarks(@Req() req: Request, @Res() res: Response, @Query() q: Q): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const page = parsePaging(q, format);
    const release = await this.publishedOrFail(q.period);
    const filter = { org: optional(q.org), peerGroup: optional(q.peer_group), metric: optional(q.metric) };
    const { total, rows } = await this.views.benchmarks(release.runId, filter, page);
    send(req, res, {
      format,
      json: { release: summary(release), total, limit: page.limit, offset: page.offset, items: rows.map(benchmarkJson) },
      csv: () => benchmarksCsv(rows),
      filename: `benchmarks-${release.period}.csv`,
      maxAge: this.config.CACHE_MAX_AGE,
    });
  }

  @Get('trusts/:org/series')
  @ApiOperation({ summary: 'One trust across every published period (estimates.csv columns)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async series(@Req() req: Request, @Res() res: Response, @Param('org') org: string, @Query() q: Q): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const published = await this.releases.allPublished();
    const { rows } = published.length
      ? await this.views.estimates(published.map((r) => r.runId), { org }, { limit: null, offset: 0 })
      : { rows: [] };
    if (rows.length === 0) throw notFound(`No published estimate for trust ${org}`);
    send(req, res, {
      format,
      json: { org_code: org, name: rows[rows.length - 1].name, items: rows.map(estimateJson) },
      csv: () => estimatesCsv(rows),
      filename: `${org}-series.csv`,
      maxAge: this.config.CACHE_MAX_AGE,
    });
  }

  private async publishedOrFail(periodParam: string | undefined): Promise<ReleaseEntity> {
    const period = parsePeriod(periodParam);
    const release = await this.releases.published(period);
    if (!release) throw notFound(period ? `No published release for period ${period}` : 'No release has been published yet');
    return release;
  }
}

function summary(r: ReleaseEntity) {
  return { id: r.id, run_id: r.runId, period: r.period, vintage: r.vintage, published_at: r.publishedAt };
}
