import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound, ProblemException } from '@nhsp/service-kit';
import { IncomingFile, ParsedFile, readBundle } from './bundle-reader';
import { BATCH_COLUMNS, StoredBatch, storeBundle, StoredUpload } from './bundle-store';
import { BatchAnnouncer } from './batch-announcer';
import { NotificationsService, StoredNotification } from './notifications/notifications.service';

export const PROBLEMS = {
  badBundle: 'urn:nhsp:problem:ingestion:bad-bundle',
  notNotified: 'urn:nhsp:problem:ingestion:not-notified',
} as const;

export interface BatchView {
  id: string;
  kind: string;
  fileName: string;
  sha256: string;
  rows: number;
  months: string[];
  duplicate: boolean;
}

/** What an upload stored: its batches and the notifications of its notifications.csv. */
export interface UploadView {
  batches: BatchView[];
  notifications: Array<StoredNotification & { duplicate: boolean }>;
}

@Injectable()
export class IngestionService {
  private readonly log = new Logger(IngestionService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly announcer: BatchAnnouncer,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Validates every file, stores all of them or none, then tells the consumers. `authorise`
   * sees the parsed files before anything is stored and throws to refuse (a submitter's rows).
   */
  async ingest(files: readonly IncomingFile[], authorise?: (files: ParsedFile[]) => void): Promise<UploadView> {
    if (files.length === 0) {
      throw new ProblemException({ type: PROBLEMS.badBundle, status: 422, detail: 'The upload contains no files' });
    }
    const storedTrusts: { org_code: string }[] = await this.db.query('SELECT org_code FROM ingestion.trust');
    const outcome = await readBundle(
      files,
      storedTrusts.map((t) => t.org_code),
    );
    if (!outcome.ok) {
      const rejected = [...new Set(outcome.issues.map((i) => i.file))];
      throw new ProblemException({
        type: PROBLEMS.badBundle,
        status: 422,
        title: 'Bundle rejected',
        detail: `${outcome.issueCount} issue(s) in ${rejected.join(', ')}; nothing of this upload was stored`,
        extensions: { errors: outcome.issues, issueCount: outcome.issueCount },
      });
    }
    authorise?.(outcome.files);
    const stored = await storeBundle(this.db, outcome.files);
    await this.notify(stored);
    return toUploadView(stored);
  }

  private async notify(stored: StoredUpload): Promise<void> {
    try {
      await this.announcer.announce(stored.batches);
      await this.notifications.announce(stored.notifications);
    } catch (error) {
      this.log.error(`batches stored but not announced: ${(error as Error).message}`);
      throw new ProblemException({
        type: PROBLEMS.notNotified,
        status: 503,
        detail: 'The files were stored but the services that use them could not be told; send the same upload again to retry',
        extensions: { ...toUploadView(stored) },
      });
    }
  }

  async listBatches(kind: string | undefined, limit: number): Promise<unknown[]> {
    return this.db.query(
      `SELECT ${BATCH_COLUMNS} FROM ingestion.batch WHERE ($1::text IS NULL OR kind = $1) ORDER BY seq DESC LIMIT $2`,
      [kind ?? null, limit],
    );
  }

  async getBatch(id: string): Promise<unknown> {
    const [batch] = await this.db.query(
      `SELECT ${BATCH_COLUMNS},
         (SELECT count(*)::int FROM ingestion.submission s WHERE s.batch_id = b.id) AS "orgMonths",
         (SELECT count(*)::int FROM ingestion.v_current_submissions c WHERE c.batch_id = b.id) AS "currentOrgMonths"
       FROM ingestion.batch b WHERE id = $1`,
      [id],
    );
    if (!batch) throw notFound(`No batch ${id}`);
    return batch;
  }

  listTrusts(): Promise<unknown[]> {
    return this.db.query(
      `SELECT org_code AS "orgCode", name, region, trust_type AS "trustType", peer_group AS "peerGroup", sector
       FROM ingestion.v_trusts ORDER BY org_code`,
    );
  }
}

function toUploadView(stored: StoredUpload): UploadView {
  return {
    batches: stored.batches.map(toView),
    notifications: stored.notifications.map((n) => ({ ...n.notification, duplicate: n.duplicate })),
  };
}

function toView(b: StoredBatch): BatchView {
  return { id: b.id, kind: b.kind, fileName: b.fileName, sha256: b.sha256, rows: b.rows, months: b.months, duplicate: b.duplicate };
}
