// When new inputs arrive, request a run for every period of the latest financial year whose
// inputs are complete. The request's reason carries the inputs' fingerprint, so the same inputs
// announced twice (several batches of one upload) are one job, and new inputs are a new one.
// Inputs every period reads (a trust list) or that touch some months of many (a notification)
// re-run each period already run, with the settings of its latest run.
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Month, YearToDate } from '@nhsp/domain';
import { requestedSettings, resolveSettings } from '@nhsp/methodology';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { RunsService } from './runs.service';

@Injectable()
export class AutoTriggerService {
  private readonly logger = new Logger(AutoTriggerService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: RunsService,
    private readonly bus: BullMqClient,
  ) {}

  /** Periods (YYYY-MM) of the latest financial year the data covers whose inputs are complete. */
  async completePeriods(): Promise<string[]> {
    const [{ trusts }] = await this.db.query(`SELECT count(*)::int AS trusts FROM ingestion.v_trusts`);
    const [{ weightSets }] = await this.db.query(`SELECT count(*)::int AS "weightSets" FROM cost_weights.v_weight_sets`);
    if (!trusts || !weightSets) return [];
    const deflatorYears: number[] = (
      await this.db.query(
        `SELECT year FROM deflators.v_deflator_years
         WHERE deflator_set_id = (SELECT id FROM deflators.v_deflator_sets ORDER BY loaded_at DESC, id DESC LIMIT 1)`,
      )
    ).map((r: { year: number }) => Number(r.year));
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

  /** A month counts when at least one trust has submitted activity and at least one finance. */
  async monthsWithActivityAndFinance(): Promise<string[]> {
    const rows: Array<{ month: string }> = await this.db.query(
      `SELECT month FROM ingestion.v_current_submissions GROUP BY month
       HAVING bool_or(kind = 'activity') AND bool_or(kind = 'finance') ORDER BY month`,
    );
    return rows.map((r) => r.month);
  }

  /** The complete periods and every period already run. */
  async completeOrRunPeriods(): Promise<string[]> {
    const run: string[] = (await this.db.query(`SELECT DISTINCT period FROM productivity.run`)).map((r: { period: string }) => r.period);
    return [...new Set([...(await this.completePeriods()), ...run])].sort();
  }

  /** Emits run.requested for each complete period; returns what was requested. */
  async requestCompleteRuns(trigger: string): Promise<Array<{ period: string; fingerprint: string }>> {
    const requested = [];
    for (const period of await this.completePeriods()) {
      const fingerprint = await this.runs.currentFingerprint(period);
      await this.bus.emitEvent(PATTERNS.runRequested, { period, reason: `inputs ${fingerprint}` });
      requested.push({ period, fingerprint });
    }
    this.logger.log(`${trigger}: requested runs for ${requested.map((r) => r.period).join(', ') || 'no complete period'}`);
    return requested;
  }

  /**
   * Requests each period again with the settings of its latest run (the defaults if none), unless
   * that run already computed on the current inputs; returns the periods requested.
   */
  async requestReruns(periods: readonly string[], trigger: string): Promise<string[]> {
    const requested = [];
    for (const period of periods) {
      const latest = await this.runs.latestRun(this.db.manager, period);
      const settings = latest ? requestedSettings(resolveSettings(latest.settings)) : undefined;
      const fingerprint = await this.runs.currentFingerprint(period, settings);
      if (latest?.inputFingerprint === fingerprint) continue;
      await this.bus.emitEvent(PATTERNS.runRequested, { period, settings, reason: `inputs ${fingerprint}` });
      requested.push(period);
    }
    this.logger.log(`${trigger}: requested runs for ${requested.join(', ') || 'no period'}`);
    return requested;
  }

  /** A new trust list: names, sectors and peer groups of every period's figures may change. */
  async requestTrustListRuns(trigger: string): Promise<string[]> {
    return this.requestReruns(await this.completeOrRunPeriods(), trigger);
  }
}
