// /v1 figures of a release (estimates, aggregates, benchmarks) and a trust's series: the query
// checked here, the release and its rows from DataService, the answer through the response cache.
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Public } from '@nhsp/service-kit';
import { Answers } from './answers';
import { DataService } from './data.service';
import { listSchema, ROW_SCHEMAS } from './openapi-schemas';
import { badRequest, negotiate, optional, parsePaging, parseSort } from './representation';
import { Answer, FiguresList, FORMAT_JSON_CSV } from './route.decorators';
import { SORTABLE } from './source-views';

type Q = Record<string, string | undefined>;
const LEVELS = ['national', 'sector', 'region', 'peer_group'];
const SERIES_SCHEMA = { type: 'object', properties: { org_code: { type: 'string' }, name: { type: 'string' }, items: { type: 'array', items: ROW_SCHEMAS.estimates } } };

@ApiTags('data')
@Public()
@ApiProduces('application/json', 'text/csv')
@Controller('v1')
export class DataController {
  constructor(
    private readonly data: DataService,
    private readonly reply: Answers,
  ) {}

  @Get('estimates')
  @FiguresList('Trust estimates of a published release (estimates.csv columns with Accept: text/csv or ?format=csv)',
    [{ name: 'org' }, { name: 'peer_group' }, { name: 'sector' }, { name: 'region' }], SORTABLE.estimates, listSchema(ROW_SCHEMAS.estimates),
    { name: 'period', description: 'YYYY-MM; default the latest published period' })
  async estimates(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const page = { ...parsePaging(q, format), sort: parseSort(q, SORTABLE.estimates) };
    const release = await this.data.visibleOrFail(q, principal);
    const filter = { org: optional(q.org), peerGroup: optional(q.peer_group), sector: optional(q.sector), region: optional(q.region) };
    await this.reply.cached('estimates', req, res, release, format, () => this.data.estimates(release, filter, page));
  }

  @Get('aggregates')
  @FiguresList('National, sector, region and peer-group aggregates of a published release (aggregates.csv columns)',
    [{ name: 'level', enum: LEVELS }], SORTABLE.aggregates, listSchema(ROW_SCHEMAS.aggregates))
  async aggregates(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const level = optional(q.level);
    if (level && !LEVELS.includes(level)) throw badRequest(`level must be one of ${LEVELS.join(', ')}`, 'level');
    const page = { ...parsePaging(q, format), sort: parseSort(q, SORTABLE.aggregates) };
    const release = await this.data.visibleOrFail(q, principal);
    await this.reply.cached('aggregates', req, res, release, format, () => this.data.aggregates(release, level, page));
  }

  @Get('benchmarks')
  @FiguresList('Peer benchmarks of a published release (benchmarks.csv columns)',
    [{ name: 'org' }, { name: 'peer_group' }, { name: 'metric' }], SORTABLE.benchmarks, listSchema(ROW_SCHEMAS.benchmarks))
  async benchmarks(@Req() req: Request, @Res() res: Response, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const page = { ...parsePaging(q, format), sort: parseSort(q, SORTABLE.benchmarks) };
    const release = await this.data.visibleOrFail(q, principal);
    const filter = { org: optional(q.org), peerGroup: optional(q.peer_group), metric: optional(q.metric) };
    await this.reply.cached('benchmarks', req, res, release, format, () => this.data.benchmarks(release, filter, page));
  }

  @Get('trusts/:org/series')
  @Answer('One trust across every published period (estimates.csv columns)', { queries: [FORMAT_JSON_CSV], schema: SERIES_SCHEMA })
  async series(@Req() req: Request, @Res() res: Response, @Param('org') org: string, @Query() q: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    this.reply.send(req, res, format, await this.data.series(org, principal));
  }
}
