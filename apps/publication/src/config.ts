import { z } from 'zod';
import { baseConfigSchema, envBoolean } from '@nhsp/service-kit';
import { trustProxySetting } from './downloads/client-address';

export const configSchema = baseConfigSchema.extend({
  /**
   * Publish a release as soon as it is assembled (the demo's setting). Off by default: a release
   * is a draft a publisher checks, scheduled for its calendar time (CALENDAR_SCHEDULING).
   */
  AUTO_PUBLISH: envBoolean(false),
  /** With AUTO_PUBLISH off, schedule each assembled release for its announced time (/v1/calendar); false leaves drafts for POST /v1/releases/:id/publish. */
  CALENDAR_SCHEDULING: envBoolean(true),
  /** Version recorded in each release manifest; CI sets the git sha. */
  GIT_SHA: z.string().optional(),
  /** How far ahead a release may be scheduled (POST /v1/releases/:id/schedule publishAt), in days. */
  EMBARGO_MAX_DAYS: z.coerce.number().int().min(1).max(3660).default(366),
  /** Cache-Control max-age (seconds) of data that may change when a new release is published. */
  CACHE_MAX_AGE: z.coerce.number().int().min(0).default(60),
  /**
   * Answer repeated public reads of published figures ahead of Express from memory (quick-reads);
   * false sends every request through the full routed path.
   */
  QUICK_READS: envBoolean(true),
  /**
   * Proxies whose X-Forwarded-For names the client (Express `trust proxy`): false (default: the
   * socket's address), true, a hop count, or addresses/subnets/loopback/linklocal/uniquelocal.
   * Behind an ingress set it, or every caller shares the ingress controller's rate limit.
   */
  TRUST_PROXY: z.string().default('false').transform(trustProxySetting),
  /** Requests per minute per client IP without a key, on /v1, /report and /openapi.json; 0 = no limit. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** Requests per minute per API key; 0 = no limit (the default: keys are issued to known users). */
  RATE_LIMIT_KEY_PER_MINUTE: z.coerce.number().int().min(0).default(0),
});
export type PublicationConfig = z.infer<typeof configSchema>;
