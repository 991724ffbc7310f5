// The run's reference sets, through their owners' views: the NCC schedule of its cost-weight set
// (cost_weights.v_schedule_rows) and the years of its deflator set (deflators.v_deflator_years).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DeflatorYearText, ScheduleRowText } from '@nhsp/domain';

// Numeric columns as text, so that money and weights stay exact (@nhsp/domain reads them).
export type { DeflatorYearText, ScheduleRowText };

@Injectable()
export class ReferenceSetRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  schedule(weightSetId: string): Promise<ScheduleRowText[]> {
    return this.db.query(
      `SELECT service_code, currency, description, activity::text AS activity, unit_cost::text AS unit_cost, cost::text AS cost
       FROM cost_weights.v_schedule_rows WHERE weight_set_id::text = $1 ORDER BY service_code, currency`,
      [weightSetId],
    );
  }

  deflatorYears(deflatorSetId: string): Promise<DeflatorYearText[]> {
    return this.db.query(
      `SELECT year::int AS year, prices::text AS prices, pay::text AS pay, pay_and_prices::text AS pay_and_prices
       FROM deflators.v_deflator_years WHERE deflator_set_id::text = $1 ORDER BY year`,
      [deflatorSetId],
    );
  }
}
