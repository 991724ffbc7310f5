import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReleaseEntity } from '@nhsp/persistence';
import { BoardAnswersController } from './board-answers.controller';
import { BenchmarksCompletedHandler } from './benchmarks-completed.handler';
import { DataController } from './data.controller';
import { PublicApiModule } from './downloads';
import { ReleasesController } from './releases.controller';
import { ReleaseService } from './release.service';
import { ReportModule } from './report/report.module';
import { SourceViews } from './source-views';

@Module({
  imports: [TypeOrmModule.forFeature([ReleaseEntity]), ReportModule, PublicApiModule],
  controllers: [ReleasesController, DataController, BoardAnswersController, BenchmarksCompletedHandler],
  providers: [ReleaseService, SourceViews],
})
export class AppModule {}
