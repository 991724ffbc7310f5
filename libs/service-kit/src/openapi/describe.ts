// A service's OpenAPI document without running it: the module tree is built in Nest's preview
// mode (no provider is instantiated, so no database, queue or port), then described as the
// running service describes itself. For `npm run openapi:lint` and the typed client.
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { z } from 'zod';
import { accessEnvSchema } from '../access/access-config';
import { BootstrapOptions, serviceRootModule } from '../bootstrap';
import { BaseConfig, baseConfigSchema, loadConfig } from '../config';
import { buildOpenApiDocument } from './document';

/** Only to satisfy the config schema: preview mode never connects. */
const NO_DATABASE = 'postgres://describe@127.0.0.1:1/describe';

export async function describeService(options: Omit<BootstrapOptions<z.ZodType<BaseConfig>>, 'role'>, env: Record<string, string | undefined> = {}): Promise<OpenAPIObject> {
  const settings = { DATABASE_URL: NO_DATABASE, ...env };
  const config = loadConfig(options.configSchema ?? baseConfigSchema, settings);
  const access = loadConfig(accessEnvSchema, settings);
  const app = await NestFactory.create(serviceRootModule({ ...options, role: 'api' }, config, access), { preview: true, logger: false, abortOnError: false });
  try {
    return buildOpenApiDocument(app, { name: options.name, ...options.openapi });
  } finally {
    await app.close().catch(() => undefined);
  }
}
