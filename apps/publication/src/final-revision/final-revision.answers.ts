// GET /v1/final-revisions/:fy behind FinalRevisionController: the year's final releases the caller
// may see, the months first published, their runs and estimates, laid out by final-revision.report.ts.
import { Injectable } from '@nestjs/common';
import type { FinancialYear } from '@nhsp/domain';
import type { Principal } from '@nhsp/service-kit';
import type { AnswerBody } from '../answers';
import { BoardAnswerReads } from '../board-answers.reads';
import { releaseJson } from '../releases.presenter';
import { seesEmbargoed } from '../release-visibility';
import { notFound } from '../representation';
import { SourceViews } from '../source-views';
import { periodsOf } from './fiscal-year';
import { FinalRevisionRepository } from './final-revision.repository';
import { yearRevisionCsv, yearRevisionItems } from './final-revision.report';

const ALL = { limit: null, offset: 0 };

@Injectable()
export class FinalRevisionAnswers {
  constructor(
    private readonly repository: FinalRevisionRepository,
    private readonly views: SourceViews,
    private readonly reads: BoardAnswerReads,
  ) {}

  async report(year: FinancialYear, org: string | undefined, principal: Principal | undefined): Promise<AnswerBody> {
    const periods = periodsOf(year);
    const finals = await this.repository.finalReleases(periods, !seesEmbargoed(principal));
    if (finals.length === 0) throw notFound(`No final revision of ${year} has been published`);
    const provisionals = await this.repository.firstPublished(periods);
    const runIds = [...finals, ...provisionals].map((r) => r.runId);
    const items = yearRevisionItems({
      finals,
      provisionals,
      runs: await this.reads.runs(runIds),
      estimates: (await this.views.estimates(runIds, { org }, ALL)).rows,
    });
    if (org && items.length === 0) throw notFound(`No estimate for trust ${org} in the final revision of ${year}`);
    const slug = String(year).replace('/', '-');
    return {
      json: { financial_year: String(year), complete: finals.length === periods.length, releases: finals.map((r) => releaseJson(r, false)), total: items.length, items },
      csv: () => yearRevisionCsv(String(year), items),
      filename: `final-revision-${slug}${org ? `-${org}` : ''}.csv`,
      total: items.length,
    };
  }
}
