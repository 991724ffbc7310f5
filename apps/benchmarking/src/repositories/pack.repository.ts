// benchmarking.opportunity and benchmarking.indicator: each run's packs (§11) and key indicators
// (§12), replaced whole per run, in the order compute writes them (`seq`).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Decimal from 'decimal.js';
import { DataSource } from 'typeorm';
import { formatMissing } from '@nhsp/domain';
import { IndicatorRow, OpportunityRow } from '@nhsp/methodology';
import { arrayLiteral } from './array-literal';
import { Db } from './db';

const text = (value: Decimal | null | undefined) => (value === null || value === undefined ? null : value.toFixed());

export interface StoredOpportunity {
  orgCode: string;
  sector: string;
  metric: string;
  dimension: string | null;
  value: string | null;
  benchmark: string | null;
  benchmarkGroup: string | null;
  opportunityUnits: string | null;
  unit: string | null;
  opportunityGbp: string | null;
  missing: string | null;
}

export interface StoredIndicator {
  level: string;
  group: string;
  indicator: string;
  window: string;
  base: string;
  current: string;
  change: string | null;
  changeKind: string;
}

@Injectable()
export class PackRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The run's opportunities become exactly `rows`, numbered in their order. */
  async replaceOpportunities(runId: string, rows: readonly OpportunityRow[], tx: Db): Promise<void> {
    await tx.query(`DELETE FROM benchmarking.opportunity WHERE run_id = $1`, [runId]);
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO benchmarking.opportunity (run_id, seq, period, org_code, sector, metric, dimension, value, benchmark,
         benchmark_group, opportunity_units, unit, opportunity_gbp, missing)
       SELECT $1::uuid, o.* FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[],
         $9::numeric[], $10::text[], $11::numeric[], $12::text[], $13::numeric[], $14::text[]) AS o`,
      [
        runId,
        arrayLiteral(rows, (_, i) => i + 1),
        arrayLiteral(rows, (r) => r.period),
        arrayLiteral(rows, (r) => r.orgCode),
        arrayLiteral(rows, (r) => r.sector),
        arrayLiteral(rows, (r) => r.metric),
        arrayLiteral(rows, (r) => r.dimension),
        arrayLiteral(rows, (r) => text(r.value)),
        arrayLiteral(rows, (r) => text(r.benchmark)),
        arrayLiteral(rows, (r) => r.benchmarkGroup),
        arrayLiteral(rows, (r) => text(r.opportunityUnits)),
        arrayLiteral(rows, (r) => r.unit),
        arrayLiteral(rows, (r) => text(r.opportunityGbp)),
        // As opportunities.csv writes it; null where the category had all it needed.
        arrayLiteral(rows, (r) => formatMissing(r.missing) || null),
      ],
    );
  }

  /** The run's indicators become exactly `rows`, numbered in their order. */
  async replaceIndicators(runId: string, rows: readonly IndicatorRow[], tx: Db): Promise<void> {
    await tx.query(`DELETE FROM benchmarking.indicator WHERE run_id = $1`, [runId]);
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO benchmarking.indicator (run_id, seq, period, level, group_name, indicator, "window", base, current, change, change_kind)
       SELECT $1::uuid, i.* FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[],
         $9::numeric[], $10::numeric[], $11::text[]) AS i`,
      [
        runId,
        arrayLiteral(rows, (_, i) => i + 1),
        arrayLiteral(rows, (r) => r.period),
        arrayLiteral(rows, (r) => r.level),
        arrayLiteral(rows, (r) => r.group),
        arrayLiteral(rows, (r) => r.indicator),
        arrayLiteral(rows, (r) => r.window),
        arrayLiteral(rows, (r) => text(r.base)),
        arrayLiteral(rows, (r) => text(r.current)),
        arrayLiteral(rows, (r) => text(r.change)),
        arrayLiteral(rows, (r) => r.changeKind),
      ],
    );
  }

  /** The period of a run whose packs are stored; undefined when none are. */
  async periodOf(runId: string): Promise<string | undefined> {
    const [row] = await this.db.query(
      `SELECT period FROM benchmarking.opportunity WHERE run_id = $1
       UNION ALL SELECT period FROM benchmarking.indicator WHERE run_id = $1 LIMIT 1`,
      [runId],
    );
    return row?.period;
  }

  /** In opportunities.csv's order; optionally one trust and one metric. */
  opportunities(runId: string, orgCode?: string, metric?: string): Promise<StoredOpportunity[]> {
    return this.db.query(
      `SELECT org_code AS "orgCode", sector, metric, dimension, value::text AS value, benchmark::text AS benchmark,
              benchmark_group AS "benchmarkGroup", opportunity_units::text AS "opportunityUnits", unit,
              opportunity_gbp::text AS "opportunityGbp", missing
       FROM benchmarking.opportunity
       WHERE run_id = $1 AND ($2::text IS NULL OR org_code = upper($2)) AND ($3::text IS NULL OR metric = $3)
       ORDER BY seq`,
      [runId, orgCode ?? null, metric ?? null],
    );
  }

  /** In indicators.csv's order; optionally one level and one group (an org code for level trust). */
  indicators(runId: string, level?: string, group?: string): Promise<StoredIndicator[]> {
    return this.db.query(
      `SELECT level, group_name AS "group", indicator, "window", base::text AS base, current::text AS current,
              change::text AS change, change_kind AS "changeKind"
       FROM benchmarking.indicator
       WHERE run_id = $1 AND ($2::text IS NULL OR level = $2) AND ($3::text IS NULL OR upper(group_name) = upper($3))
       ORDER BY seq`,
      [runId, level ?? null, group ?? null],
    );
  }
}
