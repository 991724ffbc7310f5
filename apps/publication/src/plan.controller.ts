// /v1 routes of the plan view (issue 13): the 2% targets, the chained index, the stability band
// and the method-sensitivity spread of a release, as JSON or as the data contract's CSV files
// (targets.csv, index.csv, stability.csv; sensitivity as `nhsp sensitivity --out` writes it).
// Thin: validation here and in plan-pack.query.ts, the answers in plan-pack.service.ts.
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Public } from '@nhsp/service-kit';
import { Answers } from './answers';
import { listSchema } from './openapi-schemas';
import { ListRoute } from './plan-pack.decorators';
import { booleanParam, listRequest, name, oneOf, orgCode, PLAN_LEVELS, Query as Q, strictQuery } from './plan-pack.query';
import { PLAN_PACK_SORTABLE } from './plan-pack.reads';
import { PLAN_PACK_ROWS, STABILITY_LIST } from './plan-pack.schemas';
import { PlanPackService } from './plan-pack.service';

const LEVEL = { name: 'level', enum: PLAN_LEVELS };
const GROUP = { name: 'group', description: 'the group (an org code for level trust)' };

@ApiTags('data')
@Public()
@ApiProduces('application/json', 'text/csv')
@Controller('v1')
export class PlanController {
  constructor(
    private readonly plan: PlanPackService,
    private readonly reply: Answers,
  ) {}

  @Get('targets')
  @ListRoute('Where each trust and group stands against the annual productivity target (targets.csv columns)',
    [LEVEL, GROUP, { name: 'on_track', enum: ['true', 'false'] }], PLAN_PACK_SORTABLE.targets, listSchema(PLAN_PACK_ROWS.targets))
  async targets(@Req() req: Request, @Res() res: Response, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const q = strictQuery(query, ['level', 'group', 'on_track']);
    const filter = { level: oneOf(q, 'level', PLAN_LEVELS), group: name(q, 'group'), onTrack: booleanParam(q, 'on_track') };
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.targets);
    const release = await this.plan.release(q, principal);
    await this.reply.cached('targets', req, res, release, format, () => this.plan.targets(release, filter, page));
  }

  @Get('index')
  @ListRoute("The chained index since 2019/20 of every trust and group, or of one (level and group): index.csv columns",
    [LEVEL, GROUP], PLAN_PACK_SORTABLE.index, listSchema(PLAN_PACK_ROWS.index))
  async index(@Req() req: Request, @Res() res: Response, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const q = strictQuery(query, ['level', 'group']);
    const filter = { level: oneOf(q, 'level', PLAN_LEVELS), group: name(q, 'group') };
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.index);
    const release = await this.plan.release(q, principal);
    await this.reply.cached('index', req, res, release, format, () => this.plan.index(release, filter, page));
  }

  @Get('stability')
  @ListRoute("How steady each trust's figure is, and England's rank stability (stability.csv columns: its last row is England's)",
    [{ name: 'org', description: 'one trust (England: the national row)' }], PLAN_PACK_SORTABLE.stability, STABILITY_LIST)
  async stability(@Req() req: Request, @Res() res: Response, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const q = strictQuery(query, ['org']);
    const org = orgCode(q.org);
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.stability);
    const release = await this.plan.release(q, principal);
    await this.reply.cached('stability', req, res, release, format, () => this.plan.stability(release, org, page));
  }

  @Get('sensitivity')
  @ListRoute('How far each trust\'s productivity growth moves under alternative method settings (columns of nhsp sensitivity --out)',
    [{ name: 'org', description: 'one trust' }], PLAN_PACK_SORTABLE.sensitivity, listSchema(PLAN_PACK_ROWS.sensitivity))
  async sensitivity(@Req() req: Request, @Res() res: Response, @Query() query: Q, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const q = strictQuery(query, ['org']);
    const org = orgCode(q.org);
    const { format, page } = listRequest(req, q, PLAN_PACK_SORTABLE.sensitivity);
    const release = await this.plan.release(q, principal);
    const held = await this.plan.sensitivityHeld(release);
    await this.reply.cached(held ? 'sensitivity' : 'sensitivity-pending', req, res, release, format, () => this.plan.sensitivity(release, org, page, held));
  }
}
