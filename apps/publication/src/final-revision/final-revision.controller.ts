import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Public, Roles } from '@nhsp/service-kit';
import { Answers } from '../answers';
import { releaseJson } from '../releases.presenter';
import { negotiate, optional } from '../representation';
import { Answer, FORMAT_JSON_CSV } from '../route.decorators';
import { parseYearParam } from './fiscal-year';
import { FinalRevisionAnswers } from './final-revision.answers';
import { FinalRevisionService } from './final-revision.service';

const str = { type: 'string' };
const nullableStr = { type: 'string', nullable: true };
const REF = { type: 'object', nullable: true, properties: { id: str, vintage: str, status: str, published_at: nullableStr } };
const ITEM = {
  type: 'object',
  properties: {
    period: str, org_code: str, name: str, provisional: REF, final: REF,
    measures: { type: 'array', items: { type: 'object', properties: { measure: str, before: nullableStr, after: nullableStr, difference: nullableStr } } },
    flags_added: { type: 'array', items: str }, flags_removed: { type: 'array', items: str },
    causes: { type: 'object', nullable: true, properties: { summary: { type: 'array', items: str } }, additionalProperties: true },
  },
};

@ApiTags('final revisions')
@Controller('v1/final-revisions')
export class FinalRevisionController {
  constructor(
    private readonly finalRevisions: FinalRevisionService,
    private readonly answers: FinalRevisionAnswers,
    private readonly reply: Answers,
  ) {}

  @Get(':fy')
  @Public()
  @Answer("A financial year's final revision (fy as 2024-25): its twelve releases and every trust's provisional against final figures per month, with the causes; JSON or CSV (one row per measure)", {
    produces: ['application/json', 'text/csv'],
    queries: [{ name: 'org' }, FORMAT_JSON_CSV],
    schema: { type: 'object', properties: { financial_year: str, complete: { type: 'boolean' }, releases: { type: 'array', items: { type: 'object' } }, total: { type: 'integer' }, items: { type: 'array', items: ITEM } } },
  })
  async report(@Req() req: Request, @Res() res: Response, @Param('fy') fy: string, @Query() q: Record<string, string | undefined>, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const year = parseYearParam(fy);
    const org = optional(q.org)?.toUpperCase();
    this.reply.send(req, res, format, await this.answers.report(year, org, principal));
  }

  @Post(':fy/publish')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: "Publish the year's twelve final releases now, in one transaction (409 while a month is missing)" })
  @ApiOkResponse({ schema: { type: 'object', properties: { financial_year: str, releases: { type: 'array', items: { type: 'object' } } } } })
  async publish(@Param('fy') fy: string) {
    const year = parseYearParam(fy);
    const releases = await this.finalRevisions.publishYear(year);
    return { financial_year: String(year), releases: releases.map((r) => releaseJson(r, false)) };
  }
}
