// Declaring who may call an endpoint. Without a decorator the guard applies the safe default:
// reads need analyst, writes need admin - so nothing is open by accident.
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { principalOf } from './request-access';
import type { Role } from './roles';

export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

export const ACCESS_RULE = 'nhsp:access:rule';
export const OWN_ORGANISATION = 'nhsp:access:own-organisation';

/** Anyone, with or without a key (published releases, reference lists). */
export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/**
 * Keys of these roles (and roles that include them: publisher reads like analyst, admin does
 * everything). `@Roles('submitter')` also needs `@OwnOrganisation(...)`.
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ACCESS_RULE, { kind: 'roles', roles } satisfies AccessRule);

/** Where the guard finds the organisation a submitter's request is about. */
export type OrganisationSource =
  | { kind: 'path'; path: string }
  /** The handler checks with `assertOwnOrganisation` (the codes are inside an uploaded file). */
  | { kind: 'handler' };

const REQUEST_PARTS = ['params', 'body', 'query'] as const;

/**
 * A submitter key may call the endpoint only for its own organisation: the value at `path`
 * (`params.orgCode`, `body.orgCode`, `query.org`; a string or an array of strings) must equal
 * the key's org_code. Other roles allowed by `@Roles` are not restricted.
 */
export function OwnOrganisation(path: string) {
  const [part, ...rest] = path.split('.');
  if (!(REQUEST_PARTS as readonly string[]).includes(part) || rest.length === 0) {
    throw new Error(`@OwnOrganisation("${path}"): the path must start with params., body. or query.`);
  }
  return SetMetadata(OWN_ORGANISATION, { kind: 'path', path } satisfies OrganisationSource);
}

/**
 * For endpoints whose organisation is only known after reading the request (uploads): the guard
 * lets a submitter through and the handler MUST call `assertOwnOrganisation(principal, codes)`
 * before storing anything.
 */
export const OwnOrganisationCheckedInHandler = () =>
  SetMetadata(OWN_ORGANISATION, { kind: 'handler' } satisfies OrganisationSource);

/**
 * The caller's key (role, keyId, orgCode) as the guard established it; undefined on `@Public`
 * endpoints called without a key.
 */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext) =>
  principalOf(context.switchToHttp().getRequest<Request>()),
);
