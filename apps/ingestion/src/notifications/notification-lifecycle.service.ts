// Moves a notification through its lifecycle (lifecycle.ts) for the caller the guard let in, and
// asks productivity to re-run the periods it touches when it stops flagging them (declined,
// resolved): notification.raised.v1 again, keyed by the notification and its new status, so a
// retried step never asks twice.
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { notFound, Principal, ProblemException } from '@nhsp/service-kit';
import { NOTIFICATION_STATUSES_NOT_FLAGGING } from '@nhsp/data-contract';
import { NotificationAction, STEPS, stepProblem } from './lifecycle';
import { NotificationEvent, NotificationLifecycleRepository, NotificationState } from './notification-lifecycle.repository';

export interface NotificationWithHistory extends NotificationState {
  history: NotificationEvent[];
}

@Injectable()
export class NotificationLifecycleService {
  private readonly log = new Logger(NotificationLifecycleService.name);

  constructor(
    private readonly repository: NotificationLifecycleRepository,
    private readonly bus: BullMqClient,
  ) {}

  /** One notification with its steps; another trust's is not there for a submitter (404, never 403). */
  async get(id: string, principal: Principal | undefined): Promise<NotificationWithHistory> {
    const notification = await this.repository.find(id);
    if (!notification || !visibleTo(notification, principal)) throw notFound(`No notification ${id}`);
    return { ...notification, history: await this.repository.events(id) };
  }

  async step(id: string, action: NotificationAction, principal: Principal | undefined, note: string | null): Promise<NotificationWithHistory> {
    const step = STEPS[action];
    const moved = await this.repository.step(id, async (current, findResubmission) => {
      if (!visibleTo(current, principal)) throw notFound(`No notification ${id}`);
      const problem = stepProblem(action, current.status);
      if (problem) throw conflict(problem);
      const batchId = action === 'resolve' ? await findResubmission() : null;
      if (action === 'resolve' && !batchId) {
        throw conflict(`${current.orgCode} has not resubmitted ${current.month} since the notification was raised; upload the month's activity or finance again, then resolve it`);
      }
      return { to: step.to, role: principal?.role ?? 'admin', keyId: principal?.keyId ?? null, note, batchId };
    });
    if (!moved) throw notFound(`No notification ${id}`);
    this.log.log(`notification ${id} (${moved.orgCode} ${moved.month}) ${action}: now ${moved.status}`);
    if (NOTIFICATION_STATUSES_NOT_FLAGGING.includes(moved.status)) await this.announceRerun(moved);
    return { ...moved, history: await this.repository.events(id) };
  }

  private async announceRerun(n: NotificationState): Promise<void> {
    try {
      await this.bus.emitEvent(PATTERNS.notificationRaised, { notificationId: n.id, orgCode: n.orgCode, month: n.month }, { key: [n.id, n.status] });
    } catch (error) {
      // The step stands; the periods are re-run by the next input that reaches them.
      this.log.error(`re-run for notification ${n.id} (${n.status}) not requested: ${(error as Error).message}`);
    }
  }
}

/** A submitter sees its own organisation's notifications only; analysts and above see all. */
export function visibleTo(n: { orgCode: string }, principal: Principal | undefined): boolean {
  return principal?.role !== 'submitter' || (principal.orgCode ?? '').toUpperCase() === n.orgCode.toUpperCase();
}

function conflict(detail: string): ProblemException {
  return new ProblemException({ type: 'urn:nhsp:problem:conflict', title: 'Conflict', status: HttpStatus.CONFLICT, detail });
}
