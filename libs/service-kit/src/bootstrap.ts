// Starts a service in one of three roles:
//   api    - HTTP only (controllers, /docs); emits messages but runs no workers
//   worker - workers for the service's queues + HTTP on METRICS_PORT with /health and /metrics only
//   all    - both in one process (local runs and the demo)
import { DynamicModule, INestApplication, Logger as NestLogger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { AddressInfo } from 'node:net';
import { Logger } from 'nestjs-pino';
import { ZodValidationPipe } from 'nestjs-zod';
import type { z } from 'zod';
import { DataSource } from 'typeorm';
import { runMigrations, SchemaRegistration } from '@nhsp/persistence';
import { BullMqTransport, JobMetrics, mountBullBoard, QueueRegistry, RouteTable } from '@nhsp/queue';
import { accessEnvSchema, AccessSettings, adminOnly, AuditLog } from './access';
import { buildOpenApiDocument, DocumentOptions, OpenApiDocument } from './openapi/document';
import { BaseConfig, baseConfigSchema, loadConfig } from './config';
import { DATABASE_WAIT_MS, retryAfterDatabaseAnswers } from './database-wait';
import { runJobWithLogger } from './logging';
import { HttpMetrics } from './metrics';
import { refuseEncodedBodies, refuseHostileText } from './edge/request-edge';
import { AcceptableAnswers, compressAnswers, OrgCodesUpperCase, publicReadCors } from './http';
import { ProblemDetailsFilter, toProblem } from './problem-details';
import { ServiceKitModule } from './service-kit.module';
import { stopOnSignals, StopOnSignalsOptions } from './shutdown';

/** Longer than the idle keep-alive of the proxies in front (60 s): they close first. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export type ServiceRole = 'api' | 'worker' | 'all';
export const SERVICE_ROLES: readonly ServiceRole[] = ['api', 'worker', 'all'];

export interface BootstrapOptions<S extends z.ZodType<BaseConfig> = typeof baseConfigSchema> {
  name: string;
  /** The app's own module: its controllers, handlers, providers, TypeOrmModule.forFeature(...). */
  module: Type | DynamicModule;
  /** Queues this service consumes (from QUEUES in @nhsp/queue). */
  queues: readonly string[];
  role: ServiceRole;
  /** Config schema; default baseConfigSchema. Extend it for service settings. */
  configSchema?: S;
  /** Environment to read; default process.env (tests pass their own). */
  env?: Record<string, string | undefined>;
  /** Port override (tests use 0 = any free port); default PORT or METRICS_PORT by role. */
  port?: number;
  /**
   * SIGTERM/SIGINT close the app (workers drain up to SHUTDOWN_TIMEOUT_MS) and exit the process,
   * 0 after a clean close (default true; tests booting many apps in one process turn it off).
   */
  shutdownHooks?: boolean;
  schemas?: string[];
  registrations?: SchemaRegistration[];
  routes?: RouteTable;
  /** bull-board at /admin/queues for admin keys (roles api/all); default: this service's queues. */
  queueDashboard?: boolean | { queues?: readonly string[] };
  /** What the OpenAPI document says beyond the routes (description, rate-limited paths). */
  openapi?: Omit<DocumentOptions, 'name'>;
  /**
   * Paths of the public read API (e.g. `/v1/…`): answered to browsers on any origin (CORS for
   * GET and HEAD, no credentials). Writes and admin routes are never included.
   */
  publicReads?: RegExp;
  /** Last chance to add HTTP middleware before routes are sealed (e.g. mountBullBoard). */
  beforeListen?: (app: INestApplication, config: BaseConfig) => void | Promise<void>;
}

export interface RunningService<C extends BaseConfig = BaseConfig> {
  app: INestApplication;
  config: C;
  role: ServiceRole;
  /** `http://<host>:<port>` of the HTTP server (127.0.0.1 when it listens on every interface). */
  url: string;
  /**
   * Its queue workers take no more jobs (running ones carry on); what a stop signal does first.
   * For a process hosting several services (the demo): stop them all taking work, then close each.
   */
  stopTaking(): Promise<void>;
  close(): Promise<void>;
}

const WORKER_HTTP_PATHS = /^\/(health|metrics)(\/|$|\?)/;

export async function bootstrapService<S extends z.ZodType<BaseConfig> = typeof baseConfigSchema>(
  options: BootstrapOptions<S>,
): Promise<RunningService<z.infer<S>>> {
  if (!SERVICE_ROLES.includes(options.role)) {
    throw new Error(`Unknown role "${options.role}": use one of ${SERVICE_ROLES.join(', ')}`);
  }
  const config = loadConfig(options.configSchema ?? baseConfigSchema, options.env) as z.infer<S>;
  const access = loadConfig(accessEnvSchema, options.env);
  if (config.MIGRATIONS_RUN) await runMigrations(config.DATABASE_URL, options.registrations);

  const app = await NestFactory.create(serviceRootModule(options, config, access), {
    bufferLogs: true,
    abortOnError: false,
    // Body parsers are mounted by configureAndListen, behind the audit log and the request edge.
    bodyParser: false,
  });
  const shutdown: StopOnSignalsOptions = { name: options.name, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
  const stopListening = options.shutdownHooks !== false ? stopOnSignals(app, shutdown) : () => undefined;
  try {
    return await configureAndListen(app, options, config, stopListening, shutdown);
  } catch (error) {
    stopListening();
    await app.close().catch(() => undefined);
    throw error;
  }
}

/** The service's module tree: the kit's module for its settings, then the app's own module. */
export function serviceRootModule(options: BootstrapOptions<z.ZodType<BaseConfig>>, config: BaseConfig, access: AccessSettings): DynamicModule {
  return {
    module: class ServiceRootModule {},
    imports: [
      ServiceKitModule.forService({
        name: options.name,
        role: options.role,
        queues: options.queues,
        config,
        schemas: options.schemas,
        registrations: options.registrations,
        routes: options.routes,
        access,
      }),
      options.module,
    ],
  };
}

async function configureAndListen<C extends BaseConfig>(
  app: INestApplication,
  options: BootstrapOptions<z.ZodType<BaseConfig>>,
  config: C,
  stopListening: () => void,
  shutdown: StopOnSignalsOptions,
): Promise<RunningService<C>> {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // No framework banner on answers: it tells an attacker what to try, and quick answers ahead of
  // Express (answerAheadOfExpress) would otherwise differ from routed ones.
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(app.get(HttpMetrics).middleware());
  app.use(compressAnswers());
  if (options.publicReads && options.role !== 'worker') app.use(publicReadCors(options.publicReads));
  if (options.role === 'worker') app.use(onlyHealthAndMetrics);
  // Ahead of every route, so refused writes and bull-board actions are recorded too.
  else app.use(app.get(AuditLog).middleware(options.name));
  useRequestEdge(app as NestExpressApplication, config);
  app.useGlobalPipes(new OrgCodesUpperCase(), new ZodValidationPipe());
  app.useGlobalInterceptors(new AcceptableAnswers());
  app.useGlobalFilters(new ProblemDetailsFilter());

  if (options.role !== 'api') {
    const db = app.get(DataSource);
    const transport = new BullMqTransport({
      registry: app.get(QueueRegistry),
      metrics: app.get(JobMetrics),
      // A failed attempt is handed back once the database answers, so its retry is not wasted on an outage.
      runInContext: (context, run) => runJobWithLogger(context, () => retryAfterDatabaseAnswers(db, { maxWaitMs: DATABASE_WAIT_MS }, run)),
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    });
    shutdown.beforeClose = () => transport.stopTaking();
    // inheritAppConfig: handlers get the same validation pipe and error filter as HTTP.
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  }
  if (options.role !== 'worker' && config.SWAGGER) {
    const document = buildOpenApiDocument(app, { name: options.name, ...options.openapi });
    app.get(OpenApiDocument).document = document;
    SwaggerModule.setup('docs', app, document);
  }

  if (options.queueDashboard && options.role !== 'worker') {
    const queues = typeof options.queueDashboard === 'object' ? options.queueDashboard.queues : undefined;
    mountBullBoard(app, { queues, authorize: adminOnly(app) });
  }
  await options.beforeListen?.(app, config);
  await app.startAllMicroservices();
  const port = options.port ?? (options.role === 'worker' ? config.METRICS_PORT : config.PORT);
  await app.listen(port, config.HOST);
  // Node's default (5 s) is shorter than a proxy's idle keep-alive (the ingress's upstream
  // connections, 60 s): the proxy could send on a connection this server had just closed. And
  // the timer is run before the reads of a turn, so a loop held up for 5 s under load closed
  // connections whose next request was already waiting (ECONNRESET in bench:api's cold passes).
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://${reachableHost(address.address)}:${address.port}`;
  new NestLogger('bootstrap').log(`${options.name} (${options.role}) listening on ${url}`);
  return {
    app,
    config,
    role: options.role,
    url,
    stopTaking: async () => {
      await shutdown.beforeClose?.();
    },
    close: async () => {
      stopListening();
      // As on a signal: Nest reaches the workers only after the HTTP server has closed.
      await shutdown.beforeClose?.().catch(() => undefined);
      return app.close();
    },
  };
}

/** Where this process reaches its own server: loopback when it listens on every interface. */
function reachableHost(listening: string): string {
  if (listening === '0.0.0.0' || listening === '::') return '127.0.0.1';
  return listening.includes(':') ? `[${listening}]` : listening;
}

/**
 * The request edge (edge/request-edge.ts) ahead of routing and access checks: no encoded
 * bodies (415), bodies up to JSON_BODY_MAX_BYTES (413), no hostile text in the URL or the
 * JSON body (400).
 */
function useRequestEdge(app: NestExpressApplication, config: BaseConfig): void {
  app.use(refuseEncodedBodies);
  app.useBodyParser('json', { limit: config.JSON_BODY_MAX_BYTES });
  app.useBodyParser('urlencoded', { limit: config.JSON_BODY_MAX_BYTES, extended: true });
  app.use(refuseHostileText);
}

/** A worker's HTTP server is for probes and scrapes only. */
function onlyHealthAndMetrics(req: Request, res: Response, next: NextFunction): void {
  if (WORKER_HTTP_PATHS.test(req.originalUrl)) return next();
  const problem = toProblem(undefined, req.originalUrl);
  problem.status = 404;
  problem.type = 'about:blank';
  problem.title = 'Not Found';
  problem.detail = 'A worker process serves only /health and /metrics';
  res.status(404).type('application/problem+json').json(problem);
}

/**
 * Entry point for `node tools/scripts/start-service.js`: runs bootstrap, logs a config error
 * as one line and exits 1, so a misconfigured pod fails visibly and immediately.
 */
export async function runService(start: () => Promise<RunningService>): Promise<RunningService> {
  try {
    return await start();
  } catch (error) {
    console.error((error as Error).name === 'ConfigError' ? (error as Error).message : error);
    process.exit(1);
  }
}
