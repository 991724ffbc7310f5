// How a trust's estimate moved between two vintages of a period (default: the latest two runs).
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { flagRevisions, measureRevisions, RecordedRun, revisionCauses, TrustList } from '@nhsp/board-answers';
import { badRequest, notFound, unknownOrganisation } from '@nhsp/service-kit';
import { RunRepository } from './repositories/run.repository';
import { trustListOfRun } from './trust-list';

const MEASURES = ['cwaBase', 'cwaCurrent', 'outputGrowth', 'realSpendBase', 'realSpendCurrent', 'inputGrowth', 'productivityGrowth', 'costPerWau'] as const;

@Controller('revisions')
export class RevisionsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: RunRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'How a trust\'s estimate moved between two vintages of a period, and why' })
  async revision(@Query('period') period?: string, @Query('org') org?: string, @Query('from') from?: string, @Query('to') to?: string) {
    if (!period || !org) {
      throw badRequest('query parameters period and org are required');
    }
    const runs = (await this.repository.ofPeriod(period)) as Array<RecordedRun & { id: string; vintage: string; createdAt: string }>;
    const pick = (id: string | undefined, fallback: number) => (id ? runs.find((r) => r.id === id) : runs[runs.length + fallback]);
    const later = pick(to, -1);
    const earlier = pick(from, -2);
    if (!later || !earlier) throw notFound(`period ${period} has ${runs.length} run(s); a revision needs two`);

    const estimate = async (runId: string) => {
      const row = await this.repository.estimate(runId, org.toUpperCase());
      if (!row) throw unknownOrganisation(org, `run ${runId}`);
      return row;
    };
    const [before, after] = [await estimate(earlier.id), await estimate(later.id)];
    // A run stored before trust lists were recorded: its estimates carry the list it computed on.
    for (const run of [earlier, later]) (run.inputs as { trusts?: TrustList }).trusts ??= await trustListOfRun(this.db.manager, run.id);
    const changes = measureRevisions(before, after, MEASURES)
      .filter((m) => m.before !== m.after)
      .map((m) => ({ measure: m.measure, from: m.before, to: m.after, difference: m.difference }));
    const flags = flagRevisions(before.flags, after.flags);
    return {
      period,
      orgCode: org.toUpperCase(),
      from: { runId: earlier.id, vintage: earlier.vintage, createdAt: earlier.createdAt, estimate: before },
      to: { runId: later.id, vintage: later.vintage, createdAt: later.createdAt, estimate: after },
      changes,
      flagsAdded: flags.added,
      flagsRemoved: flags.removed,
      causes: revisionCauses(earlier, later, org.toUpperCase()),
    };
  }
}
