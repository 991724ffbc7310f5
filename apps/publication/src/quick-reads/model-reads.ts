// The quick path's answers to reads the response cache does not hold: the /v1 lists (estimates,
// aggregates, benchmarks, targets, index, opportunities, indicators), a trust's pack and its
// series, and a trust's explanation, rendered from the releases' read models (read-model/) rather
// than by SQL through the routed path. Only plain requests are taken - known parameters, each at
// most once, valid by the routed path's own rules (its parsing functions are called here), a trust the release holds -
// so that the routed path still gives every problem detail (400, 404) and decides anything
// unusual. What is rendered for a release goes into the ResponseCache under the routed key.
import { Injectable, Logger } from '@nestjs/common';
import { SECTORS } from '@nhsp/domain';
import { KEY_INDICATORS, PACK_METRICS } from '@nhsp/methodology';
import { InjectConfig } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { booleanParam, COMMON_PARAMS, name, oneOf, orgCode, PLAN_LEVELS } from '../plan-pack.query';
import { PLAN_PACK_SORTABLE } from '../plan-pack.reads';
import { ExplanationModels, MAX_RELEASES } from '../read-model/explanation-models';
import { Answer, ModelEndpoint, modelAnswer, ModelQuery, seriesAnswer } from '../read-model/model-answers';
import type { ReleaseModel } from '../read-model/release-model';
import { MAX_MODELS, ReleaseModels } from '../read-model/release-models';
import { Format, optional, parsePaging, parsePeriod, parseSort, render, Rendered } from '../representation';
import { ResponseCache } from '../response-cache';
import { SORTABLE } from '../source-views';
import { AfterReleasesSettle } from './after-releases-settle';
import { PublicRelease, PublishedReleases } from './published-releases';
import { warmUp } from './warm-up';

type Params = Record<string, string | undefined>;

/** Per endpoint: the parameters it reads besides the common ones, its sortable columns, and its query read as its controller reads it (throwing what it refuses). */
const ENDPOINTS: Record<ModelEndpoint, { params: string[]; sortable: Record<string, string>; read(p: Params, path: string): Omit<ModelQuery, 'format' | 'page' | 'endpoint'> }> = {
  estimates: {
    params: ['org', 'peer_group', 'sector', 'region'],
    sortable: SORTABLE.estimates,
    read: (p) => ({ list: 'estimates', org: p.org, filter: { org_code: p.org, peer_group: p.peer_group, sector: p.sector, region: p.region } }),
  },
  aggregates: {
    params: ['level'],
    sortable: SORTABLE.aggregates,
    read: (p) => ({ list: 'aggregates', filter: { level: oneOf(p, 'level', ['national', 'sector', 'region', 'peer_group']) } }),
  },
  benchmarks: {
    params: ['org', 'peer_group', 'metric'],
    sortable: SORTABLE.benchmarks,
    read: (p) => ({ list: 'benchmarks', org: p.org, filter: { org_code: p.org, peer_group: p.peer_group, metric: p.metric } }),
  },
  targets: {
    params: ['level', 'group', 'on_track'],
    sortable: PLAN_PACK_SORTABLE.targets,
    read: (p) => ({ list: 'targets', filter: { level: oneOf(p, 'level', PLAN_LEVELS), group: name(p, 'group'), on_track: booleanParam(p, 'on_track') } }),
  },
  index: {
    params: ['level', 'group'],
    sortable: PLAN_PACK_SORTABLE.index,
    read: (p) => ({ list: 'index', filter: { level: oneOf(p, 'level', PLAN_LEVELS), group: name(p, 'group') } }),
  },
  opportunities: {
    params: ['org', 'sector', 'metric', 'dimension', 'benchmark_group'],
    sortable: PLAN_PACK_SORTABLE.opportunities,
    read: (p) => {
      const org = orgCode(p.org);
      const filter = { org_code: org, sector: oneOf(p, 'sector', SECTORS), metric: oneOf(p, 'metric', PACK_METRICS), dimension: name(p, 'dimension'), benchmark_group: name(p, 'benchmark_group') };
      return { list: 'opportunities', org, filter };
    },
  },
  pack: {
    params: ['metric'],
    sortable: PLAN_PACK_SORTABLE.opportunities,
    read: (p, path) => {
      const org = orgCode(PACK_PATH.exec(path)![1])!;
      return { list: 'opportunities', org, filter: { org_code: org, metric: oneOf(p, 'metric', PACK_METRICS) } };
    },
  },
  indicators: {
    params: ['level', 'group', 'indicator', 'window'],
    sortable: PLAN_PACK_SORTABLE.indicators,
    read: (p) => ({
      list: 'indicators',
      filter: { level: oneOf(p, 'level', PLAN_LEVELS), group: name(p, 'group'), indicator: oneOf(p, 'indicator', KEY_INDICATORS), window: oneOf(p, 'window', ['ytd', 'month']) },
    }),
  },
};
const NAMES = Object.fromEntries(Object.entries(ENDPOINTS).map(([endpoint, e]) => [endpoint, new Set([...COMMON_PARAMS, ...e.params])])) as Record<ModelEndpoint, Set<string>>;

/** The list routes by path (the pack's and the series' paths carry the trust). */
export const LIST_PATHS = new Map<string, ModelEndpoint>(['estimates', 'aggregates', 'benchmarks', 'targets', 'index', 'opportunities', 'indicators'].map((e) => [`/v1/${e}`, e as ModelEndpoint]));
/** A trust code in the path, taken only when it needs no decoding. */
export const PACK_PATH = /^\/v1\/trusts\/([A-Za-z0-9]{1,12})\/pack$/;
export const PACK_ROUTE = '/v1/trusts/:org/pack';
const SERIES_PATH = /^\/v1\/trusts\/([A-Za-z0-9]{1,16})\/series$/;
export const SERIES_ROUTE = '/v1/trusts/:org/series';
/** Codes as published (upper case): another spelling is the routed path's to resolve. */
const EXPLANATION_PATH = /^\/v1\/trusts\/([A-Z0-9]{1,16})\/explanation$/;
export const EXPLANATION_ROUTE = '/v1/trusts/:org/explanation';
const EXPLANATION_PARAMS = new Set(['period']);

type Maybe<T> = T | undefined | Promise<T | undefined>;

@Injectable()
export class ModelReads {
  private readonly logger = new Logger(ModelReads.name);
  constructor(
    private readonly models: ReleaseModels,
    private readonly releases: PublishedReleases,
    private readonly cache: ResponseCache,
    @InjectConfig() private readonly config: PublicationConfig,
    private readonly explanations: ExplanationModels,
  ) {
    this.releases.onReleasesChanged((ids) => {
      this.models.retainOnly(ids);
      // While the start waits (nothing is served yet), a change is preloaded at once: deferred
      // until the releases settle, the start's wait saw its preload stop and listened with
      // models missing, which its first readers then loaded inside their requests.
      if (this.startWaitOver) this.settling.changed();
      else this.settling.now();
    });
  }

  /** One preload at a time; each change of the public releases queues one more. */
  private preloading: Promise<void> = Promise.resolve();
  /**
   * The first set of releases (the service's start, which waits on it) is loaded at once; later
   * changes once the releases have settled, a preload under way stopping at its next model when
   * another change comes (after-releases-settle.ts). Meanwhile a reader's first read of a release
   * loads its model, once, as before.
   */
  private readonly settling = new AfterReleasesSettle((at) => {
    // A load that fails is logged by its model store and left to the first reader: nothing to add here.
    this.preloading = this.preloading.then(() => this.preload(at)).catch(() => undefined);
  });
  /** The start has stopped waiting for the preload (the service listens): no warm-up then, it would hold up readers. */
  private startWaitOver = false;

  /** Resolves when the preloads asked so far are done, or after `withinMs` (they go on behind). */
  preloaded(withinMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((done) => (timer = setTimeout(done, withinMs)));
    // A change heard meanwhile chains one more preload: the wait is for the last of them.
    const latest = async () => {
      let chain: Promise<void>;
      do await (chain = this.preloading);
      while (chain !== this.preloading);
    };
    return Promise.race([latest(), waited]).finally(() => {
      clearTimeout(timer);
      this.startWaitOver = true;
      const wanted = Math.min(this.releases.publishedInPeriodOrder()?.length ?? 0, MAX_MODELS);
      // Said, since its first readers will wait on the loads (and the p99 of a fresh process shows it).
      if (this.models.size < wanted) this.logger.warn(`listening with ${this.models.size} of ${wanted} read models loaded; the others load behind, or in their first readers' requests`);
    });
  }

  /**
   * Every published release's read model and explanation model loaded as soon as the release is
   * public (at start, and on each publish), newest first and one at a time, within the models'
   * bounds: a model is the release's published data in memory, not a cache of answers, and
   * loading it (with its sorted orders) inside a reader's request is what made the first reads
   * of a release slow (docs/benchmarks.md, issue 17 target 2). A release a reader asks for
   * first is loaded by that reader, once, as before.
   */
  private async preload(asOfChange: number): Promise<void> {
    const newestFirst = [...(this.releases.publishedInPeriodOrder() ?? [])].reverse();
    for (const release of newestFirst.slice(0, MAX_MODELS)) {
      if (!this.settling.isCurrent(asOfChange)) return;
      await this.models.get(release);
    }
    for (const release of newestFirst.slice(0, MAX_RELEASES)) {
      if (!this.settling.isCurrent(asOfChange)) return;
      await this.explanations.preload(release);
    }
    // A preload of the start only (the service does not listen yet): see warm-up.ts.
    if (!this.startWaitOver && newestFirst.length > 0) this.warmUp(newestFirst[0]);
  }

  /** Sample reads of the newest release rendered before the service listens (warm-up.ts); a failure only leaves the code cold. */
  private warmUp(newest: PublicRelease): void {
    const endpoints = [...LIST_PATHS].map(([path, endpoint]) => ({ endpoint, path, params: ENDPOINTS[endpoint].params, sorts: Object.keys(ENDPOINTS[endpoint].sortable) }));
    endpoints.push({ endpoint: 'pack', path: PACK_ROUTE, params: ENDPOINTS.pack.params, sorts: Object.keys(ENDPOINTS.pack.sortable) });
    const started = performance.now();
    try {
      const model = this.models.loaded(newest.id);
      if (!model) return;
      const rendered = warmUp(model, {
        endpoints,
        render: (endpoint, path, format, query) => {
          const q = modelQuery(endpoint, path, query, format);
          return q && answered(newest, model, q);
        },
        series: (path, query, format) => {
          const answer = this.series(path, query, format);
          return answer instanceof Promise ? undefined : answer;
        },
      });
      this.logger.log(`warm-up: ${rendered} sample reads rendered in ${(performance.now() - started).toFixed(0)} ms`);
    } catch (error) {
      this.logger.warn(`warm-up of the quick reads failed (${(error as Error).message}); the first readers meet the code cold`);
    }
  }

  /** The endpoint's answer for this release and URL from its read model, kept in the cache; undefined to decline. */
  figures(endpoint: ModelEndpoint, path: string, release: PublicRelease, format: Format, cacheKey: string, query: string): Maybe<Rendered> {
    const q = modelQuery(endpoint, path, query, format);
    if (!q) return undefined;
    return then(this.models.get(release), (model) => {
      const rendered = answered(release, model, q);
      // Kept for the next reader of this URL, and sent now without waiting on the cache (an answer in the same tick).
      if (rendered && this.config.CACHE_MAX_AGE > 0) this.cache.keep(cacheKey, rendered);
      return rendered;
    });
  }

  /** `/v1/trusts/:org/series` for the public: the trust in every published period; undefined to decline. */
  series(path: string, query: string, format: Format): Maybe<Rendered> {
    const org = SERIES_PATH.exec(path)?.[1];
    if (org === undefined || !parameters(query, new Set(['format']))) return undefined;
    const published = this.releases.publishedInPeriodOrder();
    if (!published || published.length === 0) return undefined;
    const loading = published.map((r) => this.models.get(r));
    const answer = (models: Array<ReleaseModel | undefined>): Answer | undefined => (models.every(Boolean) ? seriesAnswer(org, models as ReleaseModel[], format) : undefined);
    const rendered = (a: Answer | undefined) => a && render(a);
    if (loading.every((m) => !(m instanceof Promise))) return rendered(answer(loading as Array<ReleaseModel | undefined>));
    return Promise.all(loading).then((models) => rendered(answer(models)));
  }

  /**
   * `/v1/trusts/:org/explanation` for the public: the trust's answer in the period's published
   * release (the latest without `period`), from its explanation model; undefined to decline.
   */
  explanation(path: string, query: string): Maybe<Rendered> {
    const org = EXPLANATION_PATH.exec(path)?.[1];
    const p = org === undefined ? undefined : parameters(query, EXPLANATION_PARAMS);
    if (!p) return undefined;
    try {
      validPeriod(p.period);
    } catch {
      return undefined;
    }
    const release = this.releases.choose({ period: p.period });
    return release ? this.explanations.rendered(release, org!) : undefined;
  }

  static isSeries(path: string): boolean {
    return SERIES_PATH.test(path);
  }

  static isExplanation(path: string): boolean {
    return EXPLANATION_PATH.test(path);
  }
}

/** The query's answer from the release's model, rendered (not cached); undefined to decline. */
function answered(release: PublicRelease, model: ReleaseModel, q: ModelQuery): Rendered | undefined {
  const answer = modelAnswer(release, model, q);
  return answer && render(answer);
}

function then<T, U>(value: Maybe<T>, next: (value: T) => Maybe<U>): Maybe<U> {
  if (value instanceof Promise) return value.then((v) => (v === undefined ? undefined : next(v)));
  return value === undefined ? undefined : next(value);
}

/**
 * The query's parameters when each is one the route reads, given once, and decoded as Express
 * would; an empty value is no value (optional(), strictQuery).
 */
function parameters(query: string, names: Set<string>): Params | undefined {
  // Malformed escapes and brackets are parsed differently by Express's qs: the routed path decides.
  if (/%(?![0-9A-Fa-f]{2})|[[\]]/.test(query)) return undefined;
  const found: Params = {};
  const seen = new Set<string>();
  for (const [param, value] of new URLSearchParams(query)) {
    // Control characters are refused at the request's edge, behind this path: left to it.
    // eslint-disable-next-line no-control-regex
    if (!names.has(param) || seen.has(param) || /[\u0000-\u001f\u007f\uFFFD]/.test(value)) return undefined;
    seen.add(param);
    found[param] = optional(value);
  }
  return found;
}

/** Months parsePeriod accepted (a month's parse is a few microseconds, on every request); at most a few thousand exist. */
const VALID_PERIODS = new Set<string>();

/** parsePeriod's check, remembered for the months it accepts (it throws for the others). */
function validPeriod(period: string | undefined): void {
  if (period === undefined || VALID_PERIODS.has(period)) return;
  parsePeriod(period);
  if (VALID_PERIODS.size < 20_000) VALID_PERIODS.add(period);
}

/** The query as the endpoint's controller reads it; undefined for anything it would refuse (its 400s are the routed path's). */
function modelQuery(endpoint: ModelEndpoint, path: string, query: string, format: Format): ModelQuery | undefined {
  const p = parameters(query, NAMES[endpoint]);
  if (!p) return undefined;
  const spec = ENDPOINTS[endpoint];
  try {
    validPeriod(p.period);
    const page = { ...parsePaging(p, format), sort: parseSort(p, spec.sortable) };
    return { endpoint, format, page, ...spec.read(p, path) };
  } catch {
    return undefined;
  }
}
