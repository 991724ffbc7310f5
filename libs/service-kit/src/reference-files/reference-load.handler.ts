// Load requests by message, for a service that keeps sets loaded from reference files:
// ingestion's stored copy (reference.stored.v1) or an operator's path (schedule.load.v1).
// Both services receive every kind; each loads only its own.
import { Controller, Inject, Logger } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { BadFileError } from '@nhsp/data-contract';
import { PATTERNS, ReferenceStoredV1, ScheduleLoadV1 } from '@nhsp/queue';
import { UnrecoverableError } from 'bullmq';
import { DataRoots } from '../edge/data-roots';
import { badFileJobError } from './bad-file';
import type { LoadSource } from './file-source';
import { ReferenceFiles } from './reference-files';
import type { ReferenceSetStore } from './reference-set.controller';

export interface ReferenceLoadHandlerOptions<S extends Pick<ReferenceSetStore, 'load'>> {
  /** The reference kind this service loads (messages of other kinds are ignored). */
  kind: string;
  /** The store's provider class (its injection token). */
  store: Type<S>;
  /** A set as the logs name it, e.g. `weight set`. */
  setNoun: string;
}

/**
 * A message handler class to extend (`class ReferenceStoredHandler extends referenceLoadHandler({...}) {}`);
 * it logs under the subclass's name. Needs `ReferenceFiles` among the module's providers.
 */
export function referenceLoadHandler<S extends Pick<ReferenceSetStore, 'load'>>(options: ReferenceLoadHandlerOptions<S>) {
  @Controller()
  class ReferenceLoadHandler {
    private readonly logger = new Logger(this.constructor.name);

    constructor(
      private readonly files: ReferenceFiles,
      @Inject(options.store) private readonly sets: S,
      private readonly roots: DataRoots,
    ) {}

    @EventPattern(PATTERNS.referenceStored)
    async onReferenceStored(@Payload() message: ReferenceStoredV1): Promise<void> {
      if (message.kind !== options.kind) return;
      await this.loadOrFail(await this.files.read(message), `batch ${message.batchId}`);
    }

    @EventPattern(PATTERNS.scheduleLoad)
    async onScheduleLoad(@Payload() message: ScheduleLoadV1): Promise<void> {
      if (message.kind !== options.kind) return;
      const fileName = message.path.split('/').pop() ?? message.path;
      // The same confinement as a { path } request: below DATA_ROOTS, no links (retrying cannot change that).
      const path = await this.roots.confine(message.path).catch((error: Error) => {
        throw new UnrecoverableError(`${message.path} not read: ${error.message}`);
      });
      await this.loadOrFail({ csv: { path }, fileName, origin: `path:${message.path}` }, message.path);
    }

    /** A bad file fails the job at once (retrying cannot fix it) and shows among failed jobs. */
    private async loadOrFail(source: LoadSource, what: string): Promise<void> {
      try {
        const { set, created } = await this.sets.load(source);
        this.logger.log(`${what}: ${options.setNoun} ${set.id}${created ? ' loaded' : ' (already loaded)'}`);
      } catch (error) {
        if (!(error instanceof BadFileError)) throw error;
        this.logger.error(`${what}: ${error.message}`);
        throw badFileJobError(error);
      }
    }
  }
  return ReferenceLoadHandler;
}
