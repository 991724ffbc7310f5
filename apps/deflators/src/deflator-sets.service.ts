// Loads an inflation series file into a deflator set (one transaction) and reads sets back.
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readDeflators, requireRows } from '@nhsp/data-contract';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { notFound, storeOnce } from '@nhsp/service-kit';
import type { LoadSource } from '@nhsp/service-kit';
import { DeflatorSetRepository, DeflatorSetSummary } from './deflator-set.repository';

export type { DeflatorSetSummary } from './deflator-set.repository';

/** The series the methodology uses by default (MethodSettings.deflatorSeries). */
export const DEFAULT_DEFLATOR_NAME = 'nhs-cost-inflation-index';

export interface LoadOutcome {
  set: DeflatorSetSummary;
  /** false when a file with this sha256 was already loaded (nothing new stored). */
  created: boolean;
}

@Injectable()
export class DeflatorSetsService {
  private readonly logger = new Logger(DeflatorSetsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly sets: DeflatorSetRepository,
    private readonly bus: BullMqClient,
  ) {}

  /** Throws BadFileError (nothing stored) when the file does not meet the contract. */
  async load(source: LoadSource): Promise<LoadOutcome> {
    const series = requireRows(await readDeflators(source.csv));
    const outcome = await storeOnce(this.db, {
      lock: 'deflators.deflator_set',
      find: (manager) => this.sets.findBySha(series.sha256, manager),
      insert: (tx) =>
        this.sets.insert(
          { name: source.name ?? DEFAULT_DEFLATOR_NAME, fileName: source.fileName, sha256: series.sha256, source: source.origin, years: series.rows },
          tx,
        ),
    });
    // Publishing again for a known set is harmless (job id = set id) and repairs a lost emit.
    await this.bus.emitEvent(PATTERNS.deflatorsPublished, { deflatorSetId: outcome.set.id, name: outcome.set.name });
    if (outcome.created) this.logger.log(`deflator set ${outcome.set.id} (${outcome.set.name}) loaded`);
    return outcome;
  }

  list(): Promise<DeflatorSetSummary[]> {
    return this.sets.list();
  }

  async get(id: string) {
    const set = await this.sets.get(id);
    if (!set) throw notFound(`deflator set ${id} not found`);
    return { ...set, years: await this.sets.years(id) };
  }
}
