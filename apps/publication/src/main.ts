import { QUEUES } from '@nhsp/queue';
import { bootstrapService, ServiceRole } from '@nhsp/service-kit';
import { AppModule } from './app.module';
import { configSchema } from './config';

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ name: 'publication', module: AppModule, queues: [QUEUES.publication], role, configSchema });
}
