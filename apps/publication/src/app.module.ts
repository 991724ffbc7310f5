import { Module } from '@nestjs/common';
import { BoardAnswersController } from './board-answers.controller';
import { BoardAnswersService } from './board-answers.service';
import { BenchmarksCompletedHandler } from './benchmarks-completed.handler';
import { CalendarModule } from './calendar/calendar.module';
import { DataController } from './data.controller';
import { DataService } from './data.service';
import { FeedModule } from './feed/feed.module';
import { FinalRevisionModule } from './final-revision/final-revision.module';
import { MethodologyModule } from './methodology/methodology.module';
import { PublicApiModule } from './downloads';
import { PacksController } from './packs.controller';
import { PlanPackService } from './plan-pack.service';
import { PlanController } from './plan.controller';
import { ReleaseAnswers } from './release-answers';
import { ReleasesController } from './releases.controller';
import { ReleasesModule } from './releases.module';
import { ReportModule } from './report/report.module';

@Module({
  imports: [ReleasesModule, ReportModule, PublicApiModule, CalendarModule, FinalRevisionModule, MethodologyModule, FeedModule],
  controllers: [ReleasesController, DataController, PlanController, PacksController, BoardAnswersController, BenchmarksCompletedHandler],
  // What the controllers above answer: each route's logic is one of these providers'.
  providers: [ReleaseAnswers, DataService, BoardAnswersService, PlanPackService],
})
export class AppModule {}
