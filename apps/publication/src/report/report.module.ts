// The web report, registered by AppModule with one line. It reads through the same
// ReleaseVisibility and SourceViews as /v1 (ReleasesModule).
import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { ReleasesModule } from '../releases.module';
import { ReportAssetsController } from './assets.controller';
import { ReportController } from './report.controller';
import { ReportData } from './report-data';
import { ReportReleaseModels } from './report-release-model';
import { ReportRepository } from './report.repository';
import { HeldTrustPages } from './held-trust-pages';

@Module({
  imports: [ReleasesModule, CalendarModule],
  controllers: [ReportController, ReportAssetsController],
  providers: [ReportData, ReportReleaseModels, ReportRepository, HeldTrustPages],
  // The quick path ahead of Express (PublicApiModule's QuickFigures) answers the held trust pages.
  exports: [HeldTrustPages],
})
export class ReportModule {}
