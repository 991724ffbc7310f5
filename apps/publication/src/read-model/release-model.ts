// One published run's figures held in memory: its estimates, aggregates and benchmarks, each
// list in the order SourceViews returns it (the natural order of the SQL path), loaded once
// through SourceViews itself so that every row has exactly the shape and values the SQL path
// renders. A run's figures never change once a release of it exists, so the model is immutable:
// a read filters, sorts (each column and direction sorted once, on first demand) and pages in
// memory with the SQL path's semantics (SourceViews.page), and renders with the same functions.
import type { Sort } from '../representation';
import type { AggregateRow, BenchmarkFilter, BenchmarkRow, EstimateFilter, EstimateRow, Page, SourceViews } from '../source-views';
import { aggregateJson, benchmarkJson, estimateJson } from '../tables';
import { sortedRows } from './in-memory-order';

export interface ModelPage {
  limit: number | null;
  offset: number;
  sort?: Sort;
}

type List<T> = { natural: readonly T[]; sorted: Map<string, readonly T[]> };

const list = <T>(rows: T[]): List<T> => ({ natural: rows, sorted: new Map() });

export class ReleaseModel {
  private readonly estimateList: List<EstimateRow>;
  private readonly aggregateList: List<AggregateRow>;
  private readonly benchmarkList: List<BenchmarkRow>;
  /** A trust's estimate rows in natural order: the org check, `?org=` and the series. */
  private readonly estimatesByOrg = new Map<string, EstimateRow[]>();
  /** Each row's JSON item, formatted once (decimal formatting is most of a render's cost). */
  private readonly items = new WeakMap<object, unknown>();

  private constructor(readonly runId: string, estimates: EstimateRow[], aggregates: AggregateRow[], benchmarks: BenchmarkRow[]) {
    this.estimateList = list(estimates);
    this.aggregateList = list(aggregates);
    this.benchmarkList = list(benchmarks);
    for (const row of estimates) {
      const rows = this.estimatesByOrg.get(row.org_code);
      if (rows) rows.push(row);
      else this.estimatesByOrg.set(row.org_code, [row]);
    }
  }

  /** The run's three lists through SourceViews, unfiltered and unpaged: the rows the SQL path pages. */
  static async load(views: SourceViews, runId: string): Promise<ReleaseModel> {
    const all = { limit: null, offset: 0 };
    const [estimates, aggregates, benchmarks] = await Promise.all([views.estimates([runId], {}, all), views.aggregates(runId, undefined, all), views.benchmarks(runId, {}, all)]);
    return new ReleaseModel(runId, estimates.rows, aggregates.rows, benchmarks.rows);
  }

  /** Rows held, for the memory bound's accounting (docs/benchmarks.md). */
  get rowCount(): number {
    return this.estimateList.natural.length + this.aggregateList.natural.length + this.benchmarkList.natural.length;
  }

  holdsOrg(org: string): boolean {
    return this.estimatesByOrg.has(org);
  }

  /** A trust's estimates in this run (the series takes them period by period). */
  estimatesOf(org: string): readonly EstimateRow[] {
    return this.estimatesByOrg.get(org) ?? [];
  }

  estimates(filter: EstimateFilter, page: ModelPage): Page<EstimateRow> | undefined {
    const keep = (e: EstimateRow) =>
      (filter.org === undefined || e.org_code === filter.org) &&
      (filter.peerGroup === undefined || e.peer_group === filter.peerGroup) &&
      (filter.sector === undefined || e.sector === filter.sector) &&
      (filter.region === undefined || e.region === filter.region);
    return pageOf(this.estimateList, keep, page);
  }

  aggregates(level: string | undefined, page: ModelPage): Page<AggregateRow> | undefined {
    return pageOf(this.aggregateList, (a) => level === undefined || a.level === level, page);
  }

  benchmarks(filter: BenchmarkFilter, page: ModelPage): Page<BenchmarkRow> | undefined {
    const keep = (b: BenchmarkRow) =>
      (filter.org === undefined || b.org_code === filter.org) &&
      (filter.peerGroup === undefined || b.peer_group === filter.peerGroup) &&
      (filter.metric === undefined || b.metric === filter.metric);
    return pageOf(this.benchmarkList, keep, page);
  }

  estimateItem = (row: EstimateRow) => this.item(row, estimateJson);
  aggregateItem = (row: AggregateRow) => this.item(row, aggregateJson);
  benchmarkItem = (row: BenchmarkRow) => this.item(row, benchmarkJson);

  private item<T extends object>(row: T, json: (row: T) => unknown): unknown {
    let item = this.items.get(row);
    if (item === undefined) this.items.set(row, (item = json(row)));
    return item;
  }
}

/** Filter, sort and page as SourceViews.page: the total before paging, ties in natural order; undefined for an unknown sort. */
function pageOf<T>(rows: List<T>, keep: (row: T) => boolean, page: ModelPage): Page<T> | undefined {
  let ordered = rows.natural;
  if (page.sort) {
    const key = `${page.sort.expression}|${page.sort.descending}`;
    let sorted = rows.sorted.get(key);
    if (!sorted) {
      sorted = sortedRows(rows.natural as T[] & object[], page.sort) as readonly T[] | undefined;
      if (!sorted) return undefined;
      rows.sorted.set(key, sorted);
    }
    ordered = sorted;
  }
  const kept = ordered.filter(keep);
  const end = page.limit === null ? kept.length : page.offset + page.limit;
  return { total: kept.length, rows: kept.slice(page.offset, end) };
}
