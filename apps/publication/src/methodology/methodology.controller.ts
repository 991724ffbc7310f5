import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, InjectConfig, monthProblem, Principal, Public } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { UUID } from '../request-params';
import { html } from '../report/html';
import { page } from '../report/layout';
import { MethodologyData } from './methodology.data';
import { renderMethodology } from './methodology-page';

// As the report's pages: everything inline, no script.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

@ApiTags('report')
@Public()
@ApiProduces('text/html')
@Controller('report')
export class MethodologyController {
  constructor(
    private readonly data: MethodologyData,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get('methodology')
  @ApiOperation({ summary: "The method of a release in plain English, generated from its settings, with the board paper's caveats and the change log of the method (HTML)" })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; default the latest published period' })
  @ApiQuery({ name: 'release', required: false, description: 'a release id' })
  async methodology(@Res() res: Response, @Query('period') period?: string, @Query('release') release?: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    if (period && monthProblem(period)) return this.send(res, 400, error('Bad request', 'The period must be a month written YYYY-MM, for example 2025-06.'));
    if (release && !UUID.test(release)) return this.send(res, 400, error('Bad request', 'A release is named by its id, a UUID.'));
    const model = await this.data.model({ period: period || undefined, releaseId: release || undefined }, principal);
    if (!model) return this.send(res, 404, error('Not published', period ? `Nothing has been published for ${period}.` : 'Nothing has been published yet.'));
    this.send(res, 200, renderMethodology(model), principal);
  }

  private send(res: Response, status: number, body: string, principal?: Principal): void {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Vary', 'Authorization, X-API-Key');
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', status === 200 ? `${principal ? 'private' : 'public'}, max-age=${this.config.CACHE_MAX_AGE}` : 'no-store');
    res.status(status).send(body);
  }
}

function error(title: string, detail: string): string {
  return page({ title, body: html`<h1>${title}</h1><p>${detail}</p><p><a href="/report">Go to the latest England figures</a></p>` });
}
