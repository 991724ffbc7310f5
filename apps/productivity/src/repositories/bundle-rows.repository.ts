// What a run reads of the other services' read-only views for its own months: the latest
// cost-weight and deflator sets, the months' current activity and finance rows, and the set's
// schedule and deflator years. Takes the caller's EntityManager, so a run reads all of them in the
// one snapshot its submissions came from. Numbers as text, so nothing passes through a float. SQL only.
import { EntityManager } from 'typeorm';
import { ActivityRow, DeflatorYearRow, FinanceRow, ScheduleRow } from '../bundle-rows';

export class BundleRowsRepository {
  constructor(private readonly db: EntityManager) {}

  /** The latest loaded set of a view (cost_weights.v_weight_sets, deflators.v_deflator_sets): none when it is empty. */
  latestSet(view: string): Promise<Array<{ id: string; name: string }>> {
    return this.db.query(
      `SELECT id::text AS id, name FROM ${view} ORDER BY loaded_at DESC, id DESC LIMIT 1`,
    );
  }

  activity(months: readonly string[]): Promise<ActivityRow[]> {
    return this.db.query(
      `SELECT org_code, month, pod, currency, count::text AS count, bed_days::text AS bed_days
       FROM ingestion.v_current_activity WHERE month = ANY($1)`,
      [months],
    );
  }

  finance(months: readonly string[]): Promise<FinanceRow[]> {
    return this.db.query(
      `SELECT org_code, month, category, amount_gbp::text AS amount_gbp FROM ingestion.v_current_finance WHERE month = ANY($1)`,
      [months],
    );
  }

  schedule(weightSetId: string): Promise<ScheduleRow[]> {
    return this.db.query(
      `SELECT service_code, currency, description, activity::text AS activity, unit_cost::text AS unit_cost, cost::text AS cost
       FROM cost_weights.v_schedule_rows WHERE weight_set_id::text = $1 ORDER BY service_code, currency`,
      [weightSetId],
    );
  }

  deflatorYears(deflatorSetId: string): Promise<DeflatorYearRow[]> {
    return this.db.query(
      `SELECT year, prices::text AS prices, pay::text AS pay, pay_and_prices::text AS pay_and_prices
       FROM deflators.v_deflator_years WHERE deflator_set_id::text = $1 ORDER BY year`,
      [deflatorSetId],
    );
  }
}
