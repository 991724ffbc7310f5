// The published figures (the /v1 lists of model-reads.ts, a trust's pack, series and explanation,
// and a trust's web report page of the newest release, held by report/held-trust-pages.ts)
// answered ahead of Express for a caller without a key and a release the in-memory
// PublishedReleases can name: that release's answer to this very URL as rendered before (the
// ResponseCache), or rendered now from the release's read model (model-reads.ts, no SQL). The
// bytes, ETag and headers are the routed path's; the rate limit is spent from the same budget.
// Anything else - a key, an unusual query or Accept header, a stale release list, a model not
// loadable - is declined and Express answers it with every rule of the full path (validation,
// access, problem details).
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import type { IncomingMessage } from 'node:http';
import { answerAheadOfExpress, ContentCoding, HttpMetrics, InjectConfig, PUBLIC_READ_CORS, QuickReply, SERVICE_OPTIONS, ServiceKitOptions } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { ClientAddresses } from '../downloads/client-address';
import { budgetKey, RATE_LIMIT_WINDOW_MS, THROTTLER_NAME, trackerOfAnonymous } from '../downloads/rate-limit.guard';
import { answerHeaders, bodyFor, Format, matches, Rendered } from '../representation';
import { ResponseCache } from '../response-cache';
import { HeldTrustPages, PageReply, TRUST_PAGE_ROUTE } from '../report/held-trust-pages';
import { EXPLANATION_ROUTE, LIST_PATHS, ModelReads, PACK_PATH, PACK_ROUTE, SERIES_ROUTE } from './model-reads';
import { PublishedReleases } from './published-releases';

/**
 * How long the start waits for the published releases' models (ModelReads' preload) before it
 * listens: with them loaded no early reader waits on a load, or on the CPU a load takes, behind
 * hundreds of others (the cold bench's fresh process). A full bundle's twelve releases take a
 * few seconds; a longer history goes on loading after the wait, newest first.
 */
const PRELOAD_WAIT_MS = 30_000;

/** The parameters that choose the release and the format; every other one is part of the cached URL. */
interface Selection {
  period?: string;
  release?: string;
  format?: string;
}
const SELECTING = new Set(['period', 'release', 'format']);

@Injectable()
export class QuickFigures implements OnApplicationBootstrap {
  /** A cached answer's public headers (200 and 304), worked out once per rendered answer and content coding. */
  private readonly headersOf = new WeakMap<Rendered, Map<string, { ok: Record<string, string>; notModified: Record<string, string> }>>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SERVICE_OPTIONS) private readonly service: ServiceKitOptions,
    @InjectConfig() private readonly config: PublicationConfig,
    @InjectThrottlerStorage() private readonly budget: ThrottlerStorage,
    private readonly releases: PublishedReleases,
    private readonly cache: ResponseCache,
    private readonly metrics: HttpMetrics,
    private readonly addresses: ClientAddresses,
    private readonly modelReads: ModelReads,
    private readonly pages: HeldTrustPages,
  ) {}

  /** Only beside the routes (roles api and all), and not when switched off (QUICK_READS=false). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.service.role === 'worker' || !this.config.QUICK_READS) return;
    // Before the releases' first load, whose change renders the newest release's trust pages.
    this.pages.enable();
    await this.releases.start();
    const waitUntil = Date.now() + PRELOAD_WAIT_MS;
    await this.modelReads.preloaded(PRELOAD_WAIT_MS);
    // The trust pages render beside the models (one per turn); the start waits for both within the one bound.
    await this.pages.rendered(waitUntil - Date.now());
    answerAheadOfExpress(this.adapterHost.httpAdapter.getHttpServer(), (req) => this.answer(req), this.metrics);
  }

  answer(req: IncomingMessage): QuickReply | undefined | Promise<QuickReply | undefined> {
    if (req.method !== 'GET' || req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined) return undefined;
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
    if (path.startsWith('/report/')) {
      // A trust's page of the newest release, rendered ahead (report/held-trust-pages.ts); else routed.
      const page = this.pages.answer(path, query, req.headers);
      const send = (p: PageReply | undefined) => p && this.withBudget(req, (rateHeaders) => ({ route: TRUST_PAGE_ROUTE, status: p.status, headers: rateHeaders ? { ...rateHeaders, ...p.headers } : p.headers, body: p.body }));
      return page instanceof Promise ? page.then(send) : send(page);
    }
    const packed = PACK_PATH.test(path);
    const endpoint = packed ? 'pack' : LIST_PATHS.get(path);
    if (!endpoint) {
      if (ModelReads.isExplanation(path)) {
        // JSON only: the routed path answers JSON whatever the Accept; only the plain ones are taken here.
        if (negotiated(undefined, req.headers.accept) !== 'json') return undefined;
        return this.reply(req, EXPLANATION_ROUTE, url, this.modelReads.explanation(path, query), true);
      }
      if (!ModelReads.isSeries(path)) return undefined;
      const seriesSelection = parseSelection(query);
      const format = seriesSelection && negotiated(seriesSelection.format, req.headers.accept);
      return format && this.reply(req, SERIES_ROUTE, url, this.modelReads.series(path, query, format), false);
    }
    const selection = parseSelection(query);
    if (!selection) return undefined;
    const format = negotiated(selection.format, req.headers.accept);
    if (!format) return undefined;
    const release = this.releases.choose({ period: selection.period, releaseId: selection.release });
    if (!release) return undefined;
    const key = this.cache.key(endpoint, release, format, url);
    // Not rendered yet for this URL: from the release's read model (no SQL), or declined.
    const cached = this.cache.get(key);
    return this.reply(req, packed ? PACK_ROUTE : path, url, cached ?? this.modelReads.figures(endpoint, path, release, format, key, query), cached !== undefined);
  }

  /**
   * A rendered answer as the routed path would send it (304 on a matching ETag), with the rate
   * limit spent. `kept`: the answer will be sent again (cached, or kept by its model), so its
   * headers are worked out once; a fresh one's are worked out for this reply alone.
   */
  private reply(req: IncomingMessage, route: string, url: string, rendered: Rendered | undefined | Promise<Rendered | undefined>, kept: boolean): QuickReply | undefined | Promise<QuickReply | undefined> {
    if (rendered instanceof Promise) return rendered.then((r) => this.reply(req, route, url, r, kept));
    if (!rendered) return undefined;
    const notModified = matches(req.headers['if-none-match'], rendered.etag);
    const { body, coding } = bodyFor(rendered, req.headers['accept-encoding']);
    const headers = kept ? this.publicHeaders(rendered, url, coding)[notModified ? 'notModified' : 'ok'] : this.headersOnce(rendered, url, coding, notModified);
    return this.withBudget(req, (rateHeaders) => ({
      route,
      status: notModified ? 304 : 200,
      headers: rateHeaders ? { ...rateHeaders, ...headers } : headers,
      body: notModified ? undefined : body,
    }));
  }

  /** `reply` with the rate limit spent (its headers given), or undefined when the caller is over it. */
  private withBudget(req: IncomingMessage, reply: (rateHeaders?: Record<string, string>) => QuickReply): QuickReply | Promise<QuickReply | undefined> {
    const limit = this.config.RATE_LIMIT_PER_MINUTE;
    if (limit === 0) return reply();
    // Spent only for an answer given here: a declined request is counted once, by the guard.
    return this.budget.increment(budgetKey(THROTTLER_NAME, trackerOfAnonymous(this.addresses.of(req))), RATE_LIMIT_WINDOW_MS, limit, RATE_LIMIT_WINDOW_MS, THROTTLER_NAME).then((spent) =>
      // Over the limit: the guard refuses it (429 problem details) as for any other route.
      spent.isBlocked
        ? undefined
        : reply({
            'X-RateLimit-Limit': String(limit),
            'X-RateLimit-Remaining': String(Math.max(0, limit - spent.totalHits)),
            'X-RateLimit-Reset': String(spent.timeToExpire),
          }),
    );
  }

  /** The routed path's headers, and the CORS headers its middleware adds to these public reads. */
  private publicHeaders(rendered: Rendered, url: string, coding: ContentCoding | undefined) {
    let byCoding = this.headersOf.get(rendered);
    if (!byCoding) this.headersOf.set(rendered, (byCoding = new Map()));
    let headers = byCoding.get(coding ?? '');
    if (!headers) {
      headers = { ok: this.headersOnce(rendered, url, coding, false), notModified: this.headersOnce(rendered, url, coding, true) };
      byCoding.set(coding ?? '', headers);
    }
    return headers;
  }

  private headersOnce(rendered: Rendered, url: string, coding: ContentCoding | undefined, notModified: boolean): Record<string, string> {
    return Object.assign({}, PUBLIC_READ_CORS, answerHeaders(rendered, { keyHolder: false, maxAge: this.config.CACHE_MAX_AGE, url, coding, notModified }));
  }
}

/**
 * period, release and format as the routed path reads them (an empty value is no value), or
 * undefined when one of them is given twice: the routed path decides what that means.
 */
function parseSelection(query: string): Selection | undefined {
  const selection: Selection = {};
  if (query === '') return selection;
  const seen = new Set<string>();
  for (const [name, value] of new URLSearchParams(query)) {
    if (!SELECTING.has(name)) continue;
    if (seen.has(name)) return undefined;
    seen.add(name);
    if (value !== '') selection[name as keyof Selection] = value;
  }
  return selection;
}

/** The format for `?format=` or the Accept header, for the plain cases only (negotiate() has the rest). */
function negotiated(format: string | undefined, accept: string | undefined): Format | undefined {
  if (format !== undefined) return format === 'json' || format === 'csv' ? format : undefined;
  if (accept === undefined || accept === '*/*' || accept === 'application/json') return 'json';
  if (accept === 'text/csv') return 'csv';
  return undefined;
}
