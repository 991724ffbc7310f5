// Benchmarking's view of a run (benchmarking.v_benchmarks), as the explanation reads a trust's
// place among its peers. The view is benchmarking's contract; until benchmarking has migrated it
// does not exist, which reads as no benchmarks rather than an error. SQL only.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A v_benchmarks row with numbers as exact text (toBenchmarkRow of @nhsp/board-answers reads it). */
export type BenchmarkViewRow = Record<string, string | number | null>;

@Injectable()
export class BenchmarkViewRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The run's benchmarks of one trust: peer group first, then sector, national and custom groups. */
  async ofTrust(runId: string, orgCode: string): Promise<BenchmarkViewRow[]> {
    const [{ present }] = await this.db.query(`SELECT to_regclass('benchmarking.v_benchmarks') IS NOT NULL AS present`);
    if (!present) return [];
    return this.db.query(
      `SELECT org_code, period, peer_group, group_kind, metric, value::text AS value, benchmark::text AS benchmark,
              opportunity_gbp::text AS opportunity_gbp, opportunity_units::text AS opportunity_units, score::text AS score, rank, group_size
       FROM benchmarking.v_benchmarks WHERE run_id = $1 AND org_code = $2
       ORDER BY array_position(ARRAY['peer_group','sector','national','custom'], group_kind), peer_group COLLATE "C", metric`,
      [runId, orgCode],
    );
  }
}
