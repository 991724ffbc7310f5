// "What moved my number", answered from what a run stored: the board answers' explainEstimate
// on the stored estimate (contributions and their totals, largest movers, each flag's evidence as
// a sentence and as data), the trust's place among its peers from benchmarking's view of the run,
// and how the figure moved across the period's vintages.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Decimal from 'decimal.js';
import { DataSource } from 'typeorm';
import { contributionTotal, explainEstimate, explanationSummary, revisionCauses, revisionDifference, StoredEstimateRow, toBenchmarkRow, toTrustEstimate } from '@nhsp/board-answers';
import { resolveSettings } from '@nhsp/methodology';
import { notFound, unknownOrganisation } from '@nhsp/service-kit';
import { Exact } from '@nhsp/domain';
import { ESTIMATE_COLUMNS } from './repositories/run.repository';
import { RUN_COLUMNS, RunRecord, RunsService } from './runs.service';

/** Decimals as exact plain strings, everywhere in an answer. */
function plain(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

@Injectable()
export class ExplanationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: RunsService,
  ) {}

  /** The explanation from the latest run of a period. */
  async latest(orgCode: string, period: string) {
    const run = await this.runs.latestRun(this.db.manager, period);
    if (!run) throw notFound(`period ${period} has no run yet`);
    return this.explain(run.id, orgCode);
  }

  async explain(runId: string, orgCode: string) {
    const org = orgCode.trim().toUpperCase();
    const [run]: RunRecord[] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM productivity.run WHERE id = $1`, [runId]);
    if (!run) throw notFound(`run ${runId} does not exist`);
    const [row]: StoredEstimateRow[] = await this.db.query(`SELECT ${ESTIMATE_COLUMNS}, detail FROM productivity.estimate WHERE run_id = $1 AND org_code = $2`, [runId, org]);
    if (!row) throw unknownOrganisation(org, `run ${runId}`);

    const settings = resolveSettings(run.settings);
    // The stability band travels in the stored detail (runs since the plan view): UNSTABLE's evidence.
    const band = (row.detail as { band?: string | null }).band;
    const estimate = { ...toTrustEstimate(row, settings), ...(band ? { band: new Exact(band) } : {}) };
    const benchmarks = (await this.benchmarkRows(runId, org)).map(toBenchmarkRow);
    const [previous]: RunRecord[] = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM productivity.run
       WHERE period = $1 AND (created_at, id) < (SELECT created_at, id FROM productivity.run WHERE id = $2)
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [run.period, run.id],
    );
    const restated = {
      previous: previous ? { runId: previous.id, vintage: previous.vintage } : null,
      submissions: previous ? revisionCauses(previous, run, org).submissions.filter((s) => s.change === 'restated') : [],
    };
    const x = explainEstimate({ period: run.period, months: row.months, settings, estimates: [estimate], aggregates: [], benchmarks }, org, { restated });

    return plain({
      runId: run.id,
      period: run.period,
      vintage: run.vintage,
      createdAt: new Date(run.createdAt).toISOString(),
      orgCode: org,
      name: row.name,
      sector: row.sector,
      region: row.region,
      peerGroup: row.peerGroup,
      status: x.status,
      outputGrowth: x.outputGrowth,
      inputGrowth: x.inputGrowth,
      productivityGrowth: x.productivityGrowth,
      // Output contributions add up to output growth, input contributions to input growth.
      contributions: { output: x.output, input: x.input, outputTotal: contributionTotal(x.output), inputTotal: contributionTotal(x.input) },
      largestMovers: x.largestMovers,
      flags: x.flags,
      missing: x.missing,
      notifications: estimate.notifications ?? [],
      peers: x.peers,
      peersAvailable: benchmarks.length > 0,
      vintages: await this.vintages(run.period, org, run.id),
      summary: explanationSummary(x),
    });
  }

  /** The run's benchmarks of this trust, when benchmarking has computed them (its view may not exist yet). */
  private async benchmarkRows(runId: string, orgCode: string): Promise<Record<string, string | number | null>[]> {
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

  /** Every vintage of the period for the trust, oldest first, with the move from the one before. */
  private async vintages(period: string, orgCode: string, current: string) {
    const rows: Array<{ runId: string; vintage: string; createdAt: string; status: string; productivityGrowth: string | null; flags: string[] }> = await this.db.query(
      `SELECT r.id AS "runId", r.vintage, r.created_at AS "createdAt", e.status, e.productivity_growth::text AS "productivityGrowth", e.flags
       FROM productivity.run r JOIN productivity.estimate e ON e.run_id = r.id AND e.org_code = $2
       WHERE r.period = $1 ORDER BY r.created_at, r.id`,
      [period, orgCode],
    );
    return rows.map((r, i) => {
      const change = i > 0 ? revisionDifference(rows[i - 1].productivityGrowth, r.productivityGrowth) : null;
      return { ...r, createdAt: new Date(r.createdAt).toISOString(), changeFromPrevious: change, isThisRun: r.runId === current };
    });
  }
}
