// Content negotiation (JSON by default, CSV on request), strong ETags over the body and
// Cache-Control, shared by every /v1 endpoint.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { allowedEntry, badRequest as problemBadRequest, chooseEncoding, ContentCoding, encode, isCompressible, monthProblem, ProblemException, weakened } from '@nhsp/service-kit';

export type Format = 'json' | 'csv';

export function negotiate(req: Request, format: string | undefined, csvAllowed: boolean): Format {
  if (format !== undefined) {
    if (format === 'json' || (format === 'csv' && csvAllowed)) return format;
    throw badRequest(`format must be ${csvAllowed ? 'json or csv' : 'json'}`, 'format');
  }
  if (!csvAllowed) return 'json';
  // Explicit JSON wins over CSV; */* and no Accept mean JSON.
  const accepted = req.accepts(['application/json', 'text/csv']);
  return accepted === 'text/csv' ? 'csv' : 'json';
}

export interface Representation {
  format: Format;
  json?: unknown;
  /** The JSON already serialised (a read model joins its rows' items, each serialised once); `json` still gives the paging. */
  jsonText?: () => string;
  /** The body already as bytes, in the chosen format (a read model copies its rows' bytes in); `json` still gives the paging. */
  body?: () => Buffer;
  csv?: () => string;
  /** File name offered for a CSV download. */
  filename?: string;
  /** Rows of a list before paging: sent as X-Total-Count (JSON lists also carry it as `total`). */
  total?: number;
  maxAge: number;
}

export function send(req: Request, res: Response, rep: Representation): void {
  deliver(req, res, render(rep), rep.maxAge);
}

/** A representation turned into the bytes sent and their ETag: what a response cache keeps. */
export interface Rendered {
  format: Format;
  body: Buffer;
  etag: string;
  filename?: string;
  total?: number;
  /** A page of a list (limit, offset and total of its JSON): the answer links its neighbours. */
  paging?: { limit: number; offset: number; total: number };
  /** The body compressed, per coding, made on first demand and kept with the answer. */
  encoded?: Partial<Record<ContentCoding, Buffer>>;
}

export function render(rep: Omit<Representation, 'maxAge'>): Rendered {
  const body = rep.body ? rep.body() : Buffer.from(rep.format === 'csv' ? rep.csv!() : rep.jsonText ? rep.jsonText() : JSON.stringify(rep.json));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  return { format: rep.format, body, etag, filename: rep.filename, total: rep.total, paging: pagingOf(rep.json) };
}

/** Every paged list answers `{ total, limit, offset, items }` (JSON); CSV pages by the same query. */
function pagingOf(json: unknown): Rendered['paging'] {
  const list = json as { total?: unknown; limit?: unknown; offset?: unknown; items?: unknown } | undefined;
  if (!list || typeof list.total !== 'number' || typeof list.limit !== 'number' || typeof list.offset !== 'number' || !Array.isArray(list.items)) return undefined;
  return { limit: list.limit, offset: list.offset, total: list.total };
}

/** What is sent for a request's Accept-Encoding: the body as it is, or compressed (and kept). */
export function bodyFor(rendered: Rendered, acceptEncoding: string | string[] | undefined): { body: Buffer; coding?: ContentCoding } {
  if (!isCompressible(rendered.format === 'csv' ? 'text/csv' : 'application/json', rendered.body.length)) return { body: rendered.body };
  const coding = chooseEncoding(acceptEncoding);
  if (!coding) return { body: rendered.body };
  rendered.encoded ??= {};
  return { body: (rendered.encoded[coding] ??= encode(rendered.body, coding)), coding };
}

export function deliver(req: Request, res: Response, rendered: Rendered, maxAge: number): void {
  const keyHolder = Boolean(req.headers.authorization || req.headers['x-api-key']);
  const notModified = matches(req.headers['if-none-match'], rendered.etag);
  const { body, coding } = bodyFor(rendered, req.headers['accept-encoding']);
  res.set(answerHeaders(rendered, { keyHolder, maxAge, notModified, url: req.originalUrl, coding }));
  if (notModified) res.status(304).end();
  else res.status(200).send(body);
}

/**
 * The headers of a rendered answer (200, or 304 when the client's ETag matches): the one
 * definition for the routed path (deliver) and the quick one (quick-reads).
 */
export function answerHeaders(
  rendered: Rendered,
  to: { keyHolder: boolean; maxAge: number; notModified: boolean; url: string; coding?: ContentCoding },
): Record<string, string> {
  const headers: Record<string, string> = {
    // A compressed variant is the same representation in other bytes: a weak validator (RFC 9110 8.8.1).
    ETag: to.coding ? weakened(rendered.etag) : rendered.etag,
    'Cache-Control': `${to.keyHolder ? 'private' : 'public'}, max-age=${to.maxAge}`,
    // Answers differ by key (embargoed releases): a shared cache must not hand one to the public.
    Vary: isCompressible(rendered.format === 'csv' ? 'text/csv' : 'application/json', rendered.body.length)
      ? 'Accept, Authorization, X-API-Key, Accept-Encoding'
      : 'Accept, Authorization, X-API-Key',
  };
  if (rendered.total !== undefined) headers['X-Total-Count'] = String(rendered.total);
  if (to.notModified) return headers;
  if (to.coding) headers['Content-Encoding'] = to.coding;
  const link = rendered.paging && pageLinks(to.url, rendered.paging);
  if (link) headers.Link = link;
  if (rendered.format === 'csv') {
    headers['Content-Type'] = 'text/csv; charset=utf-8';
    if (rendered.filename) headers['Content-Disposition'] = `attachment; filename="${rendered.filename}"`;
  } else {
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  return headers;
}

/**
 * RFC 8288 links of a page to the first, previous, next and last pages: the request's own URL
 * (relative, every other parameter kept) with `offset` (and `limit`) set.
 */
export function pageLinks(url: string, paging: { limit: number; offset: number; total: number }): string | undefined {
  const { limit, offset, total } = paging;
  if (limit <= 0) return undefined;
  const plain = plainUrl(url);
  const [path, pairs] = plain ?? parsedUrl(url);
  setParam(pairs, 'limit', String(limit));
  setParam(pairs, 'offset', '0');
  // A page's four links differ only in offset's value: the rest is serialised once.
  const offsetAt = pairs.findIndex(([name]) => name === 'offset');
  const serialised = (some: Pair[]) => (plain ? some.map(([n, v]) => `${n}=${v}`).join('&') : new URLSearchParams(some).toString());
  const before = serialised(pairs.slice(0, offsetAt));
  const after = serialised(pairs.slice(offsetAt + 1));
  const head = `<${path}?${before}${before ? '&' : ''}offset=`;
  const tail = `${after ? '&' : ''}${after}>`;
  const at = (to: number) => `${head}${to}${tail}`;
  const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links = [`${at(0)}; rel="first"`];
  if (offset > 0) links.push(`${at(Math.max(0, Math.min(offset - limit, last)))}; rel="prev"`);
  if (offset + limit < total) links.push(`${at(offset + limit)}; rel="next"`);
  links.push(`${at(last)}; rel="last"`);
  return links.join(', ');
}

type Pair = [name: string, value: string];

/** A path of plain segments, and name=value pairs of the characters URLSearchParams writes as they are (and `+`, a space both ways). */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_-]+)+$/;
const PLAIN_PAIR = /^[A-Za-z0-9_.*+-]+=[A-Za-z0-9_.*+-]*$/;

/**
 * The path and parameters of a URL that parsing with URL and URLSearchParams and serialising again
 * would leave as they are (every link of the /v1 lists the workload asks): split, not parsed,
 * since a page's links were a tenth of a cold read's time. The pairs stay as written (encoded),
 * so they are written back as they are. Undefined for any other URL (parsedUrl).
 */
function plainUrl(url: string): [string, Pair[]] | undefined {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  if (!PLAIN_PATH.test(path)) return undefined;
  const pairs: Pair[] = [];
  if (queryAt < 0 || queryAt === url.length - 1) return [path, pairs];
  for (const pair of url.slice(queryAt + 1).split('&')) {
    if (!PLAIN_PAIR.test(pair)) return undefined;
    const eq = pair.indexOf('=');
    pairs.push([pair.slice(0, eq), pair.slice(eq + 1)]);
  }
  return [path, pairs];
}

/** The URL's path as URL normalises it and its parameters as URLSearchParams decodes them (written back by URLSearchParams). */
function parsedUrl(url: string): [string, Pair[]] {
  const target = new URL(url, 'http://localhost');
  return [target.pathname, [...new URLSearchParams(target.search)]];
}

/** URLSearchParams.set: the first pair of that name takes the value and the others go, or the pair is added. */
function setParam(pairs: Pair[], name: string, value: string): void {
  const first = pairs.findIndex(([n]) => n === name);
  if (first < 0) return void pairs.push([name, value]);
  pairs[first] = [name, value];
  for (let i = pairs.length - 1; i > first; i--) if (pairs[i][0] === name) pairs.splice(i, 1);
}

/** If-None-Match against the answer's ETag (strong or weak form, or *). */
export function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** A bad query parameter: service-kit's 400, its error coded `invalid_query` as the /v1 contract documents. */
export function badRequest(detail: string, path?: string): ProblemException {
  return problemBadRequest(detail, path, 'invalid_query');
}

// The not-found problem is service-kit's, like every service's; re-exported for this service's routes.
export { notFound } from '@nhsp/service-kit';

export function parsePeriod(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (monthProblem(value)) throw badRequest(`period must be a month YYYY-MM from 1900-01 to 2999-12, got "${value}"`, 'period');
  return value;
}

export interface Paging {
  limit: number | null;
  offset: number;
}

/** limit/offset; JSON lists default to 100 rows, a CSV download to every row unless limit is given. */
export function parsePaging(query: { limit?: string; offset?: string }, format: Format, max = 5000): Paging {
  const parse = (name: 'limit' | 'offset', min: number): number | undefined => {
    const raw = query[name];
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > (name === 'limit' ? max : Number.MAX_SAFE_INTEGER)) {
      throw badRequest(`${name} must be an integer ${name === 'limit' ? `from ${min} to ${max}` : `of at least ${min}`}, got "${raw}"`, name);
    }
    return Number(raw);
  };
  const limit = parse('limit', 1);
  return { limit: limit ?? (format === 'csv' ? null : 100), offset: parse('offset', 0) ?? 0 };
}

export function optional(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export interface Sort {
  /** SQL expression over the list query's columns (`q.`), from the endpoint's allowed list. */
  expression: string;
  descending: boolean;
}

/**
 * `sort=<column>&order=asc|desc` against the endpoint's sortable columns; rows with no value
 * come last either way, ties keep the list's natural order.
 */
export function parseSort(query: { sort?: string; order?: string }, sortable: Record<string, string>): Sort | undefined {
  const column = optional(query.sort);
  const order = optional(query.order);
  if (order !== undefined && order !== 'asc' && order !== 'desc') throw badRequest(`order must be asc or desc, got "${order}"`, 'order');
  if (column === undefined) {
    if (order !== undefined) throw badRequest('order needs sort=<column>', 'order');
    return undefined;
  }
  const expression = allowedEntry(sortable, column);
  if (!expression) throw badRequest(`sort must be one of ${Object.keys(sortable).join(', ')}, got "${column}"`, 'sort');
  return { expression, descending: order === 'desc' };
}
