// A run's stored results (productivity.estimate, aggregate, contribution), written from the rows
// run-rows.ts shapes: one INSERT per table from a JSON array keeps the write short. Takes the
// caller's EntityManager: the results are written in the transaction that also writes the run. SQL only.
import { EntityManager } from 'typeorm';

const MEASURES = 'cwa_base numeric, cwa_current numeric, output_growth numeric, real_spend_base numeric, real_spend_current numeric, input_growth numeric, productivity_growth numeric';

export class ResultsRepository {
  constructor(private readonly db: EntityManager) {}

  async insertEstimates(rows: readonly object[]): Promise<void> {
    await this.db.query(
      `INSERT INTO productivity.estimate
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, org_code text, name text, sector text, region text,
         peer_group text, trust_type text, period text, months integer, status text, ${MEASURES}, cost_per_wau numeric,
         flags text[], detail jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  async insertAggregates(rows: readonly object[]): Promise<void> {
    await this.db.query(
      `INSERT INTO productivity.aggregate
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, level text, group_name text, period text, trusts integer,
         ${MEASURES}, contributions jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  async insertContributions(rows: readonly object[]): Promise<void> {
    await this.db.query(
      `INSERT INTO productivity.contribution
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, org_code text, period text, side text, component text,
         base numeric, current numeric, contribution numeric)`,
      [JSON.stringify(rows)],
    );
  }
}
