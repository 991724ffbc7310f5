// What the auto-trigger asks of the other services' read-only views to decide which periods can
// run: whether any trusts and weight sets are loaded, the years the latest deflator set covers,
// and the months with both activity and finance submitted. Reads on its own. SQL only.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class InputAvailabilityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async trustCount(): Promise<number> {
    const [{ trusts }] = await this.db.query(`SELECT count(*)::int AS trusts FROM ingestion.v_trusts`);
    return trusts;
  }

  async weightSetCount(): Promise<number> {
    const [{ weightSets }] = await this.db.query(`SELECT count(*)::int AS "weightSets" FROM cost_weights.v_weight_sets`);
    return weightSets;
  }

  /** The years (first calendar year of the financial year) of the latest deflator set. */
  latestDeflatorYears(): Promise<Array<{ year: number }>> {
    return this.db.query(
      `SELECT year FROM deflators.v_deflator_years
       WHERE deflator_set_id = (SELECT id FROM deflators.v_deflator_sets ORDER BY loaded_at DESC, id DESC LIMIT 1)`,
    );
  }

  /** Months where at least one trust has submitted activity and at least one finance, in order. */
  monthsWithActivityAndFinance(): Promise<Array<{ month: string }>> {
    return this.db.query(
      `SELECT month FROM ingestion.v_current_submissions GROUP BY month
       HAVING bool_or(kind = 'activity') AND bool_or(kind = 'finance') ORDER BY month`,
    );
  }
}
