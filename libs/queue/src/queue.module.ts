// Provides the queue layer to a Nest app: driver, registry, client, metrics, failed-jobs API.
// Workers are not started here; bootstrapService connects a BullMqTransport for that.
import { DynamicModule, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { BullMqClient } from './bullmq.client';
import { RouteTable } from './contracts';
import { createQueueDriver, QueueDriver } from './driver';
import { FailedJobsController } from './failed-jobs.controller';
import { FailedJobsService } from './failed-jobs.service';
import { JobMetrics } from './job-metrics';
import { QueueSettings } from './queue-config';
import { QueueRegistry } from './queue-registry';

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
export const QUEUE_SETTINGS = Symbol('QUEUE_SETTINGS');

export interface QueueModuleOptions {
  settings: QueueSettings;
  /** Queues this service consumes (its workers, failed-jobs API, queue gauges). */
  queues: readonly string[];
  /** Routing table; default: ROUTES from contracts.ts. Tests add their own patterns. */
  routes?: RouteTable;
  /** Mount GET/POST /ops/failed-jobs (default true). */
  failedJobsApi?: boolean;
}

@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      controllers: options.failedJobsApi === false ? [] : [FailedJobsController],
      providers: [
        { provide: QUEUE_SETTINGS, useValue: options.settings },
        // Async: connects (or fails with a clear message) before anything else starts.
        { provide: QUEUE_DRIVER, useFactory: () => createQueueDriver(options.settings) },
        {
          provide: QueueRegistry,
          useFactory: (driver: QueueDriver) => {
            const registry = new QueueRegistry(driver, options.queues);
            options.queues.forEach((name) => registry.queue(name));
            return registry;
          },
          inject: [QUEUE_DRIVER],
        },
        {
          provide: BullMqClient,
          useFactory: (registry: QueueRegistry) => new BullMqClient(registry, options.routes),
          inject: [QueueRegistry],
        },
        {
          provide: JobMetrics,
          // Service-kit provides the app's prom-client Registry; standalone use gets its own.
          useFactory: (registry: QueueRegistry, prom?: Registry) => new JobMetrics(prom ?? new Registry(), registry),
          inject: [QueueRegistry, { token: Registry, optional: true }],
        },
        {
          provide: FailedJobsService,
          useFactory: (registry: QueueRegistry) => new FailedJobsService(registry),
          inject: [QueueRegistry],
        },
      ],
      exports: [QUEUE_SETTINGS, QUEUE_DRIVER, QueueRegistry, BullMqClient, JobMetrics, FailedJobsService],
    };
  }
}

