// Tells the consumers about stored batches. Emitting happens after the commit, so a queue
// outage can leave a batch stored but unannounced (`notified_at` null). Two ways retry it:
// sending the same upload again (duplicates never announced are emitted again) and a sweep at
// start-up. Job ids are business keys, so a batch announced twice is still one message.
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { isReferenceKind } from './file-kinds';
import { BatchRepository, PendingBatch } from './repositories/batch.repository';

@Injectable()
export class BatchAnnouncer implements OnApplicationBootstrap {
  private readonly log = new Logger(BatchAnnouncer.name);

  constructor(
    private readonly batches: BatchRepository,
    private readonly bus: BullMqClient,
  ) {}

  /** Emits for every batch not yet announced; rejects if the queue refuses (the batches stay pending). */
  async announce(batches: readonly PendingBatch[]): Promise<number> {
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
      await this.batches.markNotified(b.id);
    }
    return pending.length;
  }

  /** Announces batches a previous process stored but could not announce. */
  async announcePending(): Promise<number> {
    return this.announce(await this.batches.pending());
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
