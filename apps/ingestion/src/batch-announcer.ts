// Tells the consumers about stored batches. Emitting happens after the commit, so a queue
// outage can leave a batch stored but unannounced (`notified_at` null). Two ways retry it:
// sending the same upload again (duplicates never announced are emitted again) and a sweep at
// start-up. Job ids are business keys, so a batch announced twice is still one message.
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { isReferenceKind } from './file-kinds';
import { StoredBatch } from './bundle-store';

type Announceable = Pick<StoredBatch, 'id' | 'kind' | 'sha256' | 'months' | 'rows' | 'orgCode' | 'notifiedAt'>;

@Injectable()
export class BatchAnnouncer implements OnApplicationBootstrap {
  private readonly log = new Logger(BatchAnnouncer.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: BullMqClient,
  ) {}

  /** Emits for every batch not yet announced; rejects if the queue refuses (the batches stay pending). */
  async announce(batches: readonly Announceable[]): Promise<number> {
    const pending = batches.filter((b) => b.notifiedAt === null);
    for (const b of pending) {
      if (isReferenceKind(b.kind)) {
        await this.bus.emitEvent(PATTERNS.referenceStored, { batchId: b.id, kind: b.kind, sha256: b.sha256 });
      } else {
        await this.bus.emitEvent(PATTERNS.batchStored, {
          batchId: b.id,
          kind: b.kind,
          orgCode: b.orgCode,
          sha256: b.sha256,
          months: b.months,
          rows: b.rows,
        });
      }
      await this.db.query('UPDATE ingestion.batch SET notified_at = now() WHERE id = $1', [b.id]);
    }
    return pending.length;
  }

  /** Announces batches a previous process stored but could not announce. */
  async announcePending(): Promise<number> {
    const pending: Announceable[] = await this.db.query(
      `SELECT b.id, b.kind, b.sha256, b.months, b.rows, b.notified_at AS "notifiedAt",
         (SELECT CASE WHEN count(DISTINCT s.org_code) = 1 THEN min(s.org_code) END
            FROM ingestion.submission s WHERE s.batch_id = b.id) AS "orgCode"
       FROM ingestion.batch b WHERE b.notified_at IS NULL ORDER BY b.seq`,
    );
    return this.announce(pending);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Best effort: a queue that is down now must not stop the service from starting.
    try {
      const count = await this.announcePending();
      if (count > 0) this.log.log(`announced ${count} batch(es) stored earlier but not announced`);
    } catch (error) {
      this.log.error(`could not announce pending batches: ${(error as Error).message}`);
    }
  }
}
