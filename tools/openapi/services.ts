// Every service's OpenAPI document, described without running it (describeService), as the
// deployment runs it: publication mounts the key administration (ACCESS_ADMIN_API=true).
import type { OpenAPIObject } from '@nestjs/swagger';
import { describeService } from '@nhsp/service-kit';
import { benchmarkingService } from '../../apps/benchmarking/src/main';
import { costWeightsService } from '../../apps/cost-weights/src/main';
import { deflatorsService } from '../../apps/deflators/src/main';
import { ingestionService } from '../../apps/ingestion/src/main';
import { productivityService } from '../../apps/productivity/src/main';
import { publicationService } from '../../apps/publication/src/main';

export const SERVICES = [ingestionService, costWeightsService, deflatorsService, productivityService, benchmarkingService, publicationService];

/** The environment a service's document is described with (what the deployment sets). */
export function describedEnv(name: string): Record<string, string> {
  return name === 'publication' ? { ACCESS_ADMIN_API: 'true' } : {};
}

export async function serviceDocument(name: string): Promise<OpenAPIObject> {
  const service = SERVICES.find((s) => s.name === name);
  if (!service) throw new Error(`No service ${name}: ${SERVICES.map((s) => s.name).join(', ')}`);
  return describeService(service, describedEnv(name));
}
