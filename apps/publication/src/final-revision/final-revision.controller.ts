import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { neutraliseFormula, toCsv } from '@nhsp/data-contract';
import { CurrentPrincipal, InjectConfig, Principal, Public, Roles } from '@nhsp/service-kit';
import { BoardAnswerReads } from '../board-answers.reads';
import type { PublicationConfig } from '../config';
import { releaseJson } from '../releases.presenter';
import { seesEmbargoed } from '../release.service';
import { negotiate, notFound, optional, send } from '../representation';
import { SourceViews } from '../source-views';
import { parseYearParam, periodsOf } from './fiscal-year';
import { FinalRevisionRepository } from './final-revision.repository';
import { yearRevisionItems } from './final-revision.report';
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
const ALL = { limit: null, offset: 0 };

@ApiTags('final revisions')
@Controller('v1/final-revisions')
export class FinalRevisionController {
  constructor(
    private readonly finalRevisions: FinalRevisionService,
    private readonly repository: FinalRevisionRepository,
    private readonly views: SourceViews,
    private readonly reads: BoardAnswerReads,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get(':fy')
  @Public()
  @ApiOperation({ summary: "A financial year's final revision (fy as 2024-25): its twelve releases and every trust's provisional against final figures per month, with the causes; JSON or CSV (one row per measure)" })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'org', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ schema: { type: 'object', properties: { financial_year: str, complete: { type: 'boolean' }, releases: { type: 'array', items: { type: 'object' } }, total: { type: 'integer' }, items: { type: 'array', items: ITEM } } } })
  async report(@Req() req: Request, @Res() res: Response, @Param('fy') fy: string, @Query() q: Record<string, string | undefined>, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const format = negotiate(req, optional(q.format), true);
    const year = parseYearParam(fy);
    const org = optional(q.org)?.toUpperCase();
    const periods = periodsOf(year);
    const finals = await this.repository.finalReleases(periods, !seesEmbargoed(principal));
    if (finals.length === 0) throw notFound(`No final revision of ${year} has been published`);
    const provisionals = await this.repository.firstPublished(periods);
    const runIds = [...finals, ...provisionals].map((r) => r.runId);
    const items = yearRevisionItems({
      finals,
      provisionals,
      runs: await this.reads.runs(runIds),
      estimates: (await this.views.estimates(runIds, { org }, ALL)).rows,
    });
    if (org && items.length === 0) throw notFound(`No estimate for trust ${org} in the final revision of ${year}`);
    const slug = String(year).replace('/', '-');
    send(req, res, {
      format,
      json: { financial_year: String(year), complete: finals.length === periods.length, releases: finals.map((r) => releaseJson(r, false)), total: items.length, items },
      csv: () => toCsv(
        ['financial_year', 'period', 'org_code', 'name', 'provisional_release', 'provisional_vintage', 'final_release', 'measure', 'provisional', 'final', 'difference', 'flags_added', 'flags_removed', 'causes'],
        items.flatMap((it) => it.measures.map((m) => [String(year), it.period, it.org_code, neutraliseFormula(it.name), it.provisional?.id ?? null, it.provisional?.vintage ?? null, it.final!.id,
          m.measure, m.before, m.after, m.difference, it.flags_added.join('|'), it.flags_removed.join('|'), neutraliseFormula(it.causes?.summary.join('; ') ?? 'no provisional release')])),
      ),
      filename: `final-revision-${slug}${org ? `-${org}` : ''}.csv`,
      total: items.length,
      maxAge: this.config.CACHE_MAX_AGE,
    });
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
