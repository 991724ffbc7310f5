import { QUEUES } from '@nhsp/queue';
import { bootstrapService, ServiceRole } from '@nhsp/service-kit';
import { AppModule } from './app.module';

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ name: 'deflators', module: AppModule, queues: [QUEUES.deflators], role });
}
