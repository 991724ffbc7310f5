// Reading a run's stored packs and indicators (computed with its benchmarks, benchmarks.service.ts).
import { Injectable } from '@nestjs/common';
import { notFound, unknownOrganisation } from '@nhsp/service-kit';
import { PackRepository, StoredIndicator, StoredOpportunity } from './repositories/pack.repository';

@Injectable()
export class PacksService {
  constructor(private readonly packs: PackRepository) {}

  async opportunities(runId: string, orgCode?: string, metric?: string): Promise<{ runId: string; period: string; opportunities: StoredOpportunity[] }> {
    const period = await this.storedPeriod(runId);
    const opportunities = await this.packs.opportunities(runId, orgCode, metric);
    if (!opportunities.length && orgCode && !metric) throw unknownOrganisation(orgCode, `the packs of run ${runId}`);
    if (!opportunities.length && (orgCode || metric)) throw notFound(`run ${runId} has no pack rows for ${[orgCode, metric].filter(Boolean).join(' ')}`);
    return { runId, period, opportunities };
  }

  async indicators(runId: string, level?: string, group?: string): Promise<{ runId: string; period: string; indicators: StoredIndicator[] }> {
    const period = await this.storedPeriod(runId);
    const indicators = await this.packs.indicators(runId, level, group);
    if (!indicators.length && group) throw notFound(`run ${runId} has no indicators for ${level ?? 'any level'} group ${group}`);
    return { runId, period, indicators };
  }

  /** Asked first, as for benchmarks: rows committed in between could otherwise answer a stored run with none. */
  private async storedPeriod(runId: string): Promise<string> {
    const period = await this.packs.periodOf(runId);
    if (!period) throw notFound(`no packs for run ${runId} (unknown run, or not benchmarked yet)`);
    return period;
  }
}
