import { ALL_QUEUES, QUEUES } from '@nhsp/queue';
import { bootstrapService, ServiceRole } from '@nhsp/service-kit';
import { AppModule } from './app.module';
import { configSchema } from './config';
import { RATE_LIMITED_PATHS } from './downloads/rate-limit.guard';

/**
 * Publication also hosts the operators' queue dashboard (bull-board, admin keys only) over every
 * queue of the platform, since it is the one service the chart exposes.
 */
export const publicationService = {
  name: 'publication',
  module: AppModule,
  queues: [QUEUES.publication],
  configSchema,
  queueDashboard: { queues: ALL_QUEUES },
  openapi: {
    description: 'Published releases of NHS trust productivity: figures as JSON or the data contract\'s CSV files, downloads, the web report.',
    rateLimited: RATE_LIMITED_PATHS,
  },
  // The published figures and their description, for browser apps on any origin (no credentials).
  publicReads: /^\/(v1|openapi\.json)(\/|$)/i,
};

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ ...publicationService, role });
}
