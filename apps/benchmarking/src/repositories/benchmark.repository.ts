// benchmarking.benchmark: the benchmarks of each run, replaced whole per run.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Decimal from 'decimal.js';
import { DataSource } from 'typeorm';
import { BenchmarkRow } from '@nhsp/methodology';
import { Db } from './db';

const text = (value: Decimal | null) => (value === null ? null : value.toFixed());

export interface StoredBenchmark {
  orgCode: string;
  period: string;
  peerGroup: string;
  groupKind: string;
  metric: string;
  value: string | null;
  benchmark: string | null;
  opportunityGbp: string | null;
  opportunityUnits: string | null;
  score: string | null;
  rank: number | null;
  groupSize: number;
}

@Injectable()
export class BenchmarkRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Held until the caller's transaction ends: one writer per run at a time. */
  async lockRun(runId: string, tx: Db): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('benchmarking.run'), hashtext($1))`, [runId]);
  }

  /** The run's rows become exactly `rows` (a repeated benchmarking leaves one set). */
  async replace(runId: string, rows: readonly BenchmarkRow[], tx: Db): Promise<void> {
    await tx.query(`DELETE FROM benchmarking.benchmark WHERE run_id = $1`, [runId]);
    await tx.query(
      `INSERT INTO benchmarking.benchmark (run_id, period, org_code, peer_group, group_kind, metric, value, benchmark,
         opportunity_gbp, opportunity_units, score, rank, group_size)
       SELECT $1, period, org_code, peer_group, group_kind, metric, value, benchmark, opportunity_gbp, opportunity_units, score, rank, group_size
       FROM jsonb_to_recordset($2::jsonb) AS x(period text, org_code text, peer_group text, group_kind text, metric text,
         value numeric, benchmark numeric, opportunity_gbp numeric, opportunity_units numeric, score numeric, rank integer, group_size integer)`,
      [
        runId,
        JSON.stringify(
          rows.map((r) => ({
            period: r.period,
            org_code: r.orgCode,
            peer_group: r.peerGroup,
            group_kind: r.groupKind,
            metric: r.metric,
            value: text(r.value),
            benchmark: text(r.benchmark),
            opportunity_gbp: text(r.opportunityGbp),
            opportunity_units: text(r.opportunityUnits),
            score: text(r.score),
            rank: r.rank,
            group_size: r.groupSize,
          })),
        ),
      ],
    );
  }

  async hasRun(runId: string): Promise<boolean> {
    const [any] = await this.db.query(`SELECT 1 FROM benchmarking.benchmark WHERE run_id = $1 LIMIT 1`, [runId]);
    return Boolean(any);
  }

  /** Standard groups first, then custom sets; optionally one group and one metric. */
  list(runId: string, peerGroup?: string, metric?: string): Promise<StoredBenchmark[]> {
    return this.db.query(
      `SELECT org_code AS "orgCode", period, peer_group AS "peerGroup", group_kind AS "groupKind", metric, value, benchmark,
              opportunity_gbp AS "opportunityGbp", opportunity_units AS "opportunityUnits", score, rank, group_size AS "groupSize"
       FROM benchmarking.benchmark
       WHERE run_id = $1 AND ($2::text IS NULL OR peer_group = $2) AND ($3::text IS NULL OR metric = $3)
       ORDER BY array_position(ARRAY['peer_group','sector','national','custom'], group_kind), peer_group, metric, org_code`,
      [runId, peerGroup ?? null, metric ?? null],
    );
  }
}
