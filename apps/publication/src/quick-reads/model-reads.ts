// The quick path's answers to reads the response cache does not hold: /v1/estimates,
// /v1/aggregates, /v1/benchmarks and /v1/trusts/:org/series rendered from the releases' read
// models (read-model/) rather than by SQL through the routed path. Only plain requests are
// taken - known parameters, each at most once, valid, a trust the release holds - so that the
// routed path still gives every problem detail (400, 404) and decides anything unusual. What is
// rendered here for the figures goes into the ResponseCache under the routed path's own key.
import { Injectable } from '@nestjs/common';
import { InjectConfig } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { ReleaseModel } from '../read-model/release-model';
import { ReleaseModels } from '../read-model/release-models';
import { Answer, FigureQuery, figureAnswer, seriesAnswer } from '../read-model/model-answers';
import { Format, optional, parsePaging, parsePeriod, parseSort, render, Rendered } from '../representation';
import { ResponseCache } from '../response-cache';
import { SORTABLE } from '../source-views';
import { PublicRelease, PublishedReleases } from './published-releases';

type Endpoint = FigureQuery['endpoint'];

/** The parameters each list reads (DataController); any other one sends the request the routed way. */
const PARAMETERS: Record<Endpoint, Set<string>> = {
  estimates: new Set(['period', 'release', 'format', 'org', 'peer_group', 'sector', 'region', 'sort', 'order', 'limit', 'offset']),
  aggregates: new Set(['period', 'release', 'format', 'level', 'sort', 'order', 'limit', 'offset']),
  benchmarks: new Set(['period', 'release', 'format', 'org', 'peer_group', 'metric', 'sort', 'order', 'limit', 'offset']),
};
const LEVELS = ['national', 'sector', 'region', 'peer_group'];
/** A trust code in the path, taken only when it needs no decoding. */
const SERIES_PATH = /^\/v1\/trusts\/([A-Za-z0-9]{1,16})\/series$/;
export const SERIES_ROUTE = '/v1/trusts/:org/series';

type Maybe<T> = T | undefined | Promise<T | undefined>;

@Injectable()
export class ModelReads {
  constructor(
    private readonly models: ReleaseModels,
    private readonly releases: PublishedReleases,
    private readonly cache: ResponseCache,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {
    this.releases.onRunsChanged((runIds) => this.models.retainOnly(runIds));
  }

  /** The list's answer for this release and URL from its read model, kept in the cache; undefined to decline. */
  figures(endpoint: Endpoint, release: PublicRelease, format: Format, cacheKey: string, query: string): Maybe<Rendered> {
    const q = figureQuery(endpoint, query, format);
    if (!q) return undefined;
    return then(this.models.get(release.runId), (model) => {
      if (q.org !== undefined && !model.holdsOrg(q.org)) return undefined;
      const answer = figureAnswer(release, model, q);
      if (!answer) return undefined;
      const rendered = render(answer);
      return this.config.CACHE_MAX_AGE > 0 ? this.cache.build(cacheKey, () => Promise.resolve(rendered)) : rendered;
    });
  }

  /** `/v1/trusts/:org/series` for the public: the trust in every published period; undefined to decline. */
  series(path: string, query: string, format: Format): Maybe<Rendered> {
    const org = SERIES_PATH.exec(path)?.[1];
    if (org === undefined || !onlyNames(query, new Set(['format']))) return undefined;
    const published = this.releases.publishedInPeriodOrder();
    if (!published || published.length === 0) return undefined;
    const loading = published.map((r) => this.models.get(r.runId));
    const answer = (models: Array<ReleaseModel | undefined>): Answer | undefined => (models.every(Boolean) ? seriesAnswer(org, models as ReleaseModel[], format) : undefined);
    const rendered = (a: Answer | undefined) => a && render(a);
    if (loading.every((m) => !(m instanceof Promise))) return rendered(answer(loading as Array<ReleaseModel | undefined>));
    return Promise.all(loading).then((models) => rendered(answer(models)));
  }

  static isSeries(path: string): boolean {
    return SERIES_PATH.test(path);
  }
}

function then<T, U>(value: Maybe<T>, next: (value: T) => Maybe<U>): Maybe<U> {
  if (value instanceof Promise) return value.then((v) => (v === undefined ? undefined : next(v)));
  return value === undefined ? undefined : next(value);
}

/** The query's parameters when each is one this endpoint reads, given once, and decoded as Express would. */
function parameters(query: string, names: Set<string>): Record<string, string> | undefined {
  // Malformed escapes and brackets are parsed differently by Express's qs: the routed path decides.
  if (/%(?![0-9A-Fa-f]{2})|[[\]]/.test(query)) return undefined;
  const found: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    if (!names.has(name) || name in found || value.includes('\uFFFD')) return undefined;
    found[name] = value;
  }
  return found;
}

function onlyNames(query: string, names: Set<string>): boolean {
  return parameters(query, names) !== undefined;
}

/** The query as DataController reads it; undefined for anything it would refuse (its 400s are the routed path's). */
function figureQuery(endpoint: Endpoint, query: string, format: Format): FigureQuery | undefined {
  const p = parameters(query, PARAMETERS[endpoint]);
  if (!p) return undefined;
  try {
    parsePeriod(p.period);
    const page = { ...parsePaging(p, format), sort: parseSort(p, SORTABLE[endpoint]) };
    const level = optional(p.level);
    if (level !== undefined && !LEVELS.includes(level)) return undefined;
    return { endpoint, format, page, level, org: optional(p.org), peerGroup: optional(p.peer_group), sector: optional(p.sector), region: optional(p.region), metric: optional(p.metric) };
  } catch {
    return undefined;
  }
}
