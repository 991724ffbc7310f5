// Sample reads rendered once the start's preload is done, before the service listens: each list
// with each of its filters and sorts, paged and not, in both formats, a few trusts' packs and
// series, through the very functions the quick path answers with - nothing is cached or sent.
// A fresh process otherwise meets its first readers with its rendering code not yet compiled:
// the first hundred or two requests at once (a deploy's, or the cold bench's first burst on 100
// connections) ran at a fraction of the steady rate, and they were the p99 of the cold pass
// (docs/benchmarks.md, issue 17 target 2). A few hundred renders of the newest release, bounded
// by WARM_UP_MS, are what JIT compilation needs to have the common paths optimised.
import { answerHeaders, Format, Rendered } from '../representation';
import type { ReleaseModel } from '../read-model/release-model';
import type { ModelEndpoint } from '../read-model/model-answers';

/** At most this long at start. */
export const WARM_UP_MS = 1_000;
const ROUNDS = 12;
const FORMATS: Format[] = ['json', 'csv'];

/** What the warm-up calls: the quick path's renders, without its cache. */
export interface WarmUpTarget {
  endpoints: ReadonlyArray<{ endpoint: ModelEndpoint; path: string; params: readonly string[]; sorts: readonly string[] }>;
  render(endpoint: ModelEndpoint, path: string, format: Format, query: string): Rendered | undefined;
  series(path: string, query: string, format: Format): Rendered | undefined;
}

/** The filter's row field for a query parameter (`org` filters `org_code`). */
const fieldOf = (param: string) => (param === 'org' ? 'org_code' : param);

/** The sample reads: paths with queries, per endpoint, from the values the newest model holds. */
export function warmUpReads(model: ReleaseModel, target: WarmUpTarget): Array<{ endpoint: ModelEndpoint | 'series'; path: string; query: string }> {
  const reads: Array<{ endpoint: ModelEndpoint | 'series'; path: string; query: string }> = [];
  const orgs = model.orgs().slice(0, 3);
  for (const { endpoint, path, params, sorts } of target.endpoints) {
    const list = endpoint === 'pack' ? 'opportunities' : endpoint;
    const paths = endpoint === 'pack' ? orgs.map((org) => path.replace(':org', org)) : [path];
    const filters = params.flatMap((param) => model.valuesOf(list, fieldOf(param)).slice(0, 2).map((value) => `${param}=${encodeURIComponent(String(value))}`));
    const queries = ['', 'limit=10&offset=10', ...sorts.map((sort, i) => `sort=${sort}&order=${i % 2 ? 'asc' : 'desc'}&limit=10`), ...filters, ...filters.map((f, i) => `${f}&sort=${sorts[i % sorts.length]}&limit=10`)];
    if (filters.length > 1) queries.push(`${filters[0]}&${filters[filters.length - 1]}`);
    for (const p of paths) for (const query of queries) reads.push({ endpoint, path: p, query });
  }
  for (const org of orgs) reads.push({ endpoint: 'series', path: `/v1/trusts/${org}/series`, query: '' });
  return reads;
}

/** Renders the sample reads ROUNDS times, or until WARM_UP_MS have passed; how many were rendered. */
export function warmUp(model: ReleaseModel, target: WarmUpTarget): number {
  const reads = warmUpReads(model, target);
  const until = performance.now() + WARM_UP_MS;
  let rendered = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const { endpoint, path, query } of reads) {
      for (const format of FORMATS) {
        const answer = endpoint === 'series' ? target.series(path, query, format) : target.render(endpoint, path, format, query);
        if (!answer) continue;
        answerHeaders(answer, { keyHolder: false, maxAge: 0, notModified: false, url: query ? `${path}?${query}` : path });
        rendered++;
      }
      if (performance.now() > until) return rendered;
    }
  }
  return rendered;
}
