// One published release's figures held in memory: its estimates, aggregates and benchmarks (the
// run's, through SourceViews) and its own copy of the plan view and packs (targets, index,
// opportunities, indicators, through PlanPackReads from publication.release_*), each list in the
// order its SQL returns it (the natural order), loaded once through those very readers so that
// every row has exactly the shape and values the SQL path renders. A release's figures never
// change once it exists, so the model is immutable: a read filters, sorts (each column and
// direction sorted at load) and pages in memory with the semantics of SourceViews.page. Each row's
// JSON item and CSV line are serialised once, at load, by the same functions as the SQL path's
// answer (list-bodies.ts rowFragments); a page joins them. What a request would otherwise scan
// or sort is made once per model, at load: every sortable column's order both ways, with each
// row's rank in it, and per filtered field the rows of each value; a filtered page then orders
// only the rows matching. Only these are kept, as typed arrays of natural positions, not the rows.
import { LIST_SHAPES, ListName, ListRows, rowFragments } from '../list-bodies';
import { PLAN_PACK_SORTABLE, PlanPackReads } from '../plan-pack.reads';
import type { Sort } from '../representation';
import { SORTABLE, SourceViews } from '../source-views';
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

/**
 * A field a list is filtered on, indexed at load: each distinct value's number, each row's value
 * as that number, and per value the natural positions of the rows holding it, ascending.
 */
interface Field {
  idOf: Map<unknown, number>;
  ids: Int32Array;
  holding: Int32Array[];
}

/**
 * What the model keeps of a list: its length, its orders and its filtered fields' indexes - no
 * row objects. The rows are read at load to make these and each row's bytes, then dropped: a
 * release's rows are thousands of objects and strings (every decimal a string), tens of millions
 * of heap objects over MAX_MODELS releases that every full collection had to mark, for the sake
 * of a few fields a filter compares.
 */
interface List {
  size: number;
  /** By `expression|descending`. */
  sorted: Map<string, Order>;
  /** By field name. */
  fields: Map<string, Field>;
}

/** The sort expressions each list is asked for (the controllers' SORTABLE lists): their orders are made at load. */
const SORT_EXPRESSIONS: { [N in ListName]: string[] } = {
  estimates: Object.values(SORTABLE.estimates), aggregates: Object.values(SORTABLE.aggregates), benchmarks: Object.values(SORTABLE.benchmarks),
  targets: Object.values(PLAN_PACK_SORTABLE.targets), index: Object.values(PLAN_PACK_SORTABLE.index),
  opportunities: Object.values(PLAN_PACK_SORTABLE.opportunities), indicators: Object.values(PLAN_PACK_SORTABLE.indicators),
};

/**
 * The fields each list is filtered on (the filters of quick-reads/model-reads.ts ENDPOINTS, as
 * their controllers' whereEqual): indexed at load. A filter on another field is declined (the SQL
 * path answers it), as is a sort not in SORT_EXPRESSIONS.
 */
export const FILTERED_FIELDS: { [N in ListName]: ReadonlyArray<keyof ModelRows[N] & string> } = {
  estimates: ['org_code', 'peer_group', 'sector', 'region'],
  aggregates: ['level'],
  benchmarks: ['org_code', 'peer_group', 'metric'],
  targets: ['level', 'group', 'on_track'],
  index: ['level', 'group'],
  opportunities: ['org_code', 'sector', 'metric', 'dimension', 'benchmark_group'],
  indicators: ['level', 'group', 'indicator', 'window'],
};

const orderKey = (sort: Sort) => `${sort.expression}|${sort.descending}`;

export class ReleaseModel {
  private readonly lists = {} as { [N in ListName]: List };
  /** A trust's estimates' natural positions: the org checks, `?org=` and the series. */
  private readonly estimatesByOrg: Map<string, Int32Array>;
  /** A trust's name as its last estimate row gives it (the series' frame). */
  private readonly nameOf = new Map<string, string>();
  private readonly packOrgs: Set<string>;
  /** Each row's JSON item and CSV line, serialised at load (decimal formatting and serialising are most of a render), as bytes per list. */
  private readonly bytes = {} as { [N in ListName]: { json: RowBytes; csv: RowBytes } };

  private constructor(rows: { [N in ListName]: ModelRows[N][] }) {
    this.estimatesByOrg = positionsByOrg(rows.estimates);
    for (const row of rows.estimates) this.nameOf.set(row.org_code, row.name);
    this.packOrgs = new Set(rows.opportunities.map((row) => row.org_code));
    for (const name of Object.keys(rows) as ListName[]) {
      const held = rows[name] as object[];
      const fragments = rowFragments(LIST_SHAPES[name] as never, held);
      this.bytes[name] = { json: RowBytes.of(fragments.map((f) => f.json)), csv: RowBytes.of(fragments.map((f) => f.csv)) };
      const list: List = { size: held.length, sorted: new Map(), fields: new Map() };
      for (const expression of new Set(SORT_EXPRESSIONS[name])) {
        for (const descending of [false, true]) {
          const order = ordered(held, { expression, descending });
          if (order) list.sorted.set(orderKey({ expression, descending }), order);
        }
      }
      for (const field of FILTERED_FIELDS[name] as readonly string[]) list.fields.set(field, indexed(held as ReadonlyArray<Record<string, unknown>>, field));
      this.lists[name] = list;
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
    return Object.values(this.lists).reduce((sum, l) => sum + l.size, 0);
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

  /** The trusts with estimates in this release, in natural order. */
  orgs(): string[] {
    return [...this.estimatesByOrg.keys()];
  }

  /** The values a filtered field of a list holds, in natural order of first appearance (sample queries at start). */
  valuesOf(list: ListName, field: string): unknown[] {
    return [...(this.lists[list].fields.get(field)?.idOf.keys() ?? [])];
  }

  /** The trust's name in its last estimate row of this release; undefined for a trust it lacks. */
  nameOfOrg(org: string): string | undefined {
    return this.nameOf.get(org);
  }

  /**
   * Filter, sort and page as SourceViews.page - the total before paging, ties in natural order -
   * as the rows' natural positions (where their bytes are: run()); undefined for a sort or a
   * filtered field the model does not hold (the SQL path answers).
   */
  pagePositions<N extends ListName>(name: N, filter: RowFilter<N>, page: ModelPage): PositionPage | undefined {
    // Plain loops over typed arrays: this runs on every cold read (typed arrays' filter/from with a callback measured several times slower).
    const list = this.lists[name];
    let order: Order | undefined;
    if (page.sort) {
      order = list.sorted.get(orderKey(page.sort));
      if (!order) return undefined;
    }
    // The rows of the rarest value among the conditions, then the other conditions on those alone.
    let candidates: Int32Array | undefined;
    const checks: Array<{ field: Field; id: number }> = [];
    for (const key in filter) {
      const value: unknown = filter[key as keyof RowFilter<N>];
      if (value === undefined) continue;
      const field = list.fields.get(key);
      if (!field) return undefined;
      // A value no row holds (=== as the SQL path's whereEqual): nothing matches.
      const id = field.idOf.get(value) ?? -1;
      const holding = id < 0 ? NONE : field.holding[id];
      checks.push({ field, id });
      if (candidates === undefined || holding.length < candidates.length) candidates = holding;
    }
    let kept: Int32Array | undefined = candidates;
    if (candidates !== undefined && checks.length > 1) {
      const matching: number[] = [];
      for (let i = 0; i < candidates.length; i++) {
        const at = candidates[i];
        let all = true;
        for (let c = 0; c < checks.length && all; c++) all = checks[c].field.ids[at] === checks[c].id;
        if (all) matching.push(at);
      }
      kept = Int32Array.from(matching);
    }
    const total = kept === undefined ? list.size : kept.length;
    const from = Math.min(page.offset, total);
    const to = page.limit === null ? total : Math.min(page.offset + page.limit, total);
    if (kept === undefined) return { total, positions: order ? order.positions.subarray(from, to) : range(from, to) };
    if (!order) return { total, positions: kept.subarray(from, to) };
    // Ranks in the order are distinct: sorting them (a native numeric sort) orders the rows.
    const ranks = new Int32Array(total);
    for (let i = 0; i < total; i++) ranks[i] = order.rank[kept[i]];
    ranks.sort();
    const positions = new Int32Array(Math.max(0, to - from));
    for (let i = 0; i < positions.length; i++) positions[i] = order.positions[ranks[from + i]];
    return { total, positions };
  }

  /** The bytes of these rows of `list` (natural positions, as pagePositions gives them), in this order. */
  run(list: ListName, positions: ArrayLike<number>, format: 'json' | 'csv'): RowRun {
    return { bytes: this.bytes[list][format], positions };
  }
}

/** The rows in this order, with each natural position's rank in it; undefined for an expression not understood. */
function ordered(rows: readonly object[], sort: Sort): Order | undefined {
  const positions = sortedPositions(rows, sort);
  if (!positions) return undefined;
  const rank = new Int32Array(positions.length);
  positions.forEach((at, r) => (rank[at] = r));
  return { positions, rank };
}

/** A field's index: the rows' values numbered, and the natural positions holding each. */
function indexed(rows: ReadonlyArray<Record<string, unknown>>, name: string): Field {
  const idOf = new Map<unknown, number>();
  const ids = new Int32Array(rows.length);
  const holding: number[][] = [];
  rows.forEach((row, at) => {
    let id = idOf.get(row[name]);
    if (id === undefined) {
      idOf.set(row[name], (id = holding.length));
      holding.push([]);
    }
    ids[at] = id;
    holding[id].push(at);
  });
  return { idOf, ids, holding: holding.map((positions) => Int32Array.from(positions)) };
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
