// The answers of the /v1 lists and of a trust's series and pack made from read models instead
// of SQL: the same representation the controllers build (the list shape, the release summary,
// the CSV and its file name), from the same rows in the same order, so the bytes and the ETag
// are the same. apps/publication/test/read-model.spec.ts compares the two paths URL by URL; if
// a controller's answer changes, that spec says so.
import { csvOf, indexFile, indexJson, indicatorsFile, indicatorsJson, opportunitiesFile, opportunitiesJson, targetsFile, targetsJson } from '../plan-pack.tables';
import type { PublicRelease } from '../quick-reads/published-releases';
import type { Format, Representation } from '../representation';
import type { EstimateRow, Page } from '../source-views';
import { aggregatesCsv, benchmarksCsv, estimatesCsv } from '../tables';
import type { ListName, ModelPage, ReleaseModel, RowFilter } from './release-model';

export type Answer = Omit<Representation, 'maxAge'>;

/** The endpoints answered from a model: the lists by name, and a trust's pack (opportunities of one org). */
export type ModelEndpoint = ListName | 'pack';

export interface ModelQuery<N extends ListName = ListName> {
  endpoint: ModelEndpoint;
  list: N;
  format: Format;
  filter: RowFilter<N>;
  page: ModelPage;
  /** The trust the request names: it must be in the release (its estimates, or for a pack its opportunities), else the SQL path's 404. */
  org?: string;
}

/** DataController's `summary` and plan-pack.query's `releaseSummary`: what a list says of its release. */
function summary(r: PublicRelease) {
  return { id: r.id, run_id: r.runId, period: r.period, vintage: r.vintage, status: r.status, published_at: r.publishedAt };
}

/** The answer, or undefined when the model cannot give it (an unknown sort, a trust it lacks): the SQL path answers. */
export function modelAnswer(release: PublicRelease, model: ReleaseModel, q: ModelQuery): Answer | undefined {
  if (q.org !== undefined && !(q.endpoint === 'pack' || q.list === 'opportunities' ? model.holdsPack(q.org) : model.holdsOrg(q.org))) return undefined;
  const result = model.page(q.list, q.filter, q.page);
  if (!result) return undefined;
  const { format, page } = q;
  const answer = (items: unknown[], csv: () => string, file: string, head: Record<string, unknown> = {}): Answer => ({
    format,
    json: { ...head, release: summary(release), total: result.total, limit: page.limit, offset: page.offset, items },
    csv,
    filename: `${file}-${release.period}.csv`,
    total: result.total,
  });
  const rows = result.rows as never;
  switch (q.endpoint) {
    case 'estimates':
      return answer((result as Page<EstimateRow>).rows.map(model.estimateItem), () => estimatesCsv(rows), 'estimates');
    case 'aggregates':
      return answer((rows as Parameters<typeof aggregatesCsv>[0]).map(model.aggregateItem), () => aggregatesCsv(rows), 'aggregates');
    case 'benchmarks':
      return answer((rows as Parameters<typeof benchmarksCsv>[0]).map(model.benchmarkItem), () => benchmarksCsv(rows), 'benchmarks');
    case 'targets':
      return answer(targetsJson(rows), () => csvOf(targetsFile(rows)), 'targets');
    case 'index':
      return answer(indexJson(rows), () => csvOf(indexFile(rows)), 'index');
    case 'opportunities':
      return answer(opportunitiesJson(rows), () => csvOf(opportunitiesFile(rows)), 'opportunities');
    case 'pack':
      return answer(opportunitiesJson(rows), () => csvOf(opportunitiesFile(rows)), `pack-${q.org}`, { org_code: q.org });
    case 'indicators':
      return answer(indicatorsJson(rows), () => csvOf(indicatorsFile(rows)), 'indicators');
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
