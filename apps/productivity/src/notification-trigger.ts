// A trust raised a notification about a month: re-request every period whose year-to-date
// (base or current months) includes that month - the complete periods of the latest financial
// year and any period already run - with the settings of the period's latest run. The
// notification is one of the period's inputs, so each request is a new vintage flagged
// TRUST_NOTIFICATION; a period whose latest run already saw it is not requested again.
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { NotificationRaisedV1, PATTERNS } from '@nhsp/queue';
import { AutoTriggerService } from './auto-trigger.service';
import { periodMonths } from './run-inputs';

@Controller()
export class NotificationTrigger {
  constructor(private readonly trigger: AutoTriggerService) {}

  /** Periods whose base or current months include `month`, among the complete and already-run ones. */
  async periodsTouching(month: string): Promise<string[]> {
    return (await this.trigger.completeOrRunPeriods()).filter((period) => periodMonths(period).includes(month));
  }

  @EventPattern(PATTERNS.notificationRaised)
  async onNotificationRaised(@Payload() payload: NotificationRaisedV1) {
    const what = `notification ${payload.notificationId} (${payload.orgCode} ${payload.month})`;
    const periods = await this.trigger.requestReruns(await this.periodsTouching(payload.month), what);
    return { notificationId: payload.notificationId, periods };
  }
}
