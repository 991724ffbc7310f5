// Publication as every spec here boots it: its own database, the schemas it reads, and the
// stand-in views of productivity and benchmarking (stand-in-views.ts) plus any `extraDdl`.
import { baseSchema, publicationSchema } from '@nhsp/persistence';
import { QUEUES } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { publicationService } from '../src/main';
import { STAND_IN_DDL, withClient } from './stand-in-views';

export async function startPublication(env: Record<string, string>, extraDdl = ''): Promise<TestService> {
  const svc = await startTestService({
    name: 'publication',
    module: AppModule,
    queues: [QUEUES.publication],
    configSchema,
    // The public read API's CORS and the document's rate-limited paths, as the service runs.
    publicReads: publicationService.publicReads,
    openapi: publicationService.openapi,
    registrations: [baseSchema, accessRegistration, publicationSchema],
    env,
  });
  try {
    await withClient(svc.database.url, (c) => c.query(STAND_IN_DDL + extraDdl));
  } catch (error) {
    await svc.stop();
    throw error;
  }
  return svc;
}
