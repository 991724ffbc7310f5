// The refusals of the access layer, as problem details. 401: we do not know who you are;
// 403: we know, and your key may not do this.
import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem-details';
import type { Credential } from './request-access';
import { Principal, Role, roleSatisfies } from './roles';

export const ACCESS_PROBLEMS = {
  unauthenticated: 'urn:nhsp:problem:unauthenticated',
  forbidden: 'urn:nhsp:problem:forbidden',
  keysUnavailable: 'urn:nhsp:problem:access-unavailable',
} as const;

export function unauthenticated(detail: string): ProblemException {
  return new ProblemException({ type: ACCESS_PROBLEMS.unauthenticated, status: HttpStatus.UNAUTHORIZED, detail });
}

export function forbidden(detail: string, extensions?: Record<string, unknown>): ProblemException {
  return new ProblemException({ type: ACCESS_PROBLEMS.forbidden, status: HttpStatus.FORBIDDEN, detail, extensions });
}

export function keysUnavailable(): ProblemException {
  return new ProblemException({
    type: ACCESS_PROBLEMS.keysUnavailable,
    status: HttpStatus.SERVICE_UNAVAILABLE,
    detail: 'API keys cannot be checked right now; try again shortly',
  });
}

/**
 * Why a request with this credential may not call an endpoint open to `roles`, or undefined
 * when it may. A 401 answer should carry `WWW-Authenticate: Bearer` (see WWW_AUTHENTICATE).
 */
export function refusalFor(credential: Credential, roles: readonly Role[]): ProblemException | undefined {
  switch (credential.kind) {
    case 'valid':
      return roleSatisfies(credential.principal.role, roles)
        ? undefined
        : forbidden(`This needs role ${describeRoles(roles)}; the key has role ${credential.principal.role}`);
    case 'unavailable':
      return keysUnavailable();
    case 'none':
      return unauthenticated(`This needs an API key with role ${describeRoles(roles)}: send Authorization: Bearer <key> or X-API-Key: <key>`);
    case 'invalid':
      return unauthenticated('The API key is unknown or has been revoked');
  }
}

export const WWW_AUTHENTICATE = 'Bearer realm="nhsp"';

export function describeRoles(roles: readonly Role[]): string {
  const named = roles.includes('admin') ? roles : [...roles, 'admin'];
  return named.join(' or ');
}

/** ODS codes compare after trimming and upper-casing, as the data contract reads them. */
export function sameOrganisation(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/**
 * For `@OwnOrganisationCheckedInHandler()` endpoints: a submitter key may only touch its own
 * organisation. Call before storing anything; other roles (and no principal on a @Public
 * endpoint) pass unchecked, since the guard already decided they may call the endpoint at all.
 */
export function assertOwnOrganisation(principal: Principal | undefined, orgCodes: Iterable<string>, what = 'the request'): void {
  if (principal?.role !== 'submitter') return;
  const own = principal.orgCode ?? '';
  const others = [...new Set([...orgCodes].filter((code) => !sameOrganisation(code, own)))].sort();
  if (others.length === 0) return;
  const shown = others.length > 10 ? `${others.slice(0, 10).join(', ')} and ${others.length - 10} more` : others.join(', ');
  throw forbidden(`This key submits for ${own} only; ${what} also concerns ${shown}`, { orgCodes: others.slice(0, 100) });
}
