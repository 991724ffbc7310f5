// The one guard every service runs (registered globally by ServiceKitModule). It decides from
// the endpoint's decorators, or the safe default when there are none: reads need analyst,
// writes need admin. Message handlers (queue jobs) are not HTTP and are not checked.
import { CanActivate, ExecutionContext, Injectable, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { FailedJobsController } from '@nhsp/queue';
import { HealthController } from '../health';
import { MetricsController } from '../metrics';
import { forbidden, refusalFor, sameOrganisation, WWW_AUTHENTICATE } from './access-problems';
import { ACCESS_RULE, AccessRule, OrganisationSource, OWN_ORGANISATION } from './decorators';
import { AccessResolver } from './request-access';
import type { Principal } from './roles';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The kit's own controllers, which cannot carry decorators from here. */
const BUILT_IN_RULES = new Map<Type, AccessRule>([
  // Probes and scrapes come from the cluster, without keys; they reveal nothing of the data.
  [HealthController, { kind: 'public' }],
  [MetricsController, { kind: 'public' }],
  // Payloads of failed jobs carry data and redrive changes state.
  [FailedJobsController, { kind: 'roles', roles: ['admin'] }],
]);

const ROUTE = Symbol('nhsp.access.route');

/** Route template and parameters of the matched endpoint, for the audit log. */
export function matchedRoute(req: Request): { route: string; params: Record<string, string> } | undefined {
  return (req as Request & { [ROUTE]?: { route: string; params: Record<string, string> } })[ROUTE];
}

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: AccessResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    rememberRoute(req);
    const rule = this.ruleFor(context, req.method);
    // Resolved on public endpoints too, so a handler can show more to a key (@CurrentPrincipal).
    const credential = await this.resolver.resolve(req);
    if (rule.kind === 'public') return true;

    const refusal = refusalFor(credential, rule.roles);
    if (refusal) {
      if (refusal.getStatus() === 401) context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
      throw refusal;
    }
    // A submitter is only ever let through for its own organisation.
    const principal = credential.kind === 'valid' ? credential.principal : undefined;
    if (principal?.role === 'submitter') this.checkOrganisation(context, req, principal);
    return true;
  }

  private ruleFor(context: ExecutionContext, method: string): AccessRule {
    return accessRuleOf(this.reflector, context.getHandler(), context.getClass(), method);
  }

  private checkOrganisation(context: ExecutionContext, req: Request, principal: Principal): void {
    const source = this.reflector.getAllAndOverride<OrganisationSource | undefined>(OWN_ORGANISATION, [context.getHandler(), context.getClass()]);
    if (!source) throw forbidden('This endpoint does not take submitter keys (it names no organisation to check)');
    if (source.kind === 'handler') return;
    const value = valueAt(req, source.path);
    const codes = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : [];
    if (codes.length === 0) throw forbidden(`This key submits for ${principal.orgCode} only, and the request names no organisation at ${source.path}`);
    const others = codes.filter((code) => !sameOrganisation(code, principal.orgCode ?? ''));
    if (others.length > 0) throw forbidden(`This key submits for ${principal.orgCode} only, not ${[...new Set(others)].join(', ')}`);
  }
}

/**
 * THE access rule of an endpoint (its decorators, the kit's built-in rules, or the safe default):
 * the guard enforces it and the OpenAPI document declares it (openapi/operations.ts).
 */
export function accessRuleOf(reflector: Reflector, handler: ReturnType<ExecutionContext['getHandler']>, controller: Type, method: string): AccessRule {
  const declared = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler, controller]);
  // @Roles('public', ...) means what it says: no key needed.
  if (declared?.kind === 'roles' && declared.roles.includes('public')) return { kind: 'public' };
  if (declared) return declared;
  const builtIn = BUILT_IN_RULES.get(controller);
  if (builtIn) return builtIn;
  return { kind: 'roles', roles: READ_METHODS.has(method.toUpperCase()) ? ['analyst'] : ['admin'] };
}

function rememberRoute(req: Request): void {
  const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : req.path;
  (req as Request & { [ROUTE]?: unknown })[ROUTE] = { route, params: { ...req.params } };
}

function valueAt(req: Request, path: string): unknown {
  let value: unknown = req;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
