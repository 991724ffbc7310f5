// Rate limit of the public API (@nestjs/throttler): per client IP for requests without a key,
// per key (a higher limit, or none) with one. Refusals are 429 problem details with Retry-After.
import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import { AccessResolver, InjectConfig, ProblemException } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { ClientAddresses } from './client-address';

/** The one throttler of ThrottlerModule (PublicApiModule) and its window. */
export const THROTTLER_NAME = 'default';
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** One budget per caller across every route (the default counts each route apart). */
export function budgetKey(throttlerName: string, tracker: string): string {
  return `publication-rate-limit:${throttlerName}:${tracker}`;
}

/** A caller without a key is tracked by its address (ClientAddresses: TRUST_PROXY applied). */
export function trackerOfAnonymous(address: string): string {
  return `ip:${address}`;
}

/**
 * What is limited: the published data, downloads, report pages and the API description - as
 * route templates (`/v1/estimates`), the way Express matched the request. The raw path would not
 * do: routing ignores case and a trailing slash, so `/V1/estimates` was served but not counted.
 */
export const RATE_LIMITED_PATHS = /^\/(v1|report|openapi\.json)(\/|$)/;

/** The template of the route Express matched (`/v1/trusts/:org/series`); guards run only on matched routes. */
export function matchedRouteOf(req: Request): string {
  return req.route?.path ? `${req.baseUrl}${req.route.path}` : req.path;
}

@Injectable()
export class PublicRateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly access: AccessResolver,
    private readonly addresses: ClientAddresses,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!RATE_LIMITED_PATHS.test(matchedRouteOf(req))) return true;
    if (this.config.RATE_LIMIT_PER_MINUTE === 0) return true;
    return (await this.keyId(req)) !== undefined && this.config.RATE_LIMIT_KEY_PER_MINUTE === 0;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const key = await this.keyId(req as unknown as Request);
    return key !== undefined ? `key:${key}` : trackerOfAnonymous(this.addresses.of(req as unknown as Request));
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return budgetKey(throttlerName, tracker);
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new ProblemException({
      type: 'urn:nhsp:problem:rate-limited',
      title: 'Too Many Requests',
      status: 429,
      detail: `More than ${detail.limit} requests in ${Math.round(detail.ttl / 1000)} s; retry after ${detail.timeToBlockExpire} s (an API key has a higher limit)`,
      extensions: { retryAfterSeconds: detail.timeToBlockExpire },
    });
  }

  /** The id of a valid key (the bootstrap admin key counts as one), undefined without a key. */
  private async keyId(req: Request): Promise<string | undefined> {
    const credential = await this.access.resolve(req);
    return credential.kind === 'valid' ? (credential.principal.keyId ?? 'ADMIN_API_KEY') : undefined;
  }
}
