// Stores every file of an upload in ONE transaction: each file is one batch, or a no-op when
// a batch of the same kind and sha256 exists; notifications.csv adds its notifications (each
// known one is the stored one). Uploads are serialised, so the duplicate check is exact.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ParsedFile } from './bundle-reader';
import { activityHashes, financeHashes, medicinesHashes, monthsOf, monthsOfYears, operationsHashes, trustCostHashes, workforceHashes } from './content-hash';
import { BatchRepository, BatchRow } from './repositories/batch.repository';
import { Db } from './repositories/db';
import { MonthlyDataRepository } from './repositories/monthly-data.repository';
import { NotificationRepository, WrittenNotification } from './repositories/notification.repository';
import { ReferenceFileRepository } from './repositories/reference-file.repository';
import { ReturnsRepository } from './repositories/returns.repository';
import { TrustRepository } from './repositories/trust.repository';

/** A batch as stored (or as found, for a duplicate), with what its message needs besides. */
export interface StoredBatch extends BatchRow {
  duplicate: boolean;
  /** Single organisation covered, null for a national batch (message payload only). */
  orgCode: string | null;
}

export interface StoredUpload {
  batches: StoredBatch[];
  notifications: WrittenNotification[];
}

type BatchFile = Exclude<ParsedFile, { kind: 'notifications' }>;

@Injectable()
export class BundleStore {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly batches: BatchRepository,
    private readonly trusts: TrustRepository,
    private readonly monthly: MonthlyDataRepository,
    private readonly returns: ReturnsRepository,
    private readonly referenceFiles: ReferenceFileRepository,
    private readonly notifications: NotificationRepository,
  ) {}

  store(files: readonly ParsedFile[]): Promise<StoredUpload> {
    return this.db.transaction(async (tx) => {
      await this.batches.lockUploads(tx);
      const stored: StoredUpload = { batches: [], notifications: [] };
      for (const file of files) {
        if (file.kind === 'notifications') {
          for (const row of file.rows) stored.notifications.push(await this.notifications.write(row, tx));
        } else {
          stored.batches.push(await this.storeFile(file, tx));
        }
      }
      return stored;
    });
  }

  private async storeFile(file: BatchFile, tx: Db): Promise<StoredBatch> {
    const rows = 'rows' in file ? file.rows.length : file.rowCount;
    const { months, orgCode } = coverage(file);
    const existing = await this.batches.findByContent(file.kind, file.sha256, tx);
    if (existing) return { ...existing, duplicate: true, orgCode };

    const batch = await this.batches.insert({ kind: file.kind, fileName: file.fileName, sha256: file.sha256, rows, months }, tx);
    switch (file.kind) {
      case 'trusts':
        await this.trusts.upsert(batch.id, file.rows, tx);
        break;
      case 'activity':
        await this.monthly.insertActivity(batch.id, file.rows, tx);
        await this.monthly.insertSubmissions(batch.id, 'activity', activityHashes(file.rows), tx);
        break;
      case 'finance':
        await this.monthly.insertFinance(batch.id, file.rows, tx);
        await this.monthly.insertSubmissions(batch.id, 'finance', financeHashes(file.rows), tx);
        break;
      case 'trust_costs':
        await this.returns.insertTrustCosts(batch.id, file.rows, tx);
        await this.returns.insertSubmissions(batch.id, file.kind, trustCostHashes(file.rows), tx);
        break;
      case 'workforce':
        await this.returns.insertWorkforce(batch.id, file.rows, tx);
        await this.returns.insertSubmissions(batch.id, file.kind, workforceHashes(file.rows), tx);
        break;
      case 'operations':
        await this.returns.insertOperations(batch.id, file.rows, tx);
        await this.returns.insertSubmissions(batch.id, file.kind, operationsHashes(file.rows), tx);
        break;
      case 'medicines':
        await this.returns.insertMedicines(batch.id, file.rows, tx);
        await this.returns.insertSubmissions(batch.id, file.kind, medicinesHashes(file.rows), tx);
        break;
      case 'unit_costs':
        await this.returns.insertUnitCosts(batch.id, file.rows, tx);
        break;
      case 'cost_weights':
      case 'deflators':
        await this.referenceFiles.insert(batch.id, file.kind, file.content, tx);
    }
    return { ...batch, duplicate: false, orgCode };
  }
}

/** The months a batch's rows cover (trust costs: the months of their financial years) and its one trust, if it has one. */
function coverage(file: BatchFile): { months: string[]; orgCode: string | null } {
  switch (file.kind) {
    case 'trusts':
    case 'unit_costs':
    case 'cost_weights':
    case 'deflators':
      return { months: [], orgCode: null };
    case 'trust_costs':
      return { months: monthsOfYears(file.rows), orgCode: singleOrg(file.rows) };
    default:
      return { months: monthsOf(file.rows), orgCode: singleOrg(file.rows) };
  }
}

function singleOrg(rows: readonly { orgCode: string }[]): string | null {
  const first = rows[0]?.orgCode;
  return first !== undefined && rows.every((r) => r.orgCode === first) ? first : null;
}
