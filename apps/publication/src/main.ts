import { ALL_QUEUES, QUEUES } from '@nhsp/queue';
import { bootstrapService, ServiceRole } from '@nhsp/service-kit';
import { AppModule } from './app.module';
import { configSchema } from './config';

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
};

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ ...publicationService, role });
}
