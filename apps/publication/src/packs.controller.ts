// /v1 routes of the opportunity packs and key indicators (issue 14): every trust's pack, one
// trust's, one category across trusts with the benchmarks it is measured against, and Table 1's
// indicators, as JSON or as the data contract's files (opportunities.csv, indicators.csv).
// Thin: validation here and in plan-pack.query.ts, the answers in plan-pack.service.ts.
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SECTORS } from '@nhsp/domain';
import { KEY_INDICATORS, PACK_METRICS } from '@nhsp/methodology';
import { CurrentPrincipal, Principal, Public } from '@nhsp/service-kit';
import { Answers } from './answers';
import { listSchema } from './openapi-schemas';
import { ListRoute } from './plan-pack.decorators';
import { listRequest, name, oneOf, orgCode, PLAN_LEVELS, Query as Q, strictQuery } from './plan-pack.query';
import { PLAN_PACK_SORTABLE } from './plan-pack.reads';
import { CATEGORY_SCHEMA, PACK_SCHEMA, PLAN_PACK_ROWS } from './plan-pack.schemas';
import { PlanPackService } from './plan-pack.service';
import { badRequest } from './representation';

const DIMENSION = { name: 'dimension', description: 'ward type, corporate function, POD group or POD:HRG subchapter' };

@ApiTags('data')
@Public()
@ApiProduces('application/json', 'text/csv')
@Controller('v1')
export class PacksController {
  constructor(
    private readonly packs: PlanPackService,
    private readonly reply: Answers,
  ) {}

  @Get('opportunities')
  @ListRoute('Every trust\'s opportunity pack (opportunities.csv columns)',
    [{ name: 'org' }, { name: 'sector', enum: SECTORS }, { name: 'metric', enum: PACK_METRICS }, DIMENSION, { name: 'benchmark_group' }],
    PLAN_PACK_SORTABLE.opportunities, listSchema(PLAN_PACK_ROWS.opportunities))
  async opportunities(@Req() req: Request, @Res() res: Response, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const q = strictQuery(query, ['org', 'sector', 'metric', 'dimension', 'benchmark_group']);
    const filter = {
      org: orgCode(q.org), sector: oneOf(q, 'sector', SECTORS), metric: oneOf(q, 'metric', PACK_METRICS),
      dimension: name(q, 'dimension'), benchmarkGroup: name(q, 'benchmark_group'),
    };
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.opportunities);
    const release = await this.packs.release(q, principal);
    await this.reply.cached('opportunities', req, res, release, format, () => this.packs.opportunities(release, filter, page));
  }

  @Get('opportunities/:metric')
  @ApiParam({ name: 'metric', enum: PACK_METRICS })
  @ListRoute('One category across trusts, with the peer-group and national benchmarks it is measured against (opportunities.csv columns)',
    [DIMENSION, { name: 'sector', enum: SECTORS }, { name: 'benchmark_group' }], PLAN_PACK_SORTABLE.opportunities, CATEGORY_SCHEMA)
  async category(@Req() req: Request, @Res() res: Response, @Param('metric') metric: string, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    if (!(PACK_METRICS as readonly string[]).includes(metric)) throw badRequest(`metric must be one of ${PACK_METRICS.join(', ')}, got "${metric.slice(0, 100)}"`, 'metric');
    const q = strictQuery(query, ['dimension', 'sector', 'benchmark_group']);
    const filter = { metric, dimension: name(q, 'dimension'), sector: oneOf(q, 'sector', SECTORS), benchmarkGroup: name(q, 'benchmark_group') };
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.opportunities);
    const release = await this.packs.release(q, principal);
    await this.reply.cached('category', req, res, release, format, () => this.packs.category(release, filter, page, format === 'json'));
  }

  @Get('trusts/:org/pack')
  @ApiParam({ name: 'org', description: 'the trust\'s org code' })
  @ListRoute("One trust's opportunity pack: every category of its sector, those it lacks data for named in missing (opportunities.csv columns)",
    [{ name: 'metric', enum: PACK_METRICS }], PLAN_PACK_SORTABLE.opportunities, PACK_SCHEMA)
  async pack(@Req() req: Request, @Res() res: Response, @Param('org') org: string, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const code = orgCode(org)!;
    const q = strictQuery(query, ['metric']);
    const filter = { org: code, metric: oneOf(q, 'metric', PACK_METRICS) };
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.opportunities);
    const release = await this.packs.release(q, principal);
    await this.reply.cached('pack', req, res, release, format, () => this.packs.pack(release, filter, page));
  }

  @Get('indicators')
  @ListRoute('Key operational indicators of the board paper\'s Table 1 for every trust and group (indicators.csv columns)',
    [{ name: 'level', enum: PLAN_LEVELS }, { name: 'group', description: 'the group (an org code for level trust)' }, { name: 'indicator', enum: KEY_INDICATORS }, { name: 'window', enum: ['ytd', 'month'] }],
    PLAN_PACK_SORTABLE.indicators, listSchema(PLAN_PACK_ROWS.indicators))
  async indicators(@Req() req: Request, @Res() res: Response, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const q = strictQuery(query, ['level', 'group', 'indicator', 'window']);
    const filter = {
      level: oneOf(q, 'level', PLAN_LEVELS), group: name(q, 'group'), indicator: oneOf(q, 'indicator', KEY_INDICATORS), window: oneOf(q, 'window', ['ytd', 'month']),
    };
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.indicators);
    const release = await this.packs.release(q, principal);
    await this.reply.cached('indicators', req, res, release, format, () => this.packs.indicators(release, filter, page));
  }
}
