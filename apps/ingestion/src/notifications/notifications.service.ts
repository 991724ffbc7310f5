// Stores the data notifications trusts raise (one by one here; notifications.csv of a bundle is
// stored with the bundle's files) and tells productivity, which re-runs the periods they touch.
// As with batches, the message is sent after the commit; a notification whose message the queue
// refused keeps notified_at null and is announced again by a retried request or at the next
// start-up (the job id is the notification id, so never twice).
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { ProblemException, unknownOrganisation } from '@nhsp/service-kit';
import { NewNotification, NotificationRepository, StoredNotification, WrittenNotification } from '../repositories/notification.repository';
import { TrustRepository } from '../repositories/trust.repository';

export type { NewNotification, StoredNotification } from '../repositories/notification.repository';

@Injectable()
export class NotificationsService implements OnApplicationBootstrap {
  private readonly log = new Logger(NotificationsService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly trusts: TrustRepository,
    private readonly bus: BullMqClient,
  ) {}

  /** Stores a notification (the same one again is the stored one, `duplicate`) and announces it. */
  async raise(input: NewNotification): Promise<{ notification: StoredNotification; duplicate: boolean }> {
    if (!(await this.trusts.exists(input.orgCode))) {
      throw new ProblemException({
        type: 'urn:nhsp:problem:unknown-trust',
        status: 422,
        detail: `${input.orgCode} is not in the trust list; upload trusts.csv with it first`,
        errors: [{ path: 'orgCode', message: `unknown trust ${input.orgCode}`, code: 'unknown_trust' }],
      });
    }
    const written = await this.notifications.write(input);
    await this.announce([written]);
    return { notification: written.notification, duplicate: written.duplicate };
  }

  /** An organisation not in the trust list is 404 naming it (the rule of every route that filters by org), never an empty list. */
  async list(orgCode?: string, month?: string): Promise<StoredNotification[]> {
    if (orgCode !== undefined && !(await this.trusts.exists(orgCode))) throw unknownOrganisation(orgCode, 'the trust list');
    return this.notifications.list(orgCode, month);
  }

  /** Announces those not yet announced (a bundle's, after its commit); rejects if the queue refuses (they stay pending). */
  async announce(written: readonly WrittenNotification[]): Promise<void> {
    for (const { notification: n } of written.filter((w) => w.notifiedAt === null)) await this.announceOne(n);
  }

  private async announceOne(n: Pick<StoredNotification, 'id' | 'orgCode' | 'month'>): Promise<void> {
    await this.bus.emitEvent(PATTERNS.notificationRaised, { notificationId: n.id, orgCode: n.orgCode, month: n.month });
    await this.notifications.markNotified(n.id);
  }

  /** Announces notifications a previous process stored but could not announce. */
  async announcePending(): Promise<number> {
    const pending = await this.notifications.pending();
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
