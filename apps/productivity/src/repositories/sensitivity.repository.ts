// A run's stored method sensitivity (productivity.sensitivity_run, productivity.sensitivity):
// the one write, claimed by whoever stores it first, and the read every caller shares. SQL only.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface StoredSensitivity {
  runId: string;
  period: string;
  /** Variant names; the first, `base`, is the run's own settings. */
  variants: string[];
  computedAt: string;
  trusts: SensitivityTrustRow[];
}

export interface SensitivityTrustRow {
  orgCode: string;
  growth: Record<string, string | null>;
  spread: string | null;
}

@Injectable()
export class SensitivityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Stores a run's sensitivity in one transaction; false, writing nothing, when another worker or
   * request stored it first (theirs is the same figures, so it stays).
   */
  store(runId: string, variants: readonly string[], trusts: readonly SensitivityTrustRow[]): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const [claimed] = await m.query(
        `INSERT INTO productivity.sensitivity_run (run_id, variants) VALUES ($1, $2) ON CONFLICT (run_id) DO NOTHING RETURNING run_id`,
        [runId, variants],
      );
      if (!claimed) return false;
      await m.query(
        `INSERT INTO productivity.sensitivity (run_id, org_code, growth, spread)
         SELECT $1, x.org_code, x.growth, x.spread FROM jsonb_to_recordset($2::jsonb) AS x(org_code text, growth jsonb, spread numeric)`,
        [runId, JSON.stringify(trusts.map((r) => ({ org_code: r.orgCode, growth: r.growth, spread: r.spread })))],
      );
      return true;
    });
  }

  /** The stored sensitivity of a run (trusts in code order), or null while there is none. */
  async read(runId: string): Promise<StoredSensitivity | null> {
    const [head] = await this.db.query(
      `SELECT s.run_id AS "runId", r.period, s.variants, s.computed_at AS "computedAt"
       FROM productivity.sensitivity_run s JOIN productivity.run r ON r.id = s.run_id WHERE s.run_id = $1`,
      [runId],
    );
    if (!head) return null;
    const trusts: SensitivityTrustRow[] = await this.db.query(
      `SELECT org_code AS "orgCode", growth, spread::text AS spread FROM productivity.sensitivity WHERE run_id = $1 ORDER BY org_code COLLATE "C"`,
      [runId],
    );
    return { ...head, computedAt: new Date(head.computedAt).toISOString(), trusts };
  }
}
