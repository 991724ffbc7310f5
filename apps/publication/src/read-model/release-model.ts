// One published release's figures held in memory: its estimates, aggregates and benchmarks (the
// run's, through SourceViews) and its own copy of the plan view and packs (targets, index,
// opportunities, indicators, through PlanPackReads from publication.release_*), each list in the
// order its SQL returns it (the natural order), loaded once through those very readers so that
// every row has exactly the shape and values the SQL path renders. A release's figures never
// change once it exists, so the model is immutable: a read filters, sorts (each column and
// direction sorted once, on first demand) and pages in memory with the semantics of
// SourceViews.page. Each row's JSON item and CSV line are serialised once, at load, by the same
// functions as the SQL path's answer (list-bodies.ts rowFragments); a page joins them.
import { LIST_SHAPES, ListName, ListRows, RowFragment, rowFragments } from '../list-bodies';
import type { OpportunityRecord, PlanPackReads } from '../plan-pack.reads';
import type { Sort } from '../representation';
import type { EstimateRow, Page, SourceViews } from '../source-views';
import { sortedRows } from './in-memory-order';
import { byOrg } from './by-org';

export interface ModelPage {
  limit: number | null;
  offset: number;
  sort?: Sort;
}

/** The row type of each list the model holds. */
export type ModelRows = ListRows;
export type { ListName };

/** Equality on a row's fields, as the SQL path's `whereEqual` (an undefined value filters nothing). */
export type RowFilter<N extends ListName> = Partial<Record<keyof ModelRows[N], string | boolean | undefined>>;

interface List<T> {
  natural: readonly T[];
  sorted: Map<string, readonly T[]>;
}

export class ReleaseModel {
  private readonly lists: { [N in ListName]: List<ModelRows[N]> };
  /** A trust's rows in natural order: the org checks, `?org=`, the series and the pack. */
  private readonly estimatesByOrg: Map<string, EstimateRow[]>;
  private readonly opportunitiesByOrg: Map<string, OpportunityRecord[]>;
  /** Each row's JSON item and CSV line, serialised at load (decimal formatting and serialising are most of a render). */
  private readonly fragments = new WeakMap<object, RowFragment>();

  private constructor(rows: { [N in ListName]: ModelRows[N][] }) {
    const list = <T>(natural: T[]): List<T> => ({ natural, sorted: new Map() });
    this.lists = {
      estimates: list(rows.estimates), aggregates: list(rows.aggregates), benchmarks: list(rows.benchmarks),
      targets: list(rows.targets), index: list(rows.index), opportunities: list(rows.opportunities), indicators: list(rows.indicators),
    };
    this.estimatesByOrg = byOrg(rows.estimates);
    this.opportunitiesByOrg = byOrg(rows.opportunities);
    for (const name of Object.keys(rows) as ListName[]) {
      const held = rows[name] as object[];
      rowFragments(LIST_SHAPES[name] as never, held).forEach((fragment, at) => this.fragments.set(held[at], fragment));
    }
  }

  /** Every list unfiltered and unpaged, through the readers the SQL path pages with. */
  static async load(views: SourceViews, plans: PlanPackReads, release: { id: string; runId: string }): Promise<ReleaseModel> {
    const all = { limit: null, offset: 0 };
    const [estimates, aggregates, benchmarks, targets, index, opportunities, indicators] = await Promise.all([
      views.estimates([release.runId], {}, all), views.aggregates(release.runId, undefined, all), views.benchmarks(release.runId, {}, all),
      plans.targets(release.id, {}, all), plans.index(release.id, {}, all), plans.opportunities(release.id, {}, all), plans.indicators(release.id, {}, all),
    ]);
    return new ReleaseModel({
      estimates: estimates.rows, aggregates: aggregates.rows, benchmarks: benchmarks.rows,
      targets: targets.rows, index: index.rows, opportunities: opportunities.rows, indicators: indicators.rows,
    });
  }

  /** Rows held, for the memory bound's accounting. */
  get rowCount(): number {
    return Object.values(this.lists).reduce((sum, l) => sum + l.natural.length, 0);
  }

  holdsOrg(org: string): boolean {
    return this.estimatesByOrg.has(org);
  }

  holdsPack(org: string): boolean {
    return this.opportunitiesByOrg.has(org);
  }

  /** A trust's estimates in this release (the series takes them period by period). */
  estimatesOf(org: string): readonly EstimateRow[] {
    return this.estimatesByOrg.get(org) ?? [];
  }

  /** Filter, sort and page as SourceViews.page: the total before paging, ties in natural order; undefined for a sort not understood. */
  page<N extends ListName>(name: N, filter: RowFilter<N>, page: ModelPage): Page<ModelRows[N]> | undefined {
    const rows = this.lists[name] as List<ModelRows[N]>;
    let ordered = rows.natural;
    if (page.sort) {
      const key = `${page.sort.expression}|${page.sort.descending}`;
      let sorted = rows.sorted.get(key);
      if (!sorted) {
        sorted = sortedRows(rows.natural as Array<ModelRows[N] & object>, page.sort);
        if (!sorted) return undefined;
        rows.sorted.set(key, sorted);
      }
      ordered = sorted;
    }
    const conditions = Object.entries(filter).filter(([, value]) => value !== undefined) as Array<[keyof ModelRows[N], unknown]>;
    const kept = conditions.length === 0 ? ordered : ordered.filter((row) => conditions.every(([field, value]) => row[field] === value));
    const end = page.limit === null ? kept.length : page.offset + page.limit;
    return { total: kept.length, rows: kept.slice(page.offset, end) };
  }

  /** The rows' fragments, in the rows' order (rows of this model only). */
  fragmentsOf(rows: readonly object[]): RowFragment[] {
    return rows.map((row) => this.fragments.get(row)!);
  }
}
