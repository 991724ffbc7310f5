// Stores the data notifications trusts raise (one by one here; notifications.csv of a bundle is
// stored with the bundle's files, notification-store.ts) and tells productivity, which re-runs the
// periods they touch. As with batches, the message is sent after the commit; a notification whose
// message the queue refused keeps notified_at null and is announced again by a retried request
// or at the next start-up (the job id is the notification id, so never twice).
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { ProblemException } from '@nhsp/service-kit';
import { NewNotification, normaliseNotification, NOTIFICATION_COLUMNS as COLUMNS, StoredNotification, WrittenNotification, writeNotification } from './notification-store';

export type { NewNotification, StoredNotification } from './notification-store';

@Injectable()
export class NotificationsService implements OnApplicationBootstrap {
  private readonly log = new Logger(NotificationsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: BullMqClient,
  ) {}

  /** Stores a notification (the same one again is the stored one, `duplicate`) and announces it. */
  async raise(input: NewNotification): Promise<{ notification: StoredNotification; duplicate: boolean }> {
    const [known] = await this.db.query(`SELECT 1 FROM ingestion.trust WHERE org_code = $1`, [input.orgCode]);
    if (!known) {
      throw new ProblemException({
        type: 'urn:nhsp:problem:unknown-trust',
        status: 422,
        detail: `${input.orgCode} is not in the trust list; upload trusts.csv with it first`,
        errors: [{ path: 'orgCode', message: `unknown trust ${input.orgCode}`, code: 'unknown_trust' }],
      });
    }
    const written = await writeNotification(this.db.manager, input);
    await this.announce([written]);
    return { notification: written.notification, duplicate: written.duplicate };
  }

  async list(orgCode?: string, month?: string): Promise<StoredNotification[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM ingestion.notification
       WHERE ($1::text IS NULL OR org_code = $1) AND ($2::text IS NULL OR month = $2)
       ORDER BY month, org_code, raised_at, id`,
      [orgCode ?? null, month ?? null],
    );
    return rows.map(normaliseNotification);
  }

  /** Announces those not yet announced (a bundle's, after its commit); rejects if the queue refuses (they stay pending). */
  async announce(written: readonly WrittenNotification[]): Promise<void> {
    for (const { notification: n } of written.filter((w) => w.notifiedAt === null)) await this.announceOne(n);
  }

  private async announceOne(n: Pick<StoredNotification, 'id' | 'orgCode' | 'month'>): Promise<void> {
    await this.bus.emitEvent(PATTERNS.notificationRaised, { notificationId: n.id, orgCode: n.orgCode, month: n.month });
    await this.db.query(`UPDATE ingestion.notification SET notified_at = now() WHERE id = $1`, [n.id]);
  }

  /** Announces notifications a previous process stored but could not announce. */
  async announcePending(): Promise<number> {
    const pending: StoredNotification[] = await this.db.query(`SELECT ${COLUMNS} FROM ingestion.notification WHERE notified_at IS NULL ORDER BY raised_at, id`);
    for (const n of pending) await this.announceOne(n);
    return pending.length;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Best effort: a queue that is down now must not stop the service from starting.
    try {
      const count = await this.announcePending();
      if (count > 0) this.log.log(`announced ${count} notification(s) stored earlier but not announced`);
    } catch (error) {
      this.log.error(`could not announce pending notifications: ${(error as Error).message}`);
    }
  }
}
