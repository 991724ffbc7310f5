import { bootstrapService, ServiceRole } from '@nhsp/service-kit';
import { AppModule } from './app.module';
import { configSchema } from './config';

/** Ingestion consumes no messages (it only emits), so it runs no workers. */
export const ingestionService = { name: 'ingestion', module: AppModule, queues: [], configSchema };

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ ...ingestionService, role });
}
