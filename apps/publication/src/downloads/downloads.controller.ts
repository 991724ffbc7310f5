// Downloads of a release in NHS England's published layout: CSV (trusts) and XLSX (Trusts,
// Sectors, the plan view and packs, Notes, Manifest). The files are DownloadsService's; here they
// are sent with a strong ETag, as attachments.
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { CurrentPrincipal, InjectConfig, Principal, Public } from '@nhsp/service-kit';
import { PublicationConfig } from '../config';
import { matches } from '../representation';
import { DownloadsService } from './downloads.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('releases')
@Public()
@Controller('v1/releases')
export class DownloadsController {
  constructor(
    private readonly downloads: DownloadsService,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get(':id/download.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "The release's trusts in NHS England's published layout (Org code, Org name, Region, Peer group, three growth rates as fractions, Vintage, Notes)" })
  async csv(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const release = await this.downloads.visibleOrFail(id, principal);
    this.sendFile(req, res, await this.downloads.trustsCsv(release), 'text/csv; charset=utf-8', `productivity-${release.period}-${release.vintage}.csv`);
  }

  @Get(':id/download.xlsx')
  @ApiProduces(XLSX_TYPE)
  @ApiOperation({
    summary: 'The release as a workbook: Trusts (NHS England layout, growth as percentages), Sectors (every aggregate: England, sectors, regions, peer groups), Target, Index, ' +
      'Opportunities and Indicators (the columns and numbers of targets.csv, index.csv, opportunities.csv and indicators.csv), Notes (method, settings, caveats), Manifest (the run\'s inputs and submission hashes)',
  })
  async xlsx(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const release = await this.downloads.visibleOrFail(id, principal);
    this.sendFile(req, res, await this.downloads.workbook(release), XLSX_TYPE, `productivity-${release.period}-${release.vintage}.xlsx`);
  }

  private sendFile(req: Request, res: Response, body: Buffer, type: string, filename: string): void {
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', `${req.headers.authorization || req.headers['x-api-key'] ? 'private' : 'public'}, max-age=${this.config.CACHE_MAX_AGE}`);
    res.setHeader('Vary', 'Authorization, X-API-Key');
    // The weak form too: a compressed download (service-kit's compression) carries W/"…".
    if (matches(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.status(200).send(body);
  }
}
