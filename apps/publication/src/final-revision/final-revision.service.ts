// A year's final revision in publication (issue 16.3): the twelve final_revised releases of a
// financial year go out as ONE publication (ReleasePublishing.publishTogether, or one scheduled time
// whose first job publishes them all), never month by month; and the year's revisions report.
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { FinancialYear } from '@nhsp/domain';
import type { ReleaseEntity } from '@nhsp/persistence';
import { InjectConfig, ProblemException } from '@nhsp/service-kit';
import { CalendarService } from '../calendar/calendar.service';
import type { PublicationConfig } from '../config';
import { ReleasePublishing } from '../release-publishing';
import { ReleaseVisibility } from '../release-visibility';
import { FinalRevisionRepository } from './final-revision.repository';
import { periodsOf, yearOfPeriod } from './fiscal-year';

@Injectable()
export class FinalRevisionService {
  private readonly logger = new Logger(FinalRevisionService.name);

  constructor(
    private readonly repository: FinalRevisionRepository,
    private readonly releases: ReleasePublishing,
    private readonly visibility: ReleaseVisibility,
    private readonly calendar: CalendarService,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  /**
   * Each assembled release passes here. A final_revised one waits (a draft) until its year's
   * twelve are assembled; then the twelve are published together (AUTO_PUBLISH) or scheduled for
   * one announced time (the calendar's next for the year's March). Any other release, and a
   * final release re-run after its year went out, is the calendar's like every revision.
   */
  async onAssembled(release: ReleaseEntity): Promise<ReleaseEntity> {
    if (release.vintage !== 'final_revised') return this.calendar.scheduleByCalendar(release);
    const year = yearOfPeriod(release.period);
    const periods = periodsOf(year);
    const set = await this.repository.finalReleases(periods, false);
    if (set.some((r) => r.publishedAt !== null)) return this.calendar.scheduleByCalendar(release);
    if (set.length < periods.length) {
      this.logger.log(`final revision of ${year}: ${set.length} of ${periods.length} months assembled; ${release.period} waits as a draft`);
      return release;
    }
    const ids = set.map((r) => r.id);
    if (this.config.AUTO_PUBLISH) {
      await this.releases.publishTogether(ids);
      this.logger.log(`final revision of ${year}: twelve releases published together`);
    } else if (this.config.CALENDAR_SCHEDULING) {
      // A month re-run while the year waits for its time joins it at that time.
      const at = set.find((r) => r.status === 'scheduled')?.publishAt ?? (await this.calendar.slotFor(periods.at(-1)!)).releaseAt;
      for (const r of set.filter((x) => x.status === 'draft')) await this.releases.schedule(r.id, at);
      this.logger.log(`final revision of ${year}: twelve releases scheduled for ${new Date(at).toISOString()}`);
    }
    return (await this.visibility.find(release.id))!;
  }

  /** A publisher's one request: the year's twelve final releases published now, together. */
  async publishYear(year: FinancialYear): Promise<ReleaseEntity[]> {
    const periods = periodsOf(year);
    const set = await this.repository.finalReleases(periods, false);
    const missing = periods.filter((p) => !set.some((r) => r.period === p));
    if (missing.length) {
      throw new ProblemException({ type: 'urn:nhsp:problem:conflict', status: HttpStatus.CONFLICT, detail: `the final revision of ${year} has no release for ${missing.join(', ')} yet` });
    }
    return this.releases.publishTogether(set.map((r) => r.id));
  }
}
