import { QUEUES } from '@nhsp/queue';
import { bootstrapService, BootstrapOptions, ServiceRole } from '@nhsp/service-kit';
import { AppModule } from './app.module';

export const productivityService = { name: 'productivity', module: AppModule, queues: [QUEUES.productivity] };

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ ...productivityService, role } satisfies BootstrapOptions);
}
