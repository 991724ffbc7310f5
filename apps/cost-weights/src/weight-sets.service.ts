// Loads an NCC schedule into a versioned weight set (one transaction) and reads sets back, with
// the weights the methodology derives from them (docs/services-design.md: who owns the weights).
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readNccSchedule, requireRows } from '@nhsp/data-contract';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { notFound, storeOnce } from '@nhsp/service-kit';
import type { LoadSource } from '@nhsp/service-kit';
import { Equalisation, scheduleAnomalies, scheduleWeights } from './schedule-analysis';
import { WeightSetRepository, WeightSetSummary } from './weight-set.repository';

export type { WeightSetSummary } from './weight-set.repository';

export interface LoadOutcome {
  set: WeightSetSummary;
  /** false when a file with this sha256 was already loaded (nothing new stored). */
  created: boolean;
}

@Injectable()
export class WeightSetsService {
  private readonly logger = new Logger(WeightSetsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly sets: WeightSetRepository,
    private readonly bus: BullMqClient,
  ) {}

  /** Throws BadFileError (nothing stored) when the schedule does not meet the contract. */
  async load(source: LoadSource): Promise<LoadOutcome> {
    const schedule = requireRows(await readNccSchedule(source.csv));
    const outcome = await storeOnce(this.db, {
      // One load at a time, so versions per name are consecutive and a double load finds the first.
      lock: 'cost_weights.weight_set',
      find: (manager) => this.sets.findBySha(schedule.sha256, manager),
      prepare: () => scheduleAnomalies(schedule.rows),
      insert: (tx, anomalies) =>
        this.sets.insert(
          { name: source.name ?? source.fileName, fileName: source.fileName, sha256: schedule.sha256, source: source.origin, rows: schedule.rows, anomalies },
          tx,
        ),
    });
    // Publishing again for a known set is harmless (the job id is the set id) and repairs an
    // earlier load whose emit failed after its commit.
    await this.bus.emitEvent(PATTERNS.weightsPublished, { weightSetId: outcome.set.id, name: outcome.set.name });
    if (outcome.created) this.logger.log(`weight set ${outcome.set.id} (${outcome.set.name} v${outcome.set.version}) loaded`);
    return outcome;
  }

  list(): Promise<WeightSetSummary[]> {
    return this.sets.list();
  }

  async get(id: string): Promise<WeightSetSummary & { anomalies: unknown }> {
    const set = await this.sets.get(id);
    if (!set) throw notFound(`weight set ${id} not found`);
    return set;
  }

  /**
   * The weights the methodology derives from the set's schedule under a setting, as a run does
   * (derived on read, never stored): exact decimal strings, by POD then currency.
   */
  async weights(id: string, equalisation: Equalisation, pod?: string) {
    await this.get(id);
    const derived = scheduleWeights(await this.sets.scheduleRows(id), equalisation);
    const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const weights = derived.weights
      .filter((w) => !pod || w.pod === pod)
      .sort((a, b) => byCode(a.pod, b.pod) || byCode(a.currency, b.currency))
      .map((w) => ({ pod: w.pod, currency: w.currency, weight: w.weight.toFixed(), equalised: w.equalised }));
    const podMeans = derived.podMeans
      .filter((m) => !pod || m.pod === pod)
      .sort((a, b) => byCode(a.pod, b.pod))
      .map((m) => ({ pod: m.pod, mean: m.mean.toFixed() }));
    return { weightSetId: id, equalisation, pod: pod ?? null, podMeans, weights };
  }
}
