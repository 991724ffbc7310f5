// A productivity run as benchmarking reads it, through productivity's views only: the run's
// estimates as the methodology's TrustEstimates, rebuilt by the board answers' stored-estimate
// reader (measures exact; POD CWA, category spend and length of stay from the detail, which the
// operational benchmarking categories need), with the run's own settings from
// productivity.v_runs: a run computed with equalisation off or working days on is benchmarked as
// what it published, never under the defaults.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StoredEstimateRow, toTrustEstimate } from '@nhsp/board-answers';
import { MethodSettings, resolveSettings, TrustEstimate } from '@nhsp/methodology';
import { Db } from './db';

export interface RunEstimates {
  runId: string;
  period: string;
  settings: MethodSettings;
  estimates: TrustEstimate[];
  /** The cost-weight and deflator sets the run computed on (its recorded inputs); null if it recorded none. */
  weightSetId: string | null;
  deflatorSetId: string | null;
}

@Injectable()
export class RunRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** null while the run is not visible (or never will be). */
  async estimates(runId: string, tx: Db = this.db.manager): Promise<RunEstimates | null> {
    const [run] = await tx.query(
      `SELECT id, period, settings, inputs->>'weightSetId' AS "weightSetId", inputs->>'deflatorSetId' AS "deflatorSetId"
       FROM productivity.v_runs WHERE id = $1`,
      [runId],
    );
    if (!run) return null;
    // Stored by resolveSettings; a run from before a setting existed gets that setting's default.
    const settings = resolveSettings(run.settings ?? {});
    const rows: StoredEstimateRow[] = await tx.query(
      `SELECT org_code AS "orgCode", name, sector, region, peer_group AS "peerGroup", trust_type AS "trustType",
              period, months, status, flags, COALESCE(detail, '{}'::jsonb) AS detail,
              cwa_base::text AS "cwaBase", cwa_current::text AS "cwaCurrent", output_growth::text AS "outputGrowth",
              real_spend_base::text AS "realSpendBase", real_spend_current::text AS "realSpendCurrent",
              input_growth::text AS "inputGrowth", productivity_growth::text AS "productivityGrowth", cost_per_wau::text AS "costPerWau"
       FROM productivity.v_estimates WHERE run_id = $1 ORDER BY org_code`,
      [runId],
    );
    return {
      runId,
      period: run.period,
      settings,
      estimates: rows.map((row) => toTrustEstimate({ ...row, flags: row.flags ?? [] }, settings)),
      weightSetId: run.weightSetId ?? null,
      deflatorSetId: run.deflatorSetId ?? null,
    };
  }
}
