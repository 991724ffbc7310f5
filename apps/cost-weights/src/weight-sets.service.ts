// Loads an NCC schedule into a versioned weight set (one transaction) and reads sets back.
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { readNccSchedule } from '@nhsp/data-contract';
import type { NccScheduleRow } from '@nhsp/domain';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { notFound, storeOnce } from '@nhsp/service-kit';
import { analyseSchedule, Equalisation, ScheduleAnalysis } from './schedule-analysis';
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
    const schedule = await readNccSchedule(source.csv);
    const outcome = await storeOnce(this.db, {
      // One load at a time, so versions per name are consecutive and a double load finds the first.
      lock: 'cost_weights.weight_set',
      find: (manager) => this.findBySha(manager, schedule.sha256),
      prepare: () => analyseSchedule(schedule.rows),
      insert: (tx, analysis) => this.insert(tx, source, schedule.sha256, schedule.rows, analysis),
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
    analysis: ScheduleAnalysis,
  ): Promise<WeightSetSummary> {
    const name = source.name ?? source.fileName;
    const [set]: WeightSetSummary[] = await tx.query(
      `INSERT INTO cost_weights.weight_set (name, version, file_name, sha256, rows, anomalies, source)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6 FROM cost_weights.weight_set WHERE name = $1
       RETURNING ${SUMMARY_COLUMNS}`,
      [name, source.fileName, sha256, rows.length, JSON.stringify(analysis.anomalies), source.origin],
    );
    await insertScheduleRows(tx, set.id, rows);
    await insertWeights(tx, set.id, analysis);
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

  async weights(id: string, equalisation: Equalisation, pod?: string) {
    await this.get(id);
    const podFilter = pod ? 'AND pod = $3' : '';
    const params = pod ? [id, equalisation, pod] : [id, equalisation];
    const weights = await this.db.query(
      `SELECT pod, currency, weight, equalised FROM cost_weights.weight
       WHERE weight_set_id = $1 AND equalisation = $2 ${podFilter} ORDER BY pod, currency`,
      params,
    );
    const podMeans = await this.db.query(
      `SELECT pod, mean FROM cost_weights.pod_mean WHERE weight_set_id = $1 ${pod ? 'AND pod = $2' : ''} ORDER BY pod`,
      pod ? [id, pod] : [id],
    );
    return { weightSetId: id, equalisation, pod: pod ?? null, podMeans, weights };
  }
}

const text = (value: { toFixed(): string } | null) => (value === null ? null : value.toFixed());

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

async function insertWeights(tx: EntityManager, setId: string, analysis: ScheduleAnalysis): Promise<void> {
  const { weights, podMeans } = analysis;
  await tx.query(
    `INSERT INTO cost_weights.weight (weight_set_id, equalisation, pod, currency, weight, equalised)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::boolean[])`,
    [
      setId,
      weights.map((w) => w.equalisation),
      weights.map((w) => w.pod),
      weights.map((w) => w.currency),
      weights.map((w) => w.weight.toFixed()),
      weights.map((w) => w.equalised),
    ],
  );
  await tx.query(
    `INSERT INTO cost_weights.pod_mean (weight_set_id, pod, mean) SELECT $1, * FROM unnest($2::text[], $3::numeric[])`,
    [setId, podMeans.map((m) => m.pod), podMeans.map((m) => m.mean.toFixed())],
  );
}
