// Productivity's runs and their stored results (productivity.run, estimate, aggregate,
// contribution): every SQL the controllers and the run service use, in one place. Methods that
// take an EntityManager run inside the caller's transaction; the others read on their own.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StoredEstimateRow as StoredEstimateWithDetail } from '@nhsp/board-answers';
import type { RunRecord } from '../runs.service';

export const RUN_COLUMNS = `id, period, vintage, status, settings, inputs, input_fingerprint AS "inputFingerprint", reason, created_at AS "createdAt"`;

export const ESTIMATE_COLUMNS = `org_code AS "orgCode", name, sector, region, peer_group AS "peerGroup", trust_type AS "trustType",
  period, months, status, cwa_base AS "cwaBase", cwa_current AS "cwaCurrent", output_growth AS "outputGrowth",
  real_spend_base AS "realSpendBase", real_spend_current AS "realSpendCurrent", input_growth AS "inputGrowth",
  productivity_growth AS "productivityGrowth", cost_per_wau AS "costPerWau", flags`;

/** A stored estimate as ESTIMATE_COLUMNS reads it: measures as exact text, null where not estimated. */
export interface StoredEstimateRow {
  orgCode: string;
  status: string;
  flags: string[];
  cwaBase: string | null;
  cwaCurrent: string | null;
  outputGrowth: string | null;
  realSpendBase: string | null;
  realSpendCurrent: string | null;
  inputGrowth: string | null;
  productivityGrowth: string | null;
  costPerWau: string | null;
  [column: string]: unknown;
}

/** A trust's estimate in one run of its period (trustVintages). */
export interface TrustVintageRow {
  runId: string;
  vintage: string;
  createdAt: string;
  status: string;
  productivityGrowth: string | null;
  flags: string[];
}

/** A new run's row (the run service decides each value). */
export interface NewRun {
  period: string;
  vintage: string;
  settings: unknown;
  inputs: unknown;
  fingerprint: string;
  reason: string | null;
}

@Injectable()
export class RunRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every run, or a period's, in period and creation order. */
  list(period?: string): Promise<RunRecord[]> {
    return this.db.query(`SELECT ${RUN_COLUMNS} FROM productivity.run WHERE ($1::text IS NULL OR period = $1) ORDER BY period, created_at, id`, [
      period ?? null,
    ]);
  }

  async byId(id: string): Promise<RunRecord | null> {
    const [run] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM productivity.run WHERE id = $1`, [id]);
    return run ?? null;
  }

  /** The runs of a period, oldest first, with what a revision compares (settings and inputs). */
  ofPeriod(period: string): Promise<Array<{ id: string; vintage: string; createdAt: string; settings: unknown; inputs: unknown }>> {
    return this.db.query(`SELECT id, vintage, created_at AS "createdAt", settings, inputs FROM productivity.run WHERE period = $1 ORDER BY created_at, id`, [period]);
  }

  estimates(runId: string): Promise<StoredEstimateRow[]> {
    return this.db.query(`SELECT ${ESTIMATE_COLUMNS}, detail FROM productivity.estimate WHERE run_id = $1 ORDER BY org_code`, [runId]);
  }

  /** One trust's estimate of a run (without its detail), or null. */
  async estimate(runId: string, orgCode: string): Promise<StoredEstimateRow | null> {
    const [row] = await this.db.query(`SELECT ${ESTIMATE_COLUMNS} FROM productivity.estimate WHERE run_id = $1 AND org_code = $2`, [runId, orgCode]);
    return row ?? null;
  }

  /** One trust's estimate of a run with its stored detail (missing months, notifications, band), or null. */
  async estimateWithDetail(runId: string, orgCode: string): Promise<StoredEstimateWithDetail | null> {
    const [row] = await this.db.query(`SELECT ${ESTIMATE_COLUMNS}, detail FROM productivity.estimate WHERE run_id = $1 AND org_code = $2`, [runId, orgCode]);
    return row ?? null;
  }

  /** The run of the same period stored just before this one, or null for its first. */
  async previous(run: Pick<RunRecord, 'id' | 'period'>): Promise<RunRecord | null> {
    const [previous] = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM productivity.run
       WHERE period = $1 AND (created_at, id) < (SELECT created_at, id FROM productivity.run WHERE id = $2)
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [run.period, run.id],
    );
    return previous ?? null;
  }

  /** One trust's estimate in every run of a period, oldest run first. */
  trustVintages(period: string, orgCode: string): Promise<TrustVintageRow[]> {
    return this.db.query(
      `SELECT r.id AS "runId", r.vintage, r.created_at AS "createdAt", e.status, e.productivity_growth::text AS "productivityGrowth", e.flags
       FROM productivity.run r JOIN productivity.estimate e ON e.run_id = r.id AND e.org_code = $2
       WHERE r.period = $1 ORDER BY r.created_at, r.id`,
      [period, orgCode],
    );
  }

  aggregates(runId: string): Promise<Array<Record<string, unknown>>> {
    return this.db.query(
      `SELECT level, group_name AS "group", period, trusts, cwa_base AS "cwaBase", cwa_current AS "cwaCurrent",
              output_growth AS "outputGrowth", real_spend_base AS "realSpendBase", real_spend_current AS "realSpendCurrent",
              input_growth AS "inputGrowth", productivity_growth AS "productivityGrowth", contributions
       FROM productivity.aggregate WHERE run_id = $1
       ORDER BY array_position(ARRAY['national','peer_group','region','sector'], level), group_name`,
      [runId],
    );
  }

  contributions(runId: string, orgCode: string): Promise<Array<Record<string, unknown>>> {
    return this.db.query(
      `SELECT side, component, base, current, contribution FROM productivity.contribution
       WHERE run_id = $1 AND org_code = $2 ORDER BY side DESC, component`,
      [runId, orgCode],
    );
  }

  async findByFingerprint(m: EntityManager, period: string, fingerprint: string): Promise<RunRecord | null> {
    const rows = await m.query(`SELECT ${RUN_COLUMNS} FROM productivity.run WHERE period = $1 AND input_fingerprint = $2`, [period, fingerprint]);
    return rows[0] ?? null;
  }

  /** The latest run of a period, read on its own. */
  latestOfPeriod(period: string): Promise<RunRecord | null> {
    return this.latest(this.db.manager, period);
  }

  async latest(m: EntityManager, period: string): Promise<RunRecord | null> {
    const rows = await m.query(`SELECT ${RUN_COLUMNS} FROM productivity.run WHERE period = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [period]);
    return rows[0] ?? null;
  }

  /** The latest run of each of the periods that has one. */
  async latestOf(m: EntityManager, periods: readonly string[]): Promise<Map<string, RunRecord>> {
    const rows: RunRecord[] = await m.query(
      `SELECT DISTINCT ON (period) ${RUN_COLUMNS} FROM productivity.run WHERE period = ANY($1) ORDER BY period, created_at DESC, id DESC`,
      [periods],
    );
    return new Map(rows.map((r) => [r.period, r]));
  }

  /** Every period run so far. */
  async periods(): Promise<string[]> {
    const rows: Array<{ period: string }> = await this.db.query(`SELECT DISTINCT period FROM productivity.run`);
    return rows.map((r) => r.period);
  }

  /** Takes the period's run lock for the caller's transaction: one run of a period is written at a time. */
  async lockPeriod(m: EntityManager, period: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('productivity.run'), hashtext($1))`, [period]);
  }

  async insert(m: EntityManager, run: NewRun): Promise<RunRecord> {
    const [row]: RunRecord[] = await m.query(
      `INSERT INTO productivity.run (period, vintage, status, settings, inputs, input_fingerprint, reason)
       VALUES ($1, $2, 'completed', $3, $4, $5, $6) RETURNING ${RUN_COLUMNS}`,
      [run.period, run.vintage, JSON.stringify(run.settings), JSON.stringify(run.inputs), run.fingerprint, run.reason],
    );
    return row;
  }
}
