// Stores every file of an upload in ONE transaction: each file is one batch, or a no-op when
// a batch of the same kind and sha256 exists; notifications.csv adds its notifications (each
// known one is the stored one). Uploads are serialised, so the duplicate check is exact.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ParsedFile } from './bundle-reader';
import { activityHashes, financeHashes, monthsOf } from './content-hash';
import { BatchKind } from './file-kinds';
import { BatchRepository } from './repositories/batch.repository';
import { Db } from './repositories/db';
import { MonthlyDataRepository } from './repositories/monthly-data.repository';
import { NotificationRepository, WrittenNotification } from './repositories/notification.repository';
import { ReferenceFileRepository } from './repositories/reference-file.repository';
import { TrustRepository } from './repositories/trust.repository';

export interface StoredBatch {
  id: string;
  kind: BatchKind;
  fileName: string;
  sha256: string;
  rows: number;
  months: string[];
  receivedAt: string;
  notifiedAt: string | null;
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
    const months = 'rows' in file && file.kind !== 'trusts' ? monthsOf(file.rows) : [];
    const orgCode = 'rows' in file && file.kind !== 'trusts' ? singleOrg(file.rows) : null;
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
      default:
        await this.referenceFiles.insert(batch.id, file.kind, file.content, tx);
    }
    return { ...batch, duplicate: false, orgCode };
  }
}

function singleOrg(rows: readonly { orgCode: string }[]): string | null {
  const first = rows[0]?.orgCode;
  return first !== undefined && rows.every((r) => r.orgCode === first) ? first : null;
}
