// What the plan-view and pack routes share: the query's allow-list (an unknown parameter, a
// repeated one or one given as an object is a 400, never a 500), the value rules of their
// filters, the release a caller may see (ReleaseVisibility.visibleRelease: the embargo rule of
// every /v1 figure) and the response cache.
import type { Request, Response } from 'express';
import type { ReleaseEntity } from '@nhsp/persistence';
import { STABILITY_NATIONAL_ROW } from '@nhsp/data-contract';
import { allowedEntry, Principal, unknownOrganisation } from '@nhsp/service-kit';
import type { ReleaseVisibility } from './release-visibility';
import { UUID } from './request-params';
import { badRequest, deliver, Format, negotiate, notFound, parsePaging, parsePeriod, parseSort, render, Representation } from './representation';
import { ResponseCache } from './response-cache';
import type { PageRequest } from './source-views';

export type Query = Record<string, unknown>;

/** The levels of targets.csv, index.csv and indicators.csv: the aggregate levels and `trust`. */
export const PLAN_LEVELS = ['national', 'peer_group', 'region', 'sector', 'trust'] as const;

/** The parameters every list route takes: the release, the format, sort and paging. */
export const COMMON_PARAMS = ['period', 'release', 'format', 'sort', 'order', 'limit', 'offset'] as const;

/**
 * The query as plain text values, after refusing any parameter the route does not name and any
 * value that is not a single string (`?a=1&a=2` and `?a[b]=1` reach Express as an array and an
 * object).
 */
export function strictQuery(q: Query, routeParams: readonly string[]): Record<string, string | undefined> {
  const allowed = Object.fromEntries([...COMMON_PARAMS, ...routeParams].map((name) => [name, true]));
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(q)) {
    if (!allowedEntry(allowed, name)) throw badRequest(`unknown query parameter "${name.slice(0, 100)}"; this route takes ${Object.keys(allowed).join(', ')}`, name.slice(0, 100));
    if (typeof value !== 'string') throw badRequest(`${name} must be given once, as plain text`, name);
    out[name] = value === '' ? undefined : value;
  }
  return out;
}

/** A value from an allow-list, or a 400 naming the allowed ones. */
export function oneOf(q: Record<string, string | undefined>, name: string, allowed: readonly string[]): string | undefined {
  const value = q[name];
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) throw badRequest(`${name} must be one of ${allowed.join(', ')}, got "${value.slice(0, 100)}"`, name);
  return value;
}

/**
 * An organisation code: letters and digits, matched in any case (ODS codes are upper case, so it
 * is upper-cased; `ENGLAND` is stability's national row, STABILITY_NATIONAL_ROW).
 */
export function orgCode(value: string | undefined, name = 'org'): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9]{1,12}$/.test(value)) throw badRequest(`${name} must be an organisation code (letters and digits), got "${value.slice(0, 100)}"`, name);
  const code = value.toUpperCase();
  return code === STABILITY_NATIONAL_ROW.toUpperCase() ? STABILITY_NATIONAL_ROW : code;
}

/** An organisation the request names but the release does not hold is a 404 naming it, never an empty list. */
export function assertOrgHeld(org: string | undefined, total: number, release: ReleaseEntity, what: string): void {
  if (org !== undefined && total === 0) throw unknownOrganisation(org, `the ${what} of the release of ${release.period}`);
}

/** A group, dimension or benchmark-group name: plain text (the request edge refused control characters) of a sensible length. */
export function name(q: Record<string, string | undefined>, param: string): string | undefined {
  const value = q[param];
  if (value !== undefined && value.length > 200) throw badRequest(`${param} must be at most 200 characters`, param);
  return value;
}

export function booleanParam(q: Record<string, string | undefined>, param: string): boolean | undefined {
  const value = oneOf(q, param, ['true', 'false']);
  return value === undefined ? undefined : value === 'true';
}

export interface ListRequest {
  format: Format;
  page: PageRequest;
}

export function listRequest(req: Request, q: Record<string, string | undefined>, sortable: Record<string, string>): ListRequest {
  const format = negotiate(req, q.format, true);
  return { format, page: { ...parsePaging(q, format), sort: parseSort(q, sortable) } };
}

/** The release the caller may see (period, or release id), else 404; without the manifest. */
export async function visibleOrFail(releases: ReleaseVisibility, q: Record<string, string | undefined>, principal: Principal | undefined): Promise<ReleaseEntity> {
  const period = parsePeriod(q.period);
  const releaseId = q.release;
  if (releaseId !== undefined && !UUID.test(releaseId)) throw badRequest(`release must be a release id (UUID), got "${releaseId.slice(0, 100)}"`, 'release');
  const release = await releases.visibleRelease({ period, releaseId }, principal, { manifest: false });
  if (!release) {
    throw notFound(releaseId ? `No release ${releaseId}${period ? ` of period ${period}` : ''}` : period ? `No published release for period ${period}` : 'No release has been published yet');
  }
  return release;
}

export function releaseSummary(r: Omit<ReleaseEntity, 'manifest'>) {
  return { id: r.id, run_id: r.runId, period: r.period, vintage: r.vintage, status: r.status, published_at: r.publishedAt };
}

/** The release's answer as rendered before (same release, format and URL), or rendered now and kept. */
export async function cachedAnswer(
  cache: ResponseCache, maxAge: number, endpoint: string, req: Request, res: Response, release: ReleaseEntity, format: Format,
  build: () => Promise<Omit<Representation, 'maxAge' | 'format'>>,
): Promise<void> {
  const key = cache.key(endpoint, release, format, req.originalUrl);
  const rendered = await cache.build(key, async () => render({ format, ...(await build()) }));
  deliver(req, res, rendered, maxAge);
}
