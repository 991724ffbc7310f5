// When new inputs arrive, request a run for every period of the latest financial year whose
// inputs are complete, and for every period already run whose inputs changed (a period reads its
// history as well as its own months). The request's reason carries the inputs' fingerprint, so
// the same inputs announced twice (several batches of one upload) are one job, and new inputs are
// a new one. Each period is re-run with the settings of its latest run.
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Month, YearToDate } from '@nhsp/domain';
import { requestedSettings, resolveSettings } from '@nhsp/methodology';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { InputAvailabilityRepository } from './repositories/input-availability.repository';
import { RunRepository } from './repositories/run.repository';
import { RunsService } from './runs.service';

@Injectable()
export class AutoTriggerService {
  private readonly logger = new Logger(AutoTriggerService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: RunsService,
    private readonly bus: BullMqClient,
    private readonly repository: RunRepository,
    private readonly availability: InputAvailabilityRepository,
  ) {}

  /** Periods (YYYY-MM) of the latest financial year the data covers whose inputs are complete. */
  async completePeriods(): Promise<string[]> {
    const trusts = await this.availability.trustCount();
    const weightSets = await this.availability.weightSetCount();
    if (!trusts || !weightSets) return [];
    const deflatorYears = await this.deflatorYears();
    const months = new Set<string>(await this.monthsWithActivityAndFinance());
    const latest = [...months].filter((m) => /^\d{4}-\d{2}$/.test(m)).sort().pop();
    if (!latest) return [];
    const fy = Month.parse(latest).financialYear;
    if (!deflatorYears.includes(fy.startYear)) return [];
    return fy.months
      .map(String)
      .filter((period) => {
        const ytd = YearToDate.of(period);
        return [...ytd.base, ...ytd.current].every((m) => months.has(String(m)));
      });
  }

  /** The financial years (first calendar year) the latest deflator set covers. */
  private async deflatorYears(): Promise<number[]> {
    const rows = await this.availability.latestDeflatorYears();
    return rows.map((r) => Number(r.year));
  }

  /** A month counts when at least one trust has submitted activity and at least one finance. */
  async monthsWithActivityAndFinance(): Promise<string[]> {
    const rows = await this.availability.monthsWithActivityAndFinance();
    return rows.map((r) => r.month);
  }

  /** The complete periods and every period already run. */
  async completeOrRunPeriods(): Promise<string[]> {
    const run = await this.repository.periods();
    return [...new Set([...(await this.completePeriods()), ...run])].sort();
  }

  /**
   * New activity, finance, returns, weights or deflators: requests every complete period and every
   * period already run whose inputs changed. A period reads the months of its history too (the
   * plan view, methodology §9–§10), so a restated earlier month re-runs each later period whose
   * history holds it, and an earlier period's own estimates. Returns what was requested.
   */
  async requestCompleteRuns(trigger: string): Promise<Array<{ period: string; fingerprint: string }>> {
    // A period whose year the deflators lack cannot be computed (its real spend): none is requested.
    const years = new Set(await this.deflatorYears());
    const periods = (await this.completeOrRunPeriods()).filter((period) => years.has(Month.parse(period).financialYear.startYear));
    return this.requestChanged(periods, trigger);
  }

  /**
   * Requests each period again with the settings of its latest run (the defaults if none), unless
   * that run already computed on the current inputs; returns the periods requested.
   */
  async requestReruns(periods: readonly string[], trigger: string): Promise<string[]> {
    return (await this.requestChanged(periods, trigger)).map((r) => r.period);
  }

  private async requestChanged(periods: readonly string[], trigger: string): Promise<Array<{ period: string; fingerprint: string }>> {
    const requested = [];
    const latestOf = await this.runs.latestRuns(this.db.manager, periods);
    const latest = periods.map((period) => latestOf.get(period));
    const settings = latest.map((run) => (run ? requestedSettings(resolveSettings(run.settings)) : undefined));
    // Every period's inputs in one read: a period reads its history, much of it shared.
    const fingerprints = await this.runs.currentFingerprints(periods.map((period, i) => ({ period, settings: settings[i] })));
    for (const [i, period] of periods.entries()) {
      const fingerprint = fingerprints[i];
      if (latest[i]?.inputFingerprint === fingerprint) continue;
      // The reason carries the fingerprint: the same inputs announced twice are one job.
      await this.bus.emitEvent(PATTERNS.runRequested, { period, ...(settings[i] ? { settings: settings[i] } : {}), reason: `inputs ${fingerprint}` });
      requested.push({ period, fingerprint });
    }
    this.logger.log(`${trigger}: requested runs for ${requested.map((r) => r.period).join(', ') || 'no period'}`);
    return requested;
  }

  /** A new trust list: names, sectors and peer groups of every period's figures may change. */
  async requestTrustListRuns(trigger: string): Promise<string[]> {
    return this.requestReruns(await this.completeOrRunPeriods(), trigger);
  }
}
