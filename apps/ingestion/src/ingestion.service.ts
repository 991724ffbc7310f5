import { Injectable, Logger } from '@nestjs/common';
import { notFound, ProblemException } from '@nhsp/service-kit';
import type { OnError } from '@nhsp/data-contract';
import { IncomingFile, Issues, ParsedFile, readBundle } from './bundle-reader';
import { BundleStore, StoredBatch, StoredUpload } from './bundle-store';
import { BatchAnnouncer } from './batch-announcer';
import { NotificationsService, StoredNotification } from './notifications/notifications.service';
import { BatchRepository, BatchRow } from './repositories/batch.repository';
import { TrustRepository, TrustView } from './repositories/trust.repository';

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

/** What an upload stored: its batches and the notifications of its notifications.csv; under quarantine, the bad rows left out. */
export interface UploadView {
  batches: BatchView[];
  notifications: Array<StoredNotification & { duplicate: boolean }>;
  quarantined?: Issues;
}

export interface IngestOptions {
  /** `reject` (default): any bad row refuses the upload; `quarantine`: good rows are stored, bad ones reported. */
  onError?: OnError;
  /** Sees the parsed files before anything is stored and throws to refuse (a submitter's rows). */
  authorise?: (files: ParsedFile[]) => void;
}

@Injectable()
export class IngestionService {
  private readonly log = new Logger(IngestionService.name);

  constructor(
    private readonly store: BundleStore,
    private readonly batches: BatchRepository,
    private readonly trusts: TrustRepository,
    private readonly announcer: BatchAnnouncer,
    private readonly notifications: NotificationsService,
  ) {}

  /** Validates every file, stores all of them or none, then tells the consumers. */
  async ingest(files: readonly IncomingFile[], { onError = 'reject', authorise }: IngestOptions = {}): Promise<UploadView> {
    if (files.length === 0) {
      throw new ProblemException({ type: PROBLEMS.badBundle, status: 422, detail: 'The upload contains no files' });
    }
    const outcome = await readBundle(files, await this.trusts.orgCodes(), onError);
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
    const stored = await this.store.store(outcome.files);
    await this.notify(stored);
    const view = toUploadView(stored);
    return onError === 'quarantine' ? { ...view, quarantined: outcome.quarantined } : view;
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

  listBatches(kind: string | undefined, limit: number): Promise<BatchRow[]> {
    return this.batches.list(kind, limit);
  }

  async getBatch(id: string): Promise<BatchRow> {
    const batch = await this.batches.get(id);
    if (!batch) throw notFound(`No batch ${id}`);
    return batch;
  }

  listTrusts(): Promise<TrustView[]> {
    return this.trusts.list();
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
