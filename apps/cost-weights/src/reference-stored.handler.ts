import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { BadFileError } from '@nhsp/data-contract';
import { PATTERNS, ReferenceStoredV1, ScheduleLoadV1 } from '@nhsp/queue';
import { badFileJobError } from '@nhsp/service-kit';
import type { LoadSource } from '@nhsp/service-kit';
import { ReferenceFiles } from '@nhsp/service-kit';
import { WeightSetsService } from './weight-sets.service';

export const COST_WEIGHTS_KIND = 'cost_weights';

/** Load requests by message: ingestion's stored copy, or an operator's path (other kinds are the deflators service's). */
@Controller()
export class ReferenceStoredHandler {
  private readonly logger = new Logger(ReferenceStoredHandler.name);

  constructor(
    private readonly files: ReferenceFiles,
    private readonly sets: WeightSetsService,
  ) {}

  @EventPattern(PATTERNS.referenceStored)
  async onReferenceStored(@Payload() message: ReferenceStoredV1): Promise<void> {
    if (message.kind !== COST_WEIGHTS_KIND) return;
    await this.loadOrFail(await this.files.read(message), `batch ${message.batchId}`);
  }

  @EventPattern(PATTERNS.scheduleLoad)
  async onScheduleLoad(@Payload() message: ScheduleLoadV1): Promise<void> {
    if (message.kind !== COST_WEIGHTS_KIND) return;
    const fileName = message.path.split('/').pop() ?? message.path;
    await this.loadOrFail({ csv: { path: message.path }, fileName, origin: `path:${message.path}` }, message.path);
  }

  /** A bad file fails the job at once (retrying cannot fix it) and shows among failed jobs. */
  private async loadOrFail(source: LoadSource, what: string): Promise<void> {
    try {
      const { set, created } = await this.sets.load(source);
      this.logger.log(`${what}: weight set ${set.id}${created ? ' loaded' : ' (already loaded)'}`);
    } catch (error) {
      if (!(error instanceof BadFileError)) throw error;
      this.logger.error(`${what}: ${error.message}`);
      throw badFileJobError(error);
    }
  }
}
