// A trust raised a notification about a month: re-request every period whose year-to-date
// (base or current months) includes that month - the complete periods of the latest financial
// year and any period already run - with the settings of the period's latest run. The
// notification is one of the period's inputs, so each request is a new vintage flagged
// TRUST_NOTIFICATION, and the same notification announced twice is the same request.
import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { requestedSettings, resolveSettings } from '@nhsp/methodology';
import { BullMqClient, NotificationRaisedV1, PATTERNS } from '@nhsp/queue';
import { AutoTriggerService } from './auto-trigger.service';
import { periodMonths } from './run-inputs';
import { RunsService } from './runs.service';

@Controller()
export class NotificationTrigger {
  private readonly logger = new Logger(NotificationTrigger.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly trigger: AutoTriggerService,
    private readonly runs: RunsService,
    private readonly bus: BullMqClient,
  ) {}

  /** Periods whose base or current months include `month`, among the complete and already-run ones. */
  async periodsTouching(month: string): Promise<string[]> {
    const run: string[] = (await this.db.query(`SELECT DISTINCT period FROM productivity.run`)).map((r: { period: string }) => r.period);
    const candidates = new Set([...(await this.trigger.completePeriods()), ...run]);
    return [...candidates].filter((period) => periodMonths(period).includes(month)).sort();
  }

  @EventPattern(PATTERNS.notificationRaised)
  async onNotificationRaised(@Payload() payload: NotificationRaisedV1) {
    const requested = [];
    for (const period of await this.periodsTouching(payload.month)) {
      const latest = await this.runs.latestRun(this.db.manager, period);
      const settings = latest ? requestedSettings(resolveSettings(latest.settings)) : undefined;
      const fingerprint = await this.runs.currentFingerprint(period, settings);
      await this.bus.emitEvent(PATTERNS.runRequested, { period, settings, reason: `inputs ${fingerprint}` });
      requested.push(period);
    }
    this.logger.log(`notification ${payload.notificationId} (${payload.orgCode} ${payload.month}): requested runs for ${requested.join(', ') || 'no period'}`);
    return { notificationId: payload.notificationId, periods: requested };
  }
}
