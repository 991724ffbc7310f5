// "What moved my number", answered from what a run stored: the board answers' explainEstimate
// on the stored estimate (contributions and their totals, largest movers, each flag's evidence as
// a sentence and as data), the trust's place among its peers from benchmarking's view of the run,
// and how the figure moved across the period's vintages.
import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { contributionTotal, explainEstimate, explanationSummary, revisionCauses, revisionDifference, StoredEstimateRow, toBenchmarkRow, toTrustEstimate } from '@nhsp/board-answers';
import { resolveSettings } from '@nhsp/methodology';
import { notFound, unknownOrganisation } from '@nhsp/service-kit';
import { Exact } from '@nhsp/domain';
import { BenchmarkViewRepository } from './repositories/benchmark-view.repository';
import { RunRepository } from './repositories/run.repository';

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
    private readonly runs: RunRepository,
    private readonly benchmarks: BenchmarkViewRepository,
  ) {}

  /** The explanation from the latest run of a period. */
  async latest(orgCode: string, period: string) {
    const run = await this.runs.latestOfPeriod(period);
    if (!run) throw notFound(`period ${period} has no run yet`);
    return this.explain(run.id, orgCode);
  }

  async explain(runId: string, orgCode: string) {
    const org = orgCode.trim().toUpperCase();
    const run = await this.runs.byId(runId);
    if (!run) throw notFound(`run ${runId} does not exist`);
    const row: StoredEstimateRow | null = await this.runs.estimateWithDetail(runId, org);
    if (!row) throw unknownOrganisation(org, `run ${runId}`);

    const settings = resolveSettings(run.settings);
    // The stability band travels in the stored detail (runs since the plan view): UNSTABLE's evidence.
    const band = (row.detail as { band?: string | null }).band;
    const estimate = { ...toTrustEstimate(row, settings), ...(band ? { band: new Exact(band) } : {}) };
    // The run's benchmarks of this trust, when benchmarking has computed them.
    const benchmarks = (await this.benchmarks.ofTrust(runId, org)).map(toBenchmarkRow);
    const previous = await this.runs.previous(run);
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

  /** Every vintage of the period for the trust, oldest first, with the move from the one before. */
  private async vintages(period: string, orgCode: string, current: string) {
    const rows = await this.runs.trustVintages(period, orgCode);
    return rows.map((r, i) => {
      const change = i > 0 ? revisionDifference(rows[i - 1].productivityGrowth, r.productivityGrowth) : null;
      return { ...r, createdAt: new Date(r.createdAt).toISOString(), changeFromPrevious: change, isThisRun: r.runId === current };
    });
  }
}
