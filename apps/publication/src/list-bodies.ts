// The bodies of the /v1 lists (estimates, aggregates, benchmarks, targets, index, opportunities,
// indicators), of a trust's pack and of its series: the one definition of their JSON shape (the
// release summary, total, limit, offset, items) and of their CSV download and its file name. The
// routed path (DataService, PlanPackService) builds its answer from SQL rows with these; the read
// model (read-model/) builds the same answer from rows it holds, either with these or - for speed -
// by joining each row's item and CSV line, serialised once at load (rowFragments), into the frame
// these functions give (listFrame), so both paths send the same bytes by construction.
import { csvOf, indexFile, indexJson, indicatorsFile, indicatorsJson, opportunitiesFile, opportunitiesJson, targetsFile, targetsJson } from './plan-pack.tables';
import type { IndexRecord, IndicatorRecord, OpportunityRecord, TargetRecord } from './plan-pack.reads';
import type { AnswerBody } from './answers';
import { releaseSummary } from './plan-pack.query';
import type { AggregateRow, BenchmarkRow, EstimateRow, PageRequest } from './source-views';
import { aggregateJson, aggregatesCsv, benchmarkJson, benchmarksCsv, estimateJson, estimatesCsv } from './tables';

/** How a list's rows become its JSON items and its data contract file, and what the file is called. */
export interface ListShape<T> {
  file: string;
  items(rows: readonly T[]): unknown[];
  csv(rows: readonly T[]): string;
}

/** The row type of each list. */
export interface ListRows {
  estimates: EstimateRow;
  aggregates: AggregateRow;
  benchmarks: BenchmarkRow;
  targets: TargetRecord;
  index: IndexRecord;
  opportunities: OpportunityRecord;
  indicators: IndicatorRecord;
}
export type ListName = keyof ListRows;

export const LIST_SHAPES: { [N in ListName]: ListShape<ListRows[N]> } = {
  estimates: { file: 'estimates', items: (rows) => rows.map(estimateJson), csv: (rows) => estimatesCsv(rows as EstimateRow[]) },
  aggregates: { file: 'aggregates', items: (rows) => rows.map(aggregateJson), csv: (rows) => aggregatesCsv(rows as AggregateRow[]) },
  benchmarks: { file: 'benchmarks', items: (rows) => rows.map(benchmarkJson), csv: (rows) => benchmarksCsv(rows as BenchmarkRow[]) },
  targets: { file: 'targets', items: targetsJson, csv: (rows) => csvOf(targetsFile(rows)) },
  index: { file: 'index', items: indexJson, csv: (rows) => csvOf(indexFile(rows)) },
  opportunities: { file: 'opportunities', items: opportunitiesJson, csv: (rows) => csvOf(opportunitiesFile(rows)) },
  indicators: { file: 'indicators', items: indicatorsJson, csv: (rows) => csvOf(indicatorsFile(rows)) },
};

/** What a list says of its release (the published list's entry or the release row itself). */
export type ListRelease = Parameters<typeof releaseSummary>[0];

/** What a page of a list answers besides its items: `{ ...head, release, total, limit, offset, items }` and the file's name. */
export interface ListFrame {
  json: Record<string, unknown> & { items: unknown[] };
  filename: string;
  total: number;
}

/** The frame of a list's page; a pack puts its trust first (head) and names its file after it. */
export function listFrame(release: ListRelease, page: PageRequest, total: number, file: string, head: Record<string, unknown> = {}): ListFrame {
  return { json: { ...head, release: releaseSummary(release), total, limit: page.limit, offset: page.offset, items: [] }, filename: `${file}-${release.period}.csv`, total };
}

/** A page of a list: its frame around the page's rows. */
export function listBody<N extends ListName>(name: N, release: ListRelease, page: PageRequest, result: { total: number; rows: readonly ListRows[N][] }): AnswerBody {
  return framed(LIST_SHAPES[name], listFrame(release, page, result.total, LIST_SHAPES[name].file), result.rows);
}

/** A trust's pack: its opportunities under `org_code`, in a file named after it. */
export function packBody(org: string, release: ListRelease, page: PageRequest, result: { total: number; rows: readonly OpportunityRecord[] }): AnswerBody {
  return framed(LIST_SHAPES.opportunities, packFrame(org, release, page, result.total), result.rows);
}

export const packFrame = (org: string, release: ListRelease, page: PageRequest, total: number): ListFrame => listFrame(release, page, total, `pack-${org}`, { org_code: org });

/** One trust's estimates across periods (oldest first): named as in its latest period. */
export function seriesBody(org: string, rows: readonly EstimateRow[]): AnswerBody {
  const { json, filename } = seriesFrame(org, rows);
  const shape = LIST_SHAPES.estimates;
  return { json: { ...json, items: shape.items(rows) }, csv: () => shape.csv(rows), filename };
}

export function seriesFrame(org: string, rows: readonly EstimateRow[]): Omit<ListFrame, 'total'> {
  return seriesFrameNamed(org, rows[rows.length - 1].name);
}

/** The series' frame for the name of its latest row (a read model keeps the name, not the rows). */
export function seriesFrameNamed(org: string, name: string): Omit<ListFrame, 'total'> {
  return { json: { org_code: org, name, items: [] }, filename: `${org}-series.csv` };
}

function framed<T>(shape: ListShape<T>, frame: ListFrame, rows: readonly T[]): AnswerBody {
  return withItems(frame, shape.items(rows), () => shape.csv(rows));
}

/** A frame filled with its items and file (a list not held by a read model, such as sensitivity, uses the same frame). */
export function withItems(frame: ListFrame, items: unknown[], csv: () => string): AnswerBody {
  return { json: { ...frame.json, items }, csv, filename: frame.filename, total: frame.total };
}

/** A row's JSON item and CSV line (with its newline), each serialised once. */
export interface RowFragment {
  json: string;
  csv: string;
}

/** Each row's fragments, made by the list's own functions on that one row (a file's rows are independent). */
export function rowFragments<T>(shape: ListShape<T>, rows: readonly T[]): RowFragment[] {
  const header = csvHeader(shape);
  return rows.map((row) => {
    const csv = shape.csv([row]);
    return { json: JSON.stringify(shape.items([row])[0]), csv: csv.slice(header.length) };
  });
}

const headers = new WeakMap<object, string>();
/** The CSV header line of a list's file (with its newline): what precedes the rows' lines; made once per list. */
export function csvHeader<T>(shape: ListShape<T>): string {
  let header = headers.get(shape);
  if (header === undefined) headers.set(shape, (header = shape.csv([])));
  return header;
}

const summaries = new WeakMap<object, string>();

/**
 * joinedJsonHead of listFrame(release, page, total, …, head).json, written without serialising the
 * frame: the release's summary is serialised once per release object (a release row never
 * changes; PublishedReleases makes new objects when it reloads), the rest are numbers and the
 * head's own JSON. The same text as JSON.stringify gives (list-bodies.spec.ts); paging that is
 * not whole numbers takes joinedJsonHead.
 */
export function listJsonHead(release: ListRelease, page: PageRequest, total: number, head?: Record<string, unknown>): string {
  if (!Number.isInteger(page.offset) || !Number.isInteger(total) || (page.limit !== null && !Number.isInteger(page.limit))) return joinedJsonHead(listFrame(release, page, total, '', head).json);
  let summary = summaries.get(release);
  if (summary === undefined) summaries.set(release, (summary = JSON.stringify(releaseSummary(release))));
  const lead = head ? JSON.stringify(head).slice(1, -1) : '';
  return `{${lead}${lead ? ',' : ''}"release":${summary},"total":${total},"limit":${page.limit},"offset":${page.offset},"items":[`;
}

/**
 * What precedes a frame's items in its JSON (up to and with `"items":[`); the rows' items joined by
 * commas and `]}` follow: the frame serialised with no items ends `"items":[]}` (items is its last
 * field), and the bytes are those of JSON.stringify of the whole answer, which has no whitespace
 * to differ in (read-model/row-bytes.ts joins them).
 */
export function joinedJsonHead(frame: { items: unknown[] }): string {
  const empty = JSON.stringify(frame);
  if (!empty.endsWith('"items":[]}')) throw new Error('a list frame must end with its items');
  return empty.slice(0, -2);
}
