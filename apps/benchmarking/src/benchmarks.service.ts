// Benchmarks of one run: the standard groups of its trusts plus every custom peer set, replaced
// in one transaction so a repeated run.completed leaves exactly one set of rows.
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Decimal from 'decimal.js';
import { DataSource } from 'typeorm';
import { ALL_METRICS, benchmarkGroup, BenchmarkRow, PeerGroup, standardPeerGroups, TrustEstimate } from '@nhsp/methodology';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { readRunEstimates } from './run-estimates';

export class RunNotFoundError extends Error {}

const text = (value: Decimal | null) => (value === null ? null : value.toFixed());

@Injectable()
export class BenchmarksService {
  private readonly logger = new Logger(BenchmarksService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bus: BullMqClient,
  ) {}

  async benchmarkRun(runId: string): Promise<{ runId: string; period: string; rows: number }> {
    const run = await readRunEstimates(this.db.manager, runId);
    // Not visible yet (or never): throwing lets the job retry with backoff.
    if (!run) throw new RunNotFoundError(`run ${runId} is not in productivity.v_runs`);
    const customSets: Array<{ name: string; org_codes: string[] }> = await this.db.query(`SELECT name, org_codes FROM benchmarking.peer_set ORDER BY name`);
    const groups: PeerGroup[] = [
      ...standardPeerGroups(run.estimates.map((e) => e.trust)),
      ...customSets.map((s) => ({ kind: 'custom' as const, name: s.name, orgCodes: s.org_codes })),
    ];
    const byOrg = new Map<string, TrustEstimate>(run.estimates.map((e) => [e.trust.orgCode, e]));
    const rows: BenchmarkRow[] = groups.flatMap((group) => benchmarkGroup(group, byOrg, ALL_METRICS));

    await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('benchmarking.run'), hashtext($1))`, [runId]);
      await m.query(`DELETE FROM benchmarking.benchmark WHERE run_id = $1`, [runId]);
      await m.query(
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
    });
    this.logger.log(`run ${runId}: ${rows.length} benchmark rows over ${groups.length} groups`);
    await this.bus.emitEvent(PATTERNS.benchmarksCompleted, { runId, period: run.period });
    return { runId, period: run.period, rows: rows.length };
  }
}
