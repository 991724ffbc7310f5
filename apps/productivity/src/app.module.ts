import { Module } from '@nestjs/common';
import { AutoTriggerService } from './auto-trigger.service';
import { ExplanationService } from './explanation.service';
import { ExplanationsController } from './explanations.controller';
import { FinalRevisionController, FinalRevisionService } from './final-revision';
import { HistoryCache } from './history-cache';
import { SubmissionDigests } from './submission-digests';
import { NotificationTrigger } from './notification-trigger';
import { BenchmarkViewRepository } from './repositories/benchmark-view.repository';
import { InputAvailabilityRepository } from './repositories/input-availability.repository';
import { RunRepository } from './repositories/run.repository';
import { SensitivityRepository } from './repositories/sensitivity.repository';
import { RevisionsController } from './revisions.controller';
import { RunsController } from './runs.controller';
import { RunsHandler } from './runs.handler';
import { RunsService } from './runs.service';
import { SensitivityController } from './sensitivity.controller';
import { SensitivityService } from './sensitivity.service';

@Module({
  controllers: [RunsController, RevisionsController, RunsHandler, SensitivityController, ExplanationsController, NotificationTrigger, FinalRevisionController],
  providers: [RunRepository, SensitivityRepository, BenchmarkViewRepository, InputAvailabilityRepository, HistoryCache, SubmissionDigests, RunsService, AutoTriggerService, SensitivityService, ExplanationService, FinalRevisionService],
})
export class AppModule {}
