import { QUEUES } from '@nhsp/queue';
import { bootstrapService, BootstrapOptions, ServiceRole } from '@nhsp/service-kit';
import { AppModule } from './app.module';

export const costWeightsService = { name: 'cost-weights', module: AppModule, queues: [QUEUES.costWeights] };

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ ...costWeightsService, role } satisfies BootstrapOptions);
}
