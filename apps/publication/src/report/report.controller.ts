import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BUSY_DETAIL, BUSY_RETRY_AFTER_S, CurrentPrincipal, InjectConfig, monthProblem, Principal, Public } from '@nhsp/service-kit';
import { PublicationConfig } from '../config';
import { renderEngland } from './england-page';
import { renderGlossary } from './glossary-page';
import { BUSY, orBusy } from './busy';
import { html } from './html';
import { inTurn } from './in-turn';
import { page } from './layout';
import { PAGE_HEADERS, pageCacheControl } from './page-headers';
import { ReportData } from './report-data';
import { renderPack } from './trust-pack-page';
import { renderTrust } from './trust-page';

const ORG = /^[A-Za-z0-9]{1,12}$/;
let glossary: string | undefined;

/** The published figures as a web report: server-rendered HTML in the NHS design system, SVG charts. */
@ApiTags('report')
@Public()
@ApiProduces('text/html')
@Controller('report')
export class ReportController {
  constructor(
    private readonly data: ReportData,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'England page of the latest published release (HTML)' })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default the latest published period' })
  async england(@Res() res: Response, @Query('period') period?: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    if (period && monthProblem(period)) return this.error(res, 400, 'Bad request', `The period must be a month written YYYY-MM, for example 2025-06.`);
    const model = await orBusy(() => this.data.england(period || undefined, principal));
    if (model === BUSY) return this.busy(res);
    if (!model) return this.error(res, 404, 'Not published', period ? `Nothing has been published for ${period}.` : 'Nothing has been published yet.');
    this.send(res, 200, await inTurn(() => renderEngland(model)), principal);
  }

  @Get('glossary')
  @ApiOperation({ summary: 'What every figure, code and flag on the report means, with its unit (HTML)' })
  glossary(@Res() res: Response): void {
    glossary ??= renderGlossary();
    this.send(res, 200, glossary);
  }

  @Get('trusts/:org')
  @ApiOperation({ summary: 'One trust in a published release (HTML)' })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default the latest published period' })
  async trust(@Res() res: Response, @Param('org') org: string, @Query('period') period?: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    if (period && monthProblem(period)) return this.error(res, 400, 'Bad request', `The period must be a month written YYYY-MM, for example 2025-06.`);
    if (!ORG.test(org)) return this.error(res, 400, 'Bad request', 'A trust is named by its organisation code, letters and digits only.');
    const model = await orBusy(() => this.data.trust(org.toUpperCase(), period || undefined, principal));
    if (model === BUSY) return this.busy(res);
    if (!model) return this.error(res, 404, 'Not found', `No published estimate for trust ${org.toUpperCase()}${period ? ` in ${period}` : ''}.`);
    this.send(res, 200, await inTurn(() => renderTrust(model)), principal);
  }

  @Get('trusts/:org/pack')
  @ApiParam({ name: 'org', description: "the trust's organisation code" })
  @ApiOperation({ summary: "One trust's opportunity pack in a published release: each category against its benchmark, ready to print for the board (HTML)" })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default the latest published period' })
  async pack(@Res() res: Response, @Param('org') org: string, @Query('period') period?: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    if (period && monthProblem(period)) return this.error(res, 400, 'Bad request', `The period must be a month written YYYY-MM, for example 2025-06.`);
    if (!ORG.test(org)) return this.error(res, 400, 'Bad request', 'A trust is named by its organisation code, letters and digits only.');
    const model = await orBusy(() => this.data.pack(org.toUpperCase(), period || undefined, principal));
    if (model === BUSY) return this.busy(res);
    if (!model) return this.error(res, 404, 'Not found', `No published estimate for trust ${org.toUpperCase()}${period ? ` in ${period}` : ''}.`);
    this.send(res, 200, await inTurn(() => renderPack(model)), principal);
  }

  private busy(res: Response): void {
    res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_S));
    this.error(res, 503, 'Busy', BUSY_DETAIL);
  }

  private error(res: Response, status: number, title: string, detail: string): void {
    const body = html`<h1>${title}</h1><p>${detail}</p><p><a href="/report">Go to the latest England figures</a></p>`;
    res.setHeader('Cache-Control', 'no-store');
    this.send(res, status, page({ title, body }));
  }

  private send(res: Response, status: number, body: string, principal?: Principal): void {
    for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
    if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', pageCacheControl(Boolean(principal), this.config.CACHE_MAX_AGE));
    res.status(status).send(body);
  }
}
