// The web report, registered by AppModule with one line. It reads through the same
// ReleaseService and SourceViews as /v1 (own instances: both are stateless).
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReleaseEntity } from '@nhsp/persistence';
import { ReleaseService } from '../release.service';
import { SourceViews } from '../source-views';
import { ReportController } from './report.controller';
import { ReportData } from './report-data';

@Module({
  imports: [TypeOrmModule.forFeature([ReleaseEntity])],
  controllers: [ReportController],
  providers: [ReportData, ReleaseService, SourceViews],
})
export class ReportModule {}
