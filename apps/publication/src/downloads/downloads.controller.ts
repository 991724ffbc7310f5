// Downloads of a release in NHS England's published layout: CSV (trusts) and XLSX (Trusts,
// Sectors, the plan view and packs, Notes, Manifest). Public once the release is published; before that only for key holders,
// like every other view of a release (ReleaseService.visibleRelease).
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { OutputTable, toCsv } from '@nhsp/data-contract';
import type { ReleaseEntity } from '@nhsp/persistence';
import { CurrentPrincipal, InjectConfig, Principal, Public } from '@nhsp/service-kit';
import { PublicationConfig } from '../config';
import { ReleaseService } from '../release.service';
import { UUID } from '../request-params';
import { badRequest, matches, notFound } from '../representation';
import { SourceViews } from '../source-views';
import { PlanPackReads } from '../plan-pack.reads';
import { indexFile, indicatorsFile, opportunitiesFile, targetsFile } from '../plan-pack.tables';
import { Cell, contractRows, sectorRows, TRUST_COLUMNS, trustRows } from './nhse-layout';
import { ContractSheet, releaseWorkbook } from './xlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('releases')
@Public()
@Controller('v1/releases')
export class DownloadsController {
  constructor(
    private readonly releases: ReleaseService,
    private readonly views: SourceViews,
    private readonly planPacks: PlanPackReads,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  @Get(':id/download.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "The release's trusts in NHS England's published layout (Org code, Org name, Region, Peer group, three growth rates as fractions, Vintage, Notes)" })
  async csv(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const release = await this.visibleOrFail(id, principal);
    const { rows } = await this.views.estimates([release.runId], {}, { limit: null, offset: 0 });
    const body = Buffer.from(toCsv(TRUST_COLUMNS, trustRows(rows).map((row) => row.map(csvCell))), 'utf8');
    this.sendFile(req, res, body, 'text/csv; charset=utf-8', `productivity-${release.period}-${release.vintage}.csv`);
  }

  @Get(':id/download.xlsx')
  @ApiProduces(XLSX_TYPE)
  @ApiOperation({
    summary: 'The release as a workbook: Trusts (NHS England layout, growth as percentages), Sectors (every aggregate: England, sectors, regions, peer groups), Target, Index, ' +
      'Opportunities and Indicators (the columns and numbers of targets.csv, index.csv, opportunities.csv and indicators.csv), Notes (method, settings, caveats), Manifest (the run\'s inputs and submission hashes)',
  })
  async xlsx(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const release = await this.visibleOrFail(id, principal);
    const { rows: estimates } = await this.views.estimates([release.runId], {}, { limit: null, offset: 0 });
    const { rows: aggregates } = await this.views.aggregates(release.runId, undefined, { limit: null, offset: 0 });
    const body = await releaseWorkbook(release, trustRows(estimates), sectorRows(aggregates), await this.contractSheets(release));
    this.sendFile(req, res, body, XLSX_TYPE, `productivity-${release.period}-${release.vintage}.xlsx`);
  }

  /** The plan view and packs of the release, as the /v1 CSVs lay them out. */
  private async contractSheets(release: ReleaseEntity): Promise<ContractSheet[]> {
    const all = { limit: null, offset: 0 };
    const sheet = (name: string, table: OutputTable): ContractSheet => ({ name, header: table.header, rows: contractRows(table) });
    return [
      sheet('Target', targetsFile((await this.planPacks.targets(release.id, {}, all)).rows)),
      sheet('Index', indexFile((await this.planPacks.index(release.id, {}, all)).rows)),
      sheet('Opportunities', opportunitiesFile((await this.planPacks.opportunities(release.id, {}, all)).rows)),
      sheet('Indicators', indicatorsFile((await this.planPacks.indicators(release.id, {}, all)).rows)),
    ];
  }

  private async visibleOrFail(id: string, principal: Principal | undefined): Promise<ReleaseEntity> {
    if (!UUID.test(id)) throw badRequest(`release id must be a UUID, got "${id}"`, 'id');
    const release = await this.releases.visibleRelease({ releaseId: id }, principal);
    if (!release) throw notFound(`No release ${id}`);
    return release;
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

/** Numbers keep their exact decimal text; text was neutralised when the rows were laid out. */
function csvCell(cell: Cell): string | null {
  return cell === null ? null : 'text' in cell ? cell.text : cell.number;
}
