// The releases and what is read from them, one instance each per process for every part of the
// service (the /v1 API, the quick reads, the downloads, the report): ReleasePublishing tells the
// in-memory PublishedReleases when it changes a release, and the ResponseCache is filled by the
// routed path and read by the quick one, and the explanation models serve both paths, so none
// of them may exist twice.
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReleaseEntity } from '@nhsp/persistence';
import { Answers } from './answers';
import { BoardAnswerReads } from './board-answers.reads';
import { PlanPackReads } from './plan-pack.reads';
import { PublishedReleases } from './quick-reads/published-releases';
import { ReleaseAssembly } from './release-assembly';
import { ReleasePublishing } from './release-publishing';
import { ReleaseRepository } from './release.repository';
import { ReleaseVisibility } from './release-visibility';
import { ExplanationModels } from './read-model/explanation-models';
import { ResponseCache } from './response-cache';
import { SourceViews } from './source-views';

@Module({
  imports: [TypeOrmModule.forFeature([ReleaseEntity])],
  providers: [ReleaseRepository, ReleaseAssembly, ReleasePublishing, ReleaseVisibility, SourceViews, PlanPackReads, BoardAnswerReads, PublishedReleases, ResponseCache, Answers, ExplanationModels],
  exports: [ReleaseAssembly, ReleasePublishing, ReleaseVisibility, SourceViews, PlanPackReads, BoardAnswerReads, PublishedReleases, ResponseCache, Answers, ExplanationModels],
})
export class ReleasesModule {}
