// The answers of /v1/estimates, /v1/aggregates, /v1/benchmarks and /v1/trusts/:org/series
// made from read models instead of SQL: the same representation DataController builds (the
// list shape, the release summary, the CSV and its file name), from the same rows in the same
// order, so the bytes and the ETag are the same. apps/publication/test/read-model.spec.ts
// compares the two paths URL by URL; if DataController's answers change, that spec says so.
import type { PublicRelease } from '../quick-reads/published-releases';
import type { Format, Representation } from '../representation';
import type { EstimateRow } from '../source-views';
import { aggregatesCsv, benchmarksCsv, estimatesCsv } from '../tables';
import type { ModelPage, ReleaseModel } from './release-model';

export type Answer = Omit<Representation, 'maxAge'>;

export interface FigureQuery {
  endpoint: 'estimates' | 'aggregates' | 'benchmarks';
  format: Format;
  page: ModelPage;
  org?: string;
  peerGroup?: string;
  sector?: string;
  region?: string;
  metric?: string;
  level?: string;
}

/** DataController's `summary`: what a list says of the release it comes from. */
function summary(r: PublicRelease) {
  return { id: r.id, run_id: r.runId, period: r.period, vintage: r.vintage, status: r.status, published_at: r.publishedAt };
}

/** The answer, or undefined when the model cannot give it (an unknown sort): the SQL path answers. */
export function figureAnswer(release: PublicRelease, model: ReleaseModel, q: FigureQuery): Answer | undefined {
  const { format, page } = q;
  const list = <T>(result: { total: number; rows: T[] } | undefined, item: (row: T) => unknown, csv: (rows: T[]) => string, name: string): Answer | undefined =>
    result && {
      format,
      json: { release: summary(release), total: result.total, limit: page.limit, offset: page.offset, items: result.rows.map(item) },
      csv: () => csv(result.rows),
      filename: `${name}-${release.period}.csv`,
      total: result.total,
    };
  switch (q.endpoint) {
    case 'estimates':
      return list(model.estimates({ org: q.org, peerGroup: q.peerGroup, sector: q.sector, region: q.region }, page), model.estimateItem, estimatesCsv, 'estimates');
    case 'aggregates':
      return list(model.aggregates(q.level, page), model.aggregateItem, aggregatesCsv, 'aggregates');
    case 'benchmarks':
      return list(model.benchmarks({ org: q.org, peerGroup: q.peerGroup, metric: q.metric }, page), model.benchmarkItem, benchmarksCsv, 'benchmarks');
  }
}

/**
 * One trust across the published periods: `models` in period order, one per period (the
 * public's current release of each). Undefined when no period holds the trust (the SQL path
 * answers its 404).
 */
export function seriesAnswer(org: string, models: readonly ReleaseModel[], format: Format): Answer | undefined {
  const rows: EstimateRow[] = [];
  const items: unknown[] = [];
  for (const model of models) {
    for (const row of model.estimatesOf(org)) {
      rows.push(row);
      items.push(model.estimateItem(row));
    }
  }
  if (rows.length === 0) return undefined;
  return { format, json: { org_code: org, name: rows[rows.length - 1].name, items }, csv: () => estimatesCsv(rows), filename: `${org}-series.csv` };
}
