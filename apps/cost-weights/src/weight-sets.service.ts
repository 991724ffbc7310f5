// Loads an NCC schedule into a versioned weight set (one transaction) and reads sets back, with
// the weights the methodology derives from them (docs/services-design.md: who owns the weights).
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { readNccSchedule, requireRows } from '@nhsp/data-contract';
import { Exact, NccScheduleRow } from '@nhsp/domain';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { notFound, storeOnce } from '@nhsp/service-kit';
import { Equalisation, ScheduleAnomalies, scheduleAnomalies, scheduleWeights } from './schedule-analysis';
import type { LoadSource } from '@nhsp/service-kit';

export interface WeightSetSummary {
  id: string;
  name: string;
  version: number;
  fileName: string;
  sha256: string;
  rows: number;
  source: string;
  loadedAt: string;
}

export interface LoadOutcome {
  set: WeightSetSummary;
  /** false when a file with this sha256 was already loaded (nothing new stored). */
  created: boolean;
}

const SUMMARY_COLUMNS = `id, name, version, file_name AS "fileName", sha256, rows, source, loaded_at AS "loadedAt"`;

@Injectable()
export class WeightSetsService {
  private readonly logger = new Logger(WeightSetsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly bus: BullMqClient,
  ) {}

  /** Throws BadFileError (nothing stored) when the schedule does not meet the contract. */
  async load(source: LoadSource): Promise<LoadOutcome> {
    const schedule = requireRows(await readNccSchedule(source.csv));
    const outcome = await storeOnce(this.db, {
      // One load at a time, so versions per name are consecutive and a double load finds the first.
      lock: 'cost_weights.weight_set',
      find: (manager) => this.findBySha(manager, schedule.sha256),
      prepare: () => scheduleAnomalies(schedule.rows),
      insert: (tx, anomalies) => this.insert(tx, source, schedule.sha256, schedule.rows, anomalies),
    });
    // Publishing again for a known set is harmless (the job id is the set id) and repairs an
    // earlier load whose emit failed after its commit.
    await this.bus.emitEvent(PATTERNS.weightsPublished, { weightSetId: outcome.set.id, name: outcome.set.name });
    if (outcome.created) this.logger.log(`weight set ${outcome.set.id} (${outcome.set.name} v${outcome.set.version}) loaded`);
    return outcome;
  }

  private async insert(
    tx: EntityManager,
    source: LoadSource,
    sha256: string,
    rows: NccScheduleRow[],
    anomalies: ScheduleAnomalies,
  ): Promise<WeightSetSummary> {
    const name = source.name ?? source.fileName;
    const [set]: WeightSetSummary[] = await tx.query(
      `INSERT INTO cost_weights.weight_set (name, version, file_name, sha256, rows, anomalies, source)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6 FROM cost_weights.weight_set WHERE name = $1
       RETURNING ${SUMMARY_COLUMNS}`,
      [name, source.fileName, sha256, rows.length, JSON.stringify(anomalies), source.origin],
    );
    await insertScheduleRows(tx, set.id, rows);
    return set;
  }

  private async findBySha(manager: EntityManager, sha256: string): Promise<WeightSetSummary | undefined> {
    const [set] = await manager.query(`SELECT ${SUMMARY_COLUMNS} FROM cost_weights.weight_set WHERE sha256 = $1`, [sha256]);
    return set;
  }

  list(): Promise<WeightSetSummary[]> {
    return this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM cost_weights.weight_set ORDER BY loaded_at DESC, name, version DESC`);
  }

  async get(id: string): Promise<WeightSetSummary & { anomalies: unknown }> {
    const [set] = await this.db.query(`SELECT ${SUMMARY_COLUMNS}, anomalies FROM cost_weights.weight_set WHERE id = $1`, [id]);
    if (!set) throw notFound(`weight set ${id} not found`);
    return set;
  }

  /**
   * The weights the methodology derives from the set's schedule under a setting, as a run does
   * (derived on read, never stored): exact decimal strings, by POD then currency.
   */
  async weights(id: string, equalisation: Equalisation, pod?: string) {
    await this.get(id);
    const rows: Array<Record<'service_code' | 'currency' | 'description' | 'activity' | 'unit_cost' | 'cost', string | null>> = await this.db.query(
      `SELECT service_code, currency, description, activity::text, unit_cost::text, cost::text
       FROM cost_weights.schedule_row WHERE weight_set_id = $1 ORDER BY row_number`,
      [id],
    );
    const schedule: NccScheduleRow[] = rows.map((r) => ({
      serviceCode: r.service_code!,
      currency: r.currency!,
      description: r.description ?? '',
      activity: exactOrNull(r.activity),
      unitCost: exactOrNull(r.unit_cost),
      cost: exactOrNull(r.cost),
    }));
    const derived = scheduleWeights(schedule, equalisation);
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

const text = (value: { toFixed(): string } | null) => (value === null ? null : value.toFixed());
const exactOrNull = (value: string | null) => (value === null ? null : new Exact(value));

/** One statement for all rows: arrays unnested server-side (11k rows in one round trip). */
async function insertScheduleRows(tx: EntityManager, setId: string, rows: NccScheduleRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO cost_weights.schedule_row (weight_set_id, row_number, service_code, currency, description, activity, unit_cost, cost)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[])`,
    [
      setId,
      rows.map((_, i) => i + 1),
      rows.map((r) => r.serviceCode),
      rows.map((r) => r.currency),
      rows.map((r) => r.description),
      rows.map((r) => text(r.activity)),
      rows.map((r) => text(r.unitCost)),
      rows.map((r) => text(r.cost)),
    ],
  );
}
