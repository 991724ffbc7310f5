// One published release's figures held in memory: its estimates, aggregates and benchmarks (the
// run's, through SourceViews) and its own copy of the plan view and packs (targets, index,
// opportunities, indicators, through PlanPackReads from publication.release_*), each list in the
// order its SQL returns it (the natural order), loaded once through those very readers so that
// every row has exactly the shape and values the SQL path renders. A release's figures never
// change once it exists, so the model is immutable: a read filters, sorts (each column and
// direction sorted at load) and pages in memory with the semantics of SourceViews.page. Each row's
// JSON item and CSV line are serialised once, at load, by the same functions as the SQL path's
// answer (list-bodies.ts rowFragments); a page joins them. What a request would otherwise scan
// or sort is made once per model: every sortable column's order both ways, with each row's rank
// in it, at load (so that no reader pays for a first sort), and per filtered field the rows of
// each value, on the field's first filter; a filtered page then orders only the rows matching.
import { LIST_SHAPES, ListName, ListRows, rowFragments } from '../list-bodies';
import { PLAN_PACK_SORTABLE, PlanPackReads } from '../plan-pack.reads';
import type { Sort } from '../representation';
import { EstimateRow, Page, SORTABLE, SourceViews } from '../source-views';
import { sortedPositions } from './in-memory-order';
import { RowBytes, RowRun } from './row-bytes';
import { groupedBy } from './by-org';

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

/**
 * A list in one order: the natural positions in that order, and each natural position's rank in
 * it. Typed arrays, not arrays of row references: some 30 orders per list in each of up to
 * MAX_MODELS releases are then bytes the garbage collector never traces, where references were
 * pointers its every full marking walked (a full collection inside a cold pass was its p99).
 */
interface Order {
  positions: Int32Array;
  rank: Int32Array;
}

/** Natural positions of a page's rows, in the order they are sent, and the rows matching before paging. */
export interface PositionPage {
  total: number;
  positions: ArrayLike<number>;
}

interface List<T> {
  natural: readonly T[];
  /** By `expression|descending`. */
  sorted: Map<string, Order>;
  /** By field, then value: the natural positions of the rows holding it, ascending. */
  byValue: Map<string, Map<unknown, number[]>>;
}

/** The sort expressions each list is asked for (the controllers' SORTABLE lists): their orders are made at load. */
const SORT_EXPRESSIONS: { [N in ListName]: string[] } = {
  estimates: Object.values(SORTABLE.estimates), aggregates: Object.values(SORTABLE.aggregates), benchmarks: Object.values(SORTABLE.benchmarks),
  targets: Object.values(PLAN_PACK_SORTABLE.targets), index: Object.values(PLAN_PACK_SORTABLE.index),
  opportunities: Object.values(PLAN_PACK_SORTABLE.opportunities), indicators: Object.values(PLAN_PACK_SORTABLE.indicators),
};
const EMPTY: readonly number[] = [];

export class ReleaseModel {
  private readonly lists: { [N in ListName]: List<ModelRows[N]> };
  /** A trust's rows in natural order: the org checks, `?org=`, the series and the pack. */
  private readonly estimatesByOrg: Map<string, Int32Array>;
  private readonly packOrgs: Set<string>;
  /** Each row's JSON item and CSV line, serialised at load (decimal formatting and serialising are most of a render), as bytes per list. */
  private readonly bytes = {} as { [N in ListName]: { json: RowBytes; csv: RowBytes } };

  private constructor(rows: { [N in ListName]: ModelRows[N][] }) {
    const list = <T>(natural: T[]): List<T> => ({ natural, sorted: new Map(), byValue: new Map() });
    this.lists = {
      estimates: list(rows.estimates), aggregates: list(rows.aggregates), benchmarks: list(rows.benchmarks),
      targets: list(rows.targets), index: list(rows.index), opportunities: list(rows.opportunities), indicators: list(rows.indicators),
    };
    this.estimatesByOrg = positionsByOrg(rows.estimates);
    this.packOrgs = new Set(rows.opportunities.map((row) => row.org_code));
    for (const name of Object.keys(rows) as ListName[]) {
      const held = rows[name] as object[];
      const fragments = rowFragments(LIST_SHAPES[name] as never, held);
      this.bytes[name] = { json: RowBytes.of(fragments.map((f) => f.json)), csv: RowBytes.of(fragments.map((f) => f.csv)) };
      for (const expression of new Set(SORT_EXPRESSIONS[name])) for (const descending of [false, true]) this.order(this.lists[name] as List<object>, { expression, descending });
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
    return this.packOrgs.has(org);
  }

  /** The natural positions of a trust's estimates in this release (the series takes them period by period). */
  estimatePositionsOf(org: string): Int32Array {
    return this.estimatesByOrg.get(org) ?? NONE;
  }

  /** A trust's estimates in this release. */
  estimatesOf(org: string): readonly EstimateRow[] {
    return Array.from(this.estimatePositionsOf(org), (at) => this.lists.estimates.natural[at]);
  }

  /** Filter, sort and page as SourceViews.page: the total before paging, ties in natural order; undefined for a sort not understood. */
  page<N extends ListName>(name: N, filter: RowFilter<N>, page: ModelPage): Page<ModelRows[N]> | undefined {
    const found = this.pagePositions(name, filter, page);
    const natural = this.lists[name].natural as readonly ModelRows[N][];
    return found && { total: found.total, rows: Array.from(found.positions, (at) => natural[at]) };
  }

  /** page()'s rows as their natural positions (where their bytes are: run()), without a row array per request. */
  pagePositions<N extends ListName>(name: N, filter: RowFilter<N>, page: ModelPage): PositionPage | undefined {
    const rows = this.lists[name] as List<ModelRows[N]>;
    const order = page.sort ? this.order(rows, page.sort) : undefined;
    if (page.sort && !order) return undefined;
    const end = (total: number) => (page.limit === null ? total : page.offset + page.limit);
    const conditions = (Object.entries(filter) as Array<[string, unknown]>).filter(([, value]) => value !== undefined);
    if (conditions.length === 0) {
      const total = rows.natural.length;
      const from = Math.min(page.offset, total);
      const to = Math.min(end(total), total);
      return { total, positions: order ? order.positions.subarray(from, to) : range(from, to) };
    }
    // The rows of the rarest value among the conditions, then the other conditions on those alone.
    let candidates = EMPTY;
    for (const [at, [field, value]] of conditions.entries()) {
      const holding = this.positionsOf(rows, field, value);
      if (at === 0 || holding.length < candidates.length) candidates = holding;
    }
    const natural = rows.natural as unknown as ReadonlyArray<Record<string, unknown>>;
    const kept = conditions.length === 1 ? candidates : candidates.filter((at) => conditions.every(([field, value]) => natural[at][field] === value));
    const total = kept.length;
    const from = Math.min(page.offset, total);
    const to = Math.min(end(total), total);
    if (!order) return { total, positions: kept.slice(from, to) };
    // Ranks in the order are distinct: sorting them (a native numeric sort) orders the rows.
    const ranks = Int32Array.from(kept, (at) => order.rank[at]).sort();
    return { total, positions: Array.from(ranks.subarray(from, to), (rank) => order.positions[rank]) };
  }

  /** The list in this order, made once; undefined for an expression not understood. */
  private order<T>(rows: List<T>, sort: Sort): Order | undefined {
    const key = `${sort.expression}|${sort.descending}`;
    let order = rows.sorted.get(key);
    if (!order) {
      const positions = sortedPositions(rows.natural as unknown as object[], sort);
      if (!positions) return undefined;
      const rank = new Int32Array(positions.length);
      positions.forEach((at, r) => (rank[at] = r));
      order = { positions, rank };
      rows.sorted.set(key, order);
    }
    return order;
  }

  /** The natural positions of the rows whose `field` is `value` (===, as the SQL path's whereEqual), from an index made on the field's first filter. */
  private positionsOf<T>(rows: List<T>, field: string, value: unknown): readonly number[] {
    let index = rows.byValue.get(field);
    if (!index) {
      index = new Map();
      for (const [at, row] of (rows.natural as unknown as ReadonlyArray<Record<string, unknown>>).entries()) {
        const held = index.get(row[field]);
        if (held) held.push(at);
        else index.set(row[field], [at]);
      }
      rows.byValue.set(field, index);
    }
    return index.get(value) ?? EMPTY;
  }

  /** The bytes of these rows of `list` (natural positions, as pagePositions gives them), in this order. */
  run(list: ListName, positions: ArrayLike<number>, format: 'json' | 'csv'): RowRun {
    return { bytes: this.bytes[list][format], positions };
  }
}

const NONE = new Int32Array(0);

function range(from: number, to: number): Int32Array {
  const positions = new Int32Array(Math.max(0, to - from));
  for (let i = 0; i < positions.length; i++) positions[i] = from + i;
  return positions;
}

/** Per trust, the natural positions of its rows, ascending (by-org.ts's grouping, as positions). */
function positionsByOrg(rows: readonly { org_code: string }[]): Map<string, Int32Array> {
  const grouped = groupedBy(Array.from(rows, (_, at) => at), (at) => rows[at].org_code);
  return new Map([...grouped].map(([org, positions]) => [org, Int32Array.from(positions)]));
}
