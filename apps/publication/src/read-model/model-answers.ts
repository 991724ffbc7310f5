// The answers of the /v1 lists and of a trust's series and pack made from read models instead
// of SQL: the frame of each answer (release summary, paging, file name) from list-bodies.ts, the
// one definition the controllers' providers use too, around the rows' JSON items and CSV lines
// that the model serialised at load with that module's functions, joined per request. Same rows
// in the same order, so the bytes and the ETag are the SQL path's;
// apps/publication/test/read-model.spec.ts compares the two paths URL by URL.
import { csvHeader, joinedJsonHead, LIST_SHAPES, ListFrame, listFrame, listJsonHead, packFrame, seriesFrameNamed } from '../list-bodies';
import type { PublicRelease } from '../quick-reads/published-releases';
import type { Format, Representation } from '../representation';
import type { ListName, ModelPage, ReleaseModel, RowFilter } from './release-model';
import { joinRows, RowRun } from './row-bytes';

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

/** The answer, or undefined when the model cannot give it (an unknown sort, a trust it lacks): the SQL path answers. */
export function modelAnswer(release: PublicRelease, model: ReleaseModel, q: ModelQuery): Answer | undefined {
  if (q.org !== undefined && !(q.endpoint === 'pack' || q.list === 'opportunities' ? model.holdsPack(q.org) : model.holdsOrg(q.org))) return undefined;
  const result = model.pagePositions(q.list, q.filter, q.page);
  if (!result) return undefined;
  const pack = q.endpoint === 'pack';
  const frame = pack ? packFrame(q.org!, release, q.page, result.total) : listFrame(release, q.page, result.total, LIST_SHAPES[q.list].file);
  const jsonHead = () => listJsonHead(release, q.page, result.total, pack ? { org_code: q.org } : undefined);
  return joined(q.format, frame, q.list, [model.run(q.list, result.positions, q.format)], jsonHead);
}

/**
 * One trust across the published periods: `models` in period order, one per period (the
 * public's current release of each). Undefined when no period holds the trust (the SQL path
 * answers its 404).
 */
export function seriesAnswer(org: string, models: readonly ReleaseModel[], format: Format): Answer | undefined {
  const runs: RowRun[] = [];
  // The series is named as in the latest period holding the trust (its last row).
  let name: string | undefined;
  for (const model of models) {
    const held = model.estimatePositionsOf(org);
    if (held.length > 0) name = model.nameOfOrg(org);
    runs.push(model.run('estimates', held, format));
  }
  if (name === undefined) return undefined;
  return joined(format, seriesFrameNamed(org, name), 'estimates', runs);
}

/**
 * A page as header + the rows' bytes + footer; the JSON object keeps the frame (paging) with no
 * items. `jsonHead`: the frame's JSON up to its items, written directly (listJsonHead), where the
 * frame is a list's.
 */
function joined(format: Format, frame: Omit<ListFrame, 'total'> & { total?: number }, list: ListName, runs: RowRun[], jsonHead = () => joinedJsonHead(frame.json)): Answer {
  return {
    format,
    json: frame.json,
    body: () => (format === 'csv' ? joinRows(csvHeader(LIST_SHAPES[list] as never), runs, '', false) : joinRows(jsonHead(), runs, ']}', true)),
    filename: frame.filename,
    total: frame.total,
  };
}
