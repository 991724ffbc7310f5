import { QUEUES } from '@nhsp/queue';
import { bootstrapService, ServiceRole } from '@nhsp/service-kit';
import { AppModule } from './app.module';

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ name: 'cost-weights', module: AppModule, queues: [QUEUES.costWeights], role });
}
