import { Module } from '@nestjs/common';
import { BoardAnswersController } from './board-answers.controller';
import { BenchmarksCompletedHandler } from './benchmarks-completed.handler';
import { DataController } from './data.controller';
import { PublicApiModule } from './downloads';
import { PacksController } from './packs.controller';
import { PlanController } from './plan.controller';
import { ReleasesController } from './releases.controller';
import { ReleasesModule } from './releases.module';
import { ReportModule } from './report/report.module';

@Module({
  imports: [ReleasesModule, ReportModule, PublicApiModule],
  controllers: [ReleasesController, DataController, PlanController, PacksController, BoardAnswersController, BenchmarksCompletedHandler],
})
export class AppModule {}
