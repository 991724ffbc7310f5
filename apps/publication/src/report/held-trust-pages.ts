// Every trust's page of the newest published release, rendered ahead of its readers and held as
// the bytes the routed path would send (report.controller.ts: the same ReportData.trust and
// renderTrust, the same headers of page-headers.ts, the compression and ETag of the Express
// app), so that the quick path ahead of Express (quick-reads/quick-figures.ts) answers a cold
// reader of `/report/trusts/:org` as cheaply as a read-model answer: rendering one costs tens of
// ms of CPU (five charts, docs/benchmarks.md issue 17 target 2), sending a held one microseconds.
//
// What a public page of the newest release reads besides that release's own copy (which never
// changes): which release is the newest (and its row: status, publication time), the trust's
// series over every published period (each period's published release), and the revisions of
// the release's period (every release of the period ever published). All of that is the public
// release list of PublishedReleases: the held pages are dropped whenever it tells of a change
// (onReleasesChanged), and each answer also checks that the list now is the one the pages were
// rendered from (ids, status and publication time of every published release, in order) and
// that the list is trusted at all (a due scheduled release, a lost listener: the routed path
// decides). The trust page reads no clock and no calendar.
//
// Only plain requests are taken (answer()): a known trust in upper case, no query or exactly the
// newest release's `period`, an Accept the page plainly satisfies; the caller's key, HEAD and
// the rest are QuickFigures' to decline. Everything else goes the routed way.
//
// When: at the start (roles api and all, through QuickFigures, which waits on it with ModelReads'
// preload) and after each change of the releases once they have settled (after-releases-settle.ts,
// as for ModelReads): a burst of publications renders nothing until it is over. One page per
// turn of the event loop (in-turn.ts), queued with the routed renders, so readers are answered
// in between; a change of the releases stops a rendering under way.
//
// Memory: one release's pages. Measured by bench:api on the sample bundle (150 trusts, twelve
// published months, 2026-12-04): 27.9 MB for the 150 pages, about 186 KB a page (the charts'
// SVG, twice each), so about 36 MB for 194 trusts; Buffers, outside V8's heap, so
// --max-old-space-size (640 MB in the chart) is not spent on them, and the API's peak RSS in the
// bench did not move (1,121 MB after, 1,128 MB before, both within noise of each other). A gzip
// or br variant (a fraction of the page) is added the first time a reader accepts it. Pages of
// older releases (`?period=`) are not held: readers ask for the newest release, and each release
// held would add as much again.
import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingHttpHeaders } from 'node:http';
import type { ReleaseEntity } from '@nhsp/persistence';
import { chooseEncoding, ContentCoding, encode, InjectConfig, isCompressible, varyWithEncoding } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { AfterReleasesSettle } from '../quick-reads/after-releases-settle';
import { PublicRelease, PublishedReleases } from '../quick-reads/published-releases';
import { inTurn } from './in-turn';
import { PAGE_HEADERS, pageCacheControl } from './page-headers';
import { ReportData } from './report-data';
import { ReportReleaseModels } from './report-release-model';
import { renderTrust } from './trust-page';

/** The route template Express labels these requests with (metrics). */
export const TRUST_PAGE_ROUTE = '/report/trusts/:org';
/** Codes as published (upper case, no escapes): another spelling is the routed path's. */
const TRUST_PAGE_PATH = /^\/report\/trusts\/([A-Z0-9]{1,12})$/;

/** A held answer: 200 with its body, or 304 without. */
export interface PageReply {
  status: 200 | 304;
  headers: Readonly<Record<string, string>>;
  body?: Buffer;
}

/** The page in one content coding (or none): its bytes, ETag and both answers' headers, worked out once. */
interface Variant {
  body: Buffer;
  etag: string;
  ok: Record<string, string>;
  notModified: Record<string, string>;
}

interface HeldPage {
  body: Buffer;
  variants: Partial<Record<ContentCoding | 'identity', Variant>>;
}

interface Held {
  releaseId: string;
  /** `period=<the release's period>`: the one query taken (the same release, so the same page). */
  periodQuery: string;
  /** publishedFingerprint of the list the pages were rendered from. */
  fingerprint: string;
  pages: Map<string, HeldPage>;
  bytes: number;
  /** The trusts still to render while a rendering is under way (none once it ended or stopped). */
  toRender: Set<string>;
  /** Readers waiting for a trust's page: told once it was attempted, or the rendering ended. */
  waiting: Map<string, Array<() => void>>;
  /** Trusts readers asked for, rendered before the rest. */
  asked: string[];
}

type EtagFn = (body: Buffer, encoding?: string) => string | undefined;

@Injectable()
export class HeldTrustPages {
  private readonly logger = new Logger(HeldTrustPages.name);
  private held: Held | undefined;
  private enabled = false;
  private rendering: Promise<void> = Promise.resolve();
  /** While a rendering loads its release's model (nothing held yet): settled once pages are held or it gave up. */
  private holdingSoon: Promise<void> | undefined;
  /** Renders at the first change once enabled, then once the releases settle; a rendering under way stops at another change. */
  private readonly settling = new AfterReleasesSettle((at) => this.queue(at));
  /** Each release list's fingerprint, worked out once per list (PublishedReleases makes a new one per load). */
  private readonly fingerprints = new WeakMap<readonly PublicRelease[], string>();

  constructor(
    private readonly releases: PublishedReleases,
    private readonly data: ReportData,
    private readonly models: ReportReleaseModels,
    private readonly adapterHost: HttpAdapterHost,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {
    this.releases.onReleasesChanged(() => this.releasesChanged());
  }

  /**
   * Holds pages from now on: called by QuickFigures (roles api and all, QUICK_READS) before the
   * release list's first load, whose change renders at once; later changes wait to settle.
   */
  enable(): void {
    this.enabled = true;
  }

  /** Resolves when the renderings asked so far are done, or after `withinMs` (they go on behind). */
  rendered(withinMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((done) => (timer = setTimeout(done, Math.max(0, withinMs))));
    return Promise.race([this.rendering, waited]).finally(() => clearTimeout(timer));
  }

  /** Bytes of the pages held (uncompressed), and how many. */
  size(): { pages: number; bytes: number } {
    return { pages: this.held?.pages.size ?? 0, bytes: this.held?.bytes ?? 0 };
  }

  /** Drops every held page: readers get the routed path's until the next rendering. */
  drop(): void {
    this.held = undefined;
  }

  /** Renders the newest release's pages again now, as the releases' first change does (after drop()). */
  renderAgain(): void {
    this.held = undefined;
    this.settling.now();
  }

  /**
   * The held answer to a GET of `path` and `query` from a caller without a key, as the routed
   * path would give it (304 where its ETag is matched, as Express's freshness check does), or
   * undefined to decline.
   */
  answer(path: string, query: string, headers: IncomingHttpHeaders): PageReply | undefined | Promise<PageReply | undefined> {
    const org = TRUST_PAGE_PATH.exec(path)?.[1];
    if (org === undefined || (query !== '' && !query.startsWith('period=')) || !plainlyHtml(headers.accept)) return undefined;
    const held = this.held;
    // A rendering is loading its model (at a start, or once a publication settled): answered once its pages are held.
    if (!held) return this.holdingSoon?.then(() => (this.held ? this.answer(path, query, headers) : undefined));
    if (query !== '' && query !== held.periodQuery) return undefined;
    const page = held.pages.get(org);
    if (!page) {
      // Still to render (a reader soon after a start or a publication): rendered next and answered
      // then, rather than rendered again by the routed path beside the rendering under way.
      if (!held.toRender.has(org)) return undefined;
      held.asked.push(org);
      return new Promise<void>((done) => held.waiting.set(org, [...(held.waiting.get(org) ?? []), done])).then(() =>
        held.pages.has(org) ? this.answer(path, query, headers) : undefined,
      );
    }
    const list = this.releases.publishedInPeriodOrder();
    if (!list || this.fingerprintOf(list) !== held.fingerprint) return undefined;
    const coding = isCompressible(PAGE_HEADERS['Content-Type'], page.body.length) ? chooseEncoding(headers['accept-encoding']) : undefined;
    const variant = this.variant(page, coding);
    if (!variant) return undefined;
    return isFresh(headers, variant.etag) ? { status: 304, headers: variant.notModified } : { status: 200, headers: variant.ok, body: variant.body };
  }

  private releasesChanged(): void {
    this.held = undefined;
    // Before enable() (a worker, or quick reads off) nothing is rendered, nor counted as the first change.
    if (this.enabled) this.settling.changed();
  }

  private queue(at: number): void {
    this.rendering = this.rendering
      .then(() => this.renderAll(at))
      .catch((error) => this.logger.warn(`trust pages not held (${(error as Error).message}); readers get them rendered on request`));
  }

  /** Every trust's page of the newest release, one per turn, held as each is rendered. */
  private async renderAll(asOfChange: number): Promise<void> {
    const list = this.releases.publishedInPeriodOrder();
    if (!this.settling.isCurrent(asOfChange) || !list || list.length === 0) return;
    const release = list[list.length - 1] as ReleaseEntity;
    let holding!: () => void;
    const soon = (this.holdingSoon = new Promise<void>((done) => (holding = done)));
    try {
      await this.renderRelease(release, list, asOfChange, holding);
    } finally {
      holding();
      if (this.holdingSoon === soon) this.holdingSoon = undefined;
    }
  }

  private async renderRelease(release: ReleaseEntity, list: readonly PublicRelease[], asOfChange: number, holding: () => void): Promise<void> {
    const model = await this.models.get(release);
    if (!model) return;
    const held: Held = {
      releaseId: release.id,
      periodQuery: `period=${release.period}`,
      fingerprint: this.fingerprintOf(list),
      pages: new Map(),
      bytes: 0,
      toRender: new Set(model.orgs()),
      waiting: new Map(),
      asked: [],
    };
    const current = () => this.settling.isCurrent(asOfChange) && this.held === held;
    this.held = held;
    holding();
    const started = performance.now();
    let failed = 0;
    try {
      for (let org = nextToRender(held); org !== undefined; org = nextToRender(held)) {
        if (!current()) return;
        try {
          const html = await this.renderOne(org, release, current);
          // Rendered from the list the pages are held for (a status change the listener does not tell of stops them too).
          const now = this.releases.publishedInPeriodOrder();
          if (!current() || !now || this.fingerprintOf(now) !== held.fingerprint) return;
          if (html === undefined) continue;
          const body = Buffer.from(html, 'utf8');
          held.pages.set(org, { body, variants: {} });
          held.bytes += body.length;
        } catch (error) {
          // Not held: the routed path answers this trust (with its own error handling); the others are still held.
          if (failed++ === 0) this.logger.warn(`trust page ${org} of ${release.period} not held (${(error as Error).message})`);
        } finally {
          held.toRender.delete(org);
          tell(held, org);
        }
      }
    } finally {
      // Ended or stopped: nobody waits any longer (what is not held now goes the routed way).
      held.toRender.clear();
      for (const org of [...held.waiting.keys()]) tell(held, org);
    }
    this.logger.log(`${held.pages.size} trust pages of ${release.period} held (${(held.bytes / 1048576).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms${failed ? `; ${failed} failed, left to the routed path` : ''}`);
  }

  /** A trust's page as the routed path renders it (its own reads, no key, no period); undefined when not this release's. */
  private async renderOne(org: string, release: PublicRelease, current: () => boolean): Promise<string | undefined> {
    const trust = await this.data.trust(org, undefined, undefined);
    if (!current() || !trust || trust.release.id !== release.id) return undefined;
    return inTurn(() => renderTrust(trust));
  }

  /**
   * What the page's answer is in this coding, as the routed path makes it: compressAnswers
   * (service-kit) compresses the page and adds Accept-Encoding to Vary, then Express's res.send
   * tags the bytes sent with its ETag function and strips Content-Type from a 304.
   */
  private variant(page: HeldPage, coding: ContentCoding | undefined): Variant | undefined {
    const known = page.variants[coding ?? 'identity'];
    if (known) return known;
    const etagOf = (this.adapterHost.httpAdapter?.getInstance() as { get?(setting: string): unknown } | undefined)?.get?.('etag fn');
    if (typeof etagOf !== 'function') return undefined;
    const body = coding ? encode(page.body, coding) : page.body;
    const etag = (etagOf as EtagFn)(body);
    if (!etag) return undefined;
    const ok: Record<string, string> = {
      ...PAGE_HEADERS,
      'Cache-Control': pageCacheControl(false, this.config.CACHE_MAX_AGE),
    };
    if (isCompressible(ok['Content-Type'], page.body.length)) ok.Vary = varyWithEncoding(ok.Vary);
    if (coding) ok['Content-Encoding'] = coding;
    // Where res.send puts it, before the ETag (answerAheadOfExpress sets the length in this place).
    ok['Content-Length'] = String(body.length);
    ok.ETag = etag;
    const { 'Content-Type': _, 'Content-Length': __, ...notModified } = ok;
    const variant = { body, etag, ok, notModified };
    page.variants[coding ?? 'identity'] = variant;
    return variant;
  }

  /** The public release list as far as a held page depends on it: each published release's id, status and publication time, in order. */
  private fingerprintOf(list: readonly PublicRelease[]): string {
    let fingerprint = this.fingerprints.get(list);
    if (fingerprint === undefined) {
      fingerprint = list.map((r) => `${r.id}|${r.status}|${r.period}|${r.publishedAt ? new Date(r.publishedAt).getTime() : ''}`).join(',');
      this.fingerprints.set(list, fingerprint);
    }
    return fingerprint;
  }
}

/**
 * An Accept header the page satisfies without weighing it (AcceptableAnswers refuses only what
 * excludes text/html): none, blank, anything, text/html, or a browser's list starting with
 * text/html that does not name it again (with a weight). Anything else is the routed path's.
 */
function plainlyHtml(accept: string | undefined): boolean {
  if (accept === undefined) return true;
  const a = accept.trim();
  return a === '' || a === '*/*' || a === 'text/html' || (a.startsWith('text/html,') && a.indexOf('text/html', 1) < 0);
}

const NO_CACHE = /(?:^|,)\s*?no-cache\s*?(?:,|$)/;

/**
 * Express's `req.fresh` for a GET of this answer (the `fresh` package): If-None-Match naming the
 * ETag (weak or strong) or `*`, and no `Cache-Control: no-cache`; If-Modified-Since alone never
 * matches (no Last-Modified is sent).
 */
function isFresh(headers: IncomingHttpHeaders, etag: string): boolean {
  const noneMatch = headers['if-none-match'];
  if (!noneMatch) return false;
  const cacheControl = headers['cache-control'];
  if (cacheControl && NO_CACHE.test(cacheControl)) return false;
  if (noneMatch === '*') return true;
  // The package's token list: split at commas, spaces (only) trimmed.
  return noneMatch.split(',').some((token) => {
    const t = token.replace(/^ +| +$/g, '');
    return t === etag || t === `W/${etag}` || `W/${t}` === etag;
  });
}

/** The next trust to render: one a reader asked for, else the next in the model's order. */
function nextToRender(held: Held): string | undefined {
  while (held.asked.length > 0) {
    const org = held.asked.shift()!;
    if (held.toRender.has(org)) return org;
  }
  return held.toRender.values().next().value;
}

/** The readers waiting for `org`'s page are told it was attempted. */
function tell(held: Held, org: string): void {
  const waiting = held.waiting.get(org);
  held.waiting.delete(org);
  for (const done of waiting ?? []) done();
}
