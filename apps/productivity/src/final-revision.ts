// Year-end final revision (issue 16.3): one request re-runs the twelve months of a financial year
// as `final_revised`, each with the settings of its latest run (the method the year was published
// under), once the year has ended. Publication publishes the twelve releases together and reports
// how every trust's figures moved from provisional to final.
import { Body, Controller, HttpCode, HttpStatus, Injectable, Logger, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOperation } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DomainError, FinancialYear, Month, YearToDate } from '@nhsp/domain';
import { requestedSettings, resolveSettings } from '@nhsp/methodology';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { badRequest, ProblemException } from '@nhsp/service-kit';
import { AutoTriggerService } from './auto-trigger.service';
import { RunsService } from './runs.service';

/**
 * The year has ended once its March is over in England: 1 April of its second calendar year,
 * 00:00 Europe/London (23:00 UTC on 31 March, British Summer Time).
 */
export function yearEnded(year: FinancialYear, now: Date): boolean {
  return now.getTime() >= Date.UTC(year.startYear + 1, 2, 31, 23, 0);
}

const requestSchema = z.object({ financialYear: z.string().trim().regex(/^\d{4}\/\d{2}$/, 'must be a financial year such as 2024/25') }).strict();
class FinalRevisionDto extends createZodDto(requestSchema) {}

@Injectable()
export class FinalRevisionService {
  private readonly logger = new Logger(FinalRevisionService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly trigger: AutoTriggerService,
    private readonly runs: RunsService,
    private readonly bus: BullMqClient,
  ) {}

  async request(value: string, now = new Date()): Promise<{ financialYear: string; periods: Array<{ period: string; fingerprint: string }> }> {
    let year: FinancialYear;
    try {
      year = FinancialYear.parse(value);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw badRequest(error.message, 'financialYear');
    }
    if (!yearEnded(year, now)) {
      throw new ProblemException({ type: 'urn:nhsp:problem:conflict', status: HttpStatus.CONFLICT, detail: `financial year ${year} has not ended: a final revision is made after 31 March ${year.startYear + 1}` });
    }
    const periods = year.months.map(String);
    // Every month the year's periods compare (its own and the year before) needs activity and finance.
    const present = new Set<string>(await this.trigger.monthsWithActivityAndFinance());
    const needed = [...new Set(periods.flatMap((p) => { const ytd = YearToDate.of(Month.parse(p)); return [...ytd.base, ...ytd.current].map(String); }))].sort();
    const missing = needed.filter((m) => !present.has(m));
    if (missing.length) {
      throw new ProblemException({ type: 'urn:nhsp:problem:incomplete-year', status: HttpStatus.UNPROCESSABLE_ENTITY, detail: `financial year ${year} lacks activity or finance for ${missing.join(', ')}; every month it compares must be complete for a final revision` });
    }
    const requested = [];
    for (const period of periods) {
      const latest = await this.runs.latestRun(this.db.manager, period);
      const settings = latest ? requestedSettings(resolveSettings(latest.settings)) : undefined;
      const fingerprint = await this.runs.currentFingerprint(period, settings);
      // The reason names the year and the inputs: the same request on the same inputs is one job.
      await this.bus.emitEvent(PATTERNS.runRequested, { period, vintage: 'final_revised', settings, reason: `final revision ${year} inputs ${fingerprint}` });
      requested.push({ period, fingerprint });
    }
    this.logger.log(`final revision of ${year}: runs requested for ${periods.join(', ')}`);
    return { financialYear: String(year), periods: requested };
  }
}

@Controller('final-revisions')
export class FinalRevisionController {
  constructor(private readonly finalRevisions: FinalRevisionService) {}

  /** 202: the twelve final_revised runs are requested (admin, like POST /runs). */
  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-run the twelve months of an ended financial year as final_revised (admin); 202' })
  create(@Body() body: FinalRevisionDto) {
    return this.finalRevisions.request((body as z.infer<typeof requestSchema>).financialYear);
  }
}
