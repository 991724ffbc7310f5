import { QUEUES } from '@nhsp/queue';
import { bootstrapService, BootstrapOptions, ServiceRole } from '@nhsp/service-kit';
import { AppModule } from './app.module';

export const benchmarkingService = { name: 'benchmarking', module: AppModule, queues: [QUEUES.benchmarking] };

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ ...benchmarkingService, role } satisfies BootstrapOptions);
}
