// Configuration comes from the environment and is checked once at start-up: a bad setting stops
// the process with a message naming it, instead of failing later somewhere deep inside.
import { Inject } from '@nestjs/common';
import { isIP } from 'node:net';
import { z } from 'zod';
import { queueEnvSchema } from '@nhsp/queue';
import { dataRootsSetting } from './edge/data-roots';

/** 'true'/'false'/'1'/'0' → boolean (z.coerce.boolean would read 'false' as true). */
export function envBoolean(defaultValue: boolean) {
  return z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default(defaultValue ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');
}

const port = z.coerce.number().int().min(0).max(65535);

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** An IP address (0.0.0.0 or :: for every interface) or a host name; digits and dots alone must be an IPv4 address. */
export function isListenHost(value: string): boolean {
  if (isIP(value)) return true;
  return HOST_NAME.test(value) && !/^[\d.]+$/.test(value);
}

/** Settings every service has. Services extend it: `baseConfigSchema.extend({ ... })`. */
export const baseConfigSchema = z.object({
  ...queueEnvSchema.shape,
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port for roles `api` and `all`. */
  PORT: port.default(3000),
  /** HTTP port of a `worker` process (health and metrics only). */
  METRICS_PORT: port.default(9464),
  /**
   * Address the HTTP server listens on. Loopback by default, so a service started on a laptop
   * (the demo) is not open to the network; containers set 0.0.0.0 (the image and the chart do).
   */
  HOST: z
    .string()
    .refine(isListenHost, 'must be an IP address (0.0.0.0 or :: for every interface) or a host name')
    .default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** Apply pending migrations at start-up (under an advisory lock). */
  MIGRATIONS_RUN: envBoolean(true),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /** Serve Swagger UI at /docs and the OpenAPI JSON at /docs-json. */
  SWAGGER: envBoolean(true),
  /** Largest JSON (or form) request body read; a larger one is refused with 413 before authentication. */
  JSON_BODY_MAX_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(100 * 1024),
  /**
   * Folders (comma-separated, absolute, existing) below which a request or message may name a
   * file or folder to read ({ "path": … }); links are never followed. Empty: no path is read.
   */
  DATA_ROOTS: dataRootsSetting,
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * Parses the environment with `schema`; throws ConfigError listing every bad setting, e.g.
 * `Invalid configuration: PORT must be a number; DATABASE_URL is required`.
 * Empty strings count as unset, so `PORT=` falls back to the default.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned, { reportInput: true });
  if (result.success) return result.data;
  throw new ConfigError(`Invalid configuration: ${result.error.issues.map(describeIssue).join('; ')}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.map(String).join('.') || '(environment)';
  if (issue.input === undefined) return `${name} is required`;
  // Our own messages read "must …" and win over the generic wording below.
  if (issue.message.startsWith('must')) return `${name} ${issue.message}`;
  switch (issue.code) {
    case 'invalid_type':
      return `${name} must be a ${issue.expected}`;
    case 'invalid_value':
      return `${name} must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `${name} must be at least ${issue.minimum}`;
    case 'too_big':
      return `${name} must be at most ${issue.maximum}`;
    default:
      return `${name}: ${issue.message}`;
  }
}

/** Injection token of the parsed configuration object. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** `constructor(@InjectConfig() config: MyConfig)` */
export const InjectConfig = () => Inject(SERVICE_CONFIG);
