// A year's final revision (issue 16.3): its twelve releases published as one, and its revisions
// report at /v1/final-revisions/:fy. AppModule imports it in one line; BenchmarksCompletedHandler
// hands it every assembled release (FinalRevisionService.onAssembled).
import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { ReleasesModule } from '../releases.module';
import { FinalRevisionAnswers } from './final-revision.answers';
import { FinalRevisionController } from './final-revision.controller';
import { FinalRevisionRepository } from './final-revision.repository';
import { FinalRevisionService } from './final-revision.service';

@Module({
  imports: [ReleasesModule, CalendarModule],
  controllers: [FinalRevisionController],
  providers: [FinalRevisionRepository, FinalRevisionService, FinalRevisionAnswers],
  exports: [FinalRevisionService],
})
export class FinalRevisionModule {}
