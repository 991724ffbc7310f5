// cost_weights.weight_set and cost_weights.schedule_row: versioned NCC schedules, stored as read.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NccScheduleRow, ScheduleRowText, scheduleRowFromText } from '@nhsp/domain';
import type { ScheduleAnomalies } from './schedule-analysis';

type Db = Pick<EntityManager, 'query'>;

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

export interface NewWeightSet {
  name: string;
  fileName: string;
  sha256: string;
  source: string;
  rows: readonly NccScheduleRow[];
  anomalies: ScheduleAnomalies;
}

const SUMMARY_COLUMNS = `id, name, version, file_name AS "fileName", sha256, rows, source, loaded_at AS "loadedAt"`;

const text = (value: { toFixed(): string } | null) => (value === null ? null : value.toFixed());

@Injectable()
export class WeightSetRepository {
  constructor(private readonly db: DataSource) {}

  async findBySha(sha256: string, tx: Db = this.db.manager): Promise<WeightSetSummary | undefined> {
    const [set] = await tx.query(`SELECT ${SUMMARY_COLUMNS} FROM cost_weights.weight_set WHERE sha256 = $1`, [sha256]);
    return set;
  }

  /** The next version of its name, with every schedule row (call under the load lock). */
  async insert(set: NewWeightSet, tx: Db): Promise<WeightSetSummary> {
    const [stored]: WeightSetSummary[] = await tx.query(
      `INSERT INTO cost_weights.weight_set (name, version, file_name, sha256, rows, anomalies, source)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6 FROM cost_weights.weight_set WHERE name = $1
       RETURNING ${SUMMARY_COLUMNS}`,
      [set.name, set.fileName, set.sha256, set.rows.length, JSON.stringify(set.anomalies), set.source],
    );
    // One statement for all rows: arrays unnested server-side (11k rows in one round trip).
    await tx.query(
      `INSERT INTO cost_weights.schedule_row (weight_set_id, row_number, service_code, currency, description, activity, unit_cost, cost)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[])`,
      [
        stored.id,
        set.rows.map((_, i) => i + 1),
        set.rows.map((r) => r.serviceCode),
        set.rows.map((r) => r.currency),
        set.rows.map((r) => r.description),
        set.rows.map((r) => text(r.activity)),
        set.rows.map((r) => text(r.unitCost)),
        set.rows.map((r) => text(r.cost)),
      ],
    );
    return stored;
  }

  list(): Promise<WeightSetSummary[]> {
    return this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM cost_weights.weight_set ORDER BY loaded_at DESC, name, version DESC`);
  }

  async get(id: string): Promise<(WeightSetSummary & { anomalies: unknown }) | undefined> {
    const [set] = await this.db.query(`SELECT ${SUMMARY_COLUMNS}, anomalies FROM cost_weights.weight_set WHERE id = $1`, [id]);
    return set;
  }

  /** The set's schedule in file order, exact. */
  async scheduleRows(id: string): Promise<NccScheduleRow[]> {
    const rows: ScheduleRowText[] = await this.db.query(
      `SELECT service_code, currency, description, activity::text, unit_cost::text, cost::text
       FROM cost_weights.schedule_row WHERE weight_set_id = $1 ORDER BY row_number`,
      [id],
    );
    return rows.map(scheduleRowFromText);
  }
}
