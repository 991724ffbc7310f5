// Benchmarks of one run: the standard groups of its trusts plus every custom peer set, and the
// run's opportunity packs and key indicators, all three replaced in one transaction so a
// repeated run.completed leaves exactly one set of rows; benchmarks.completed only after it.
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ALL_METRICS, benchmarkGroup, BenchmarkRow, PeerGroup, standardPeerGroups, TrustEstimate } from '@nhsp/methodology';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { notFound } from '@nhsp/service-kit';
import { BenchmarkRepository, StoredBenchmark } from './repositories/benchmark.repository';
import { PackRepository } from './repositories/pack.repository';
import { PeerSetRepository } from './repositories/peer-set.repository';
import { RunRepository } from './repositories/run.repository';
import { RunPacksService } from './run-packs.service';

export class RunNotFoundError extends Error {}

@Injectable()
export class BenchmarksService {
  private readonly logger = new Logger(BenchmarksService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: RunRepository,
    private readonly benchmarks: BenchmarkRepository,
    private readonly peerSets: PeerSetRepository,
    private readonly packs: PackRepository,
    private readonly runPacks: RunPacksService,
    private readonly bus: BullMqClient,
  ) {}

  async benchmarkRun(runId: string): Promise<{ runId: string; period: string; rows: number }> {
    const run = await this.runs.estimates(runId);
    // Not visible yet (or never): throwing lets the job retry with backoff.
    if (!run) throw new RunNotFoundError(`run ${runId} is not in productivity.v_runs`);
    const customSets = await this.peerSets.list();
    const groups: PeerGroup[] = [
      ...standardPeerGroups(run.estimates.map((e) => e.trust)),
      ...customSets.map((s) => ({ kind: 'custom' as const, name: s.name, orgCodes: s.orgCodes })),
    ];
    const byOrg = new Map<string, TrustEstimate>(run.estimates.map((e) => [e.trust.orgCode, e]));
    const rows: BenchmarkRow[] = groups.flatMap((group) => benchmarkGroup(group, byOrg, ALL_METRICS));
    const { packs, indicators } = await this.runPacks.compute(run);

    await this.db.transaction(async (tx) => {
      await this.benchmarks.lockRun(runId, tx);
      await this.benchmarks.replace(runId, rows, tx);
      await this.packs.replaceOpportunities(runId, packs, tx);
      await this.packs.replaceIndicators(runId, indicators, tx);
    });
    this.logger.log(`run ${runId}: ${rows.length} benchmark rows over ${groups.length} groups, ${packs.length} pack rows, ${indicators.length} indicators`);
    await this.bus.emitEvent(PATTERNS.benchmarksCompleted, { runId, period: run.period });
    return { runId, period: run.period, rows: rows.length };
  }

  async list(runId: string, peerGroup?: string, metric?: string): Promise<{ runId: string; benchmarks: StoredBenchmark[] }> {
    // Whether the run is benchmarked is asked first: asked after an empty read, it could see the
    // rows a benchmarking committed in between and answer a benchmarked run with no rows.
    if (!(await this.benchmarks.hasRun(runId))) throw notFound(`no benchmarks for run ${runId} (unknown run, or not benchmarked yet)`);
    return { runId, benchmarks: await this.benchmarks.list(runId, peerGroup, metric) };
  }
}
