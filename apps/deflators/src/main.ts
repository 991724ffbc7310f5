import { QUEUES } from '@nhsp/queue';
import { bootstrapService, BootstrapOptions, ServiceRole } from '@nhsp/service-kit';
import { AppModule } from './app.module';

export const deflatorsService = { name: 'deflators', module: AppModule, queues: [QUEUES.deflators] };

export function bootstrap(role: ServiceRole) {
  return bootstrapService({ ...deflatorsService, role } satisfies BootstrapOptions);
}
