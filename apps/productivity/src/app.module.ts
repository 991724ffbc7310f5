import { Module } from '@nestjs/common';
import { AutoTriggerService } from './auto-trigger.service';
import { IndicatorsController } from './indicators.controller';
import { NotificationTrigger } from './notification-trigger';
import { RevisionsController } from './revisions.controller';
import { RunsController } from './runs.controller';
import { RunsHandler } from './runs.handler';
import { RunsService } from './runs.service';

@Module({
  controllers: [RunsController, RevisionsController, RunsHandler, IndicatorsController, NotificationTrigger],
  providers: [RunsService, AutoTriggerService],
})
export class AppModule {}
