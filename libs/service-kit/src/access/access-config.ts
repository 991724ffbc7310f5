// Settings of the access module, read from the same environment as the service's own config.
import { z } from 'zod';
import { envBoolean } from '../config';

export const accessEnvSchema = z.object({
  /**
   * A key accepted as admin without being stored, so a fresh install can create the first keys.
   * Long enough that guessing it is hopeless.
   */
  ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Mount POST/GET/DELETE /admin/api-keys on this service (the publication service sets it). */
  ACCESS_ADMIN_API: envBoolean(false),
  /** How long a key lookup is reused; a revoked key stops working on other services within this. */
  ACCESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
});
export type AccessSettings = z.infer<typeof accessEnvSchema>;

export const ACCESS_SETTINGS = Symbol('ACCESS_SETTINGS');
