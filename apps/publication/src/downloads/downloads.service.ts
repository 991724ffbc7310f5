// The files of a release behind DownloadsController: its trusts as NHS England's CSV, and the
// workbook (trusts, sectors, the plan view and packs as the /v1 CSVs lay them out, notes, manifest).
// Public once the release is published; before that only for key holders, like every other view
// of a release (ReleaseVisibility.visibleRelease).
import { Injectable } from '@nestjs/common';
import { OutputTable, toCsv } from '@nhsp/data-contract';
import type { ReleaseEntity } from '@nhsp/persistence';
import type { Principal } from '@nhsp/service-kit';
import { PlanPackReads } from '../plan-pack.reads';
import { indexFile, indicatorsFile, opportunitiesFile, targetsFile } from '../plan-pack.tables';
import { ReleaseVisibility } from '../release-visibility';
import { notFound } from '../representation';
import { releaseIdParam } from '../request-params';
import { SourceViews } from '../source-views';
import { Cell, contractRows, sectorRows, TRUST_COLUMNS, trustRows } from './nhse-layout';
import { ContractSheet, releaseWorkbook } from './xlsx';

const ALL = { limit: null, offset: 0 };

@Injectable()
export class DownloadsService {
  constructor(
    private readonly releases: ReleaseVisibility,
    private readonly views: SourceViews,
    private readonly planPacks: PlanPackReads,
  ) {}

  async visibleOrFail(id: string, principal: Principal | undefined): Promise<ReleaseEntity> {
    const release = await this.releases.visibleRelease({ releaseId: releaseIdParam(id) }, principal);
    if (!release) throw notFound(`No release ${id}`);
    return release;
  }

  async trustsCsv(release: ReleaseEntity): Promise<Buffer> {
    const { rows } = await this.views.estimates([release.runId], {}, ALL);
    return Buffer.from(toCsv(TRUST_COLUMNS, trustRows(rows).map((row) => row.map(csvCell))), 'utf8');
  }

  async workbook(release: ReleaseEntity): Promise<Buffer> {
    const { rows: estimates } = await this.views.estimates([release.runId], {}, ALL);
    const { rows: aggregates } = await this.views.aggregates(release.runId, undefined, ALL);
    return releaseWorkbook(release, trustRows(estimates), sectorRows(aggregates), await this.contractSheets(release));
  }

  /** The plan view and packs of the release, as the /v1 CSVs lay them out. */
  private async contractSheets(release: ReleaseEntity): Promise<ContractSheet[]> {
    const sheet = (name: string, table: OutputTable): ContractSheet => ({ name, header: table.header, rows: contractRows(table) });
    return [
      sheet('Target', targetsFile((await this.planPacks.targets(release.id, {}, ALL)).rows)),
      sheet('Index', indexFile((await this.planPacks.index(release.id, {}, ALL)).rows)),
      sheet('Opportunities', opportunitiesFile((await this.planPacks.opportunities(release.id, {}, ALL)).rows)),
      sheet('Indicators', indicatorsFile((await this.planPacks.indicators(release.id, {}, ALL)).rows)),
    ];
  }
}

/** Numbers keep their exact decimal text; text was neutralised when the rows were laid out. */
function csvCell(cell: Cell): string | null {
  return cell === null ? null : 'text' in cell ? cell.text : cell.number;
}
