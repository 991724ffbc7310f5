// Everything a service needs besides its own code, wired once: config, logging, database,
// health, metrics, queue client, failed-jobs API and access control (global guard, audit log).
// bootstrapService imports it for you.
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { dataSourceOptions, entitiesOf, SCHEMAS, schemaForService, SchemaRegistration } from '@nhsp/persistence';
import { QueueModule, queueSettingsFrom, RouteTable } from '@nhsp/queue';
import { accessControllers, accessEnvSchema, ACCESS_EXPORTS, accessProviders, AccessSettings } from './access';
import { BaseConfig, SERVICE_CONFIG } from './config';
import { DataRoots } from './edge/data-roots';
import { HealthController, QueueHealthIndicator } from './health';
import { loggerParams } from './logging';
import { MetricsController, MetricsModule } from './metrics';
import { OpenApiDocument } from './openapi/document';
import { OpenApiController } from './openapi/openapi.controller';
import type { ServiceRole } from './bootstrap';

export interface ServiceKitOptions {
  /** Service name: logs, metrics, DB application_name, and its schema (`cost-weights` → `cost_weights`). */
  name: string;
  /** api, worker or all (bootstrapService); providers that only make sense beside HTTP routes ask. */
  role?: ServiceRole;
  /** Queues this service consumes (workers in roles worker/all; failed-jobs API). */
  queues: readonly string[];
  /** Parsed configuration (see loadConfig); injected with @InjectConfig(). */
  config: BaseConfig;
  /** Schemas whose registered entities this service loads; default: its own schema. */
  schemas?: string[];
  /** Registry to read entities from; default SCHEMAS (libs/persistence/src/schemas.ts). */
  registrations?: SchemaRegistration[];
  /** Extra message routes (tests); production routes come from contracts.ts. */
  routes?: RouteTable;
  /** Access settings (ADMIN_API_KEY, ACCESS_ADMIN_API, ...); default: none set. */
  access?: AccessSettings;
}

export const SERVICE_OPTIONS = Symbol('SERVICE_OPTIONS');

@Module({})
export class ServiceKitModule {
  static forService(options: ServiceKitOptions): DynamicModule {
    const { config } = options;
    const schemas = options.schemas ?? [schemaForService(options.name)];
    const access = options.access ?? accessEnvSchema.parse({});
    return {
      module: ServiceKitModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerParams(options.name, config.LOG_LEVEL)),
        MetricsModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: config.DATABASE_URL,
            entities: entitiesOf(options.registrations ?? SCHEMAS, schemas),
            poolSize: config.DB_POOL_SIZE,
            applicationName: options.name,
            onConnectionError: (message) => new Logger('database').warn(message),
          }),
          // Entities listed with TypeOrmModule.forFeature in the app are added too.
          autoLoadEntities: true,
          // Fail start-up within seconds rather than retrying for half a minute.
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        QueueModule.forRoot({ settings: queueSettingsFrom(config), queues: options.queues, routes: options.routes }),
      ],
      controllers: [HealthController, MetricsController, OpenApiController, ...accessControllers(access)],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_OPTIONS, useValue: options },
        QueueHealthIndicator,
        OpenApiDocument,
        // Folder reads ({ path }) of any service go through it: the roots of DATA_ROOTS, no links.
        { provide: DataRoots, useValue: new DataRoots(config.DATA_ROOTS) },
        ...accessProviders(access),
      ],
      exports: [SERVICE_CONFIG, SERVICE_OPTIONS, TypeOrmModule, DataRoots, ...ACCESS_EXPORTS],
    };
  }
}
