// The publication calendar: announced release times (rule + exceptions, publication's tables),
// the scheduling of every assembled release at its announced time (unless AUTO_PUBLISH), and
// the moving of scheduled releases when a publisher changes a date.
import { Injectable, Logger } from '@nestjs/common';
import type { ReleaseEntity } from '@nhsp/persistence';
import { InjectConfig } from '@nhsp/service-kit';
import type { PublicationConfig } from '../config';
import { ReleasePublishing } from '../release-publishing';
import { badRequest } from '../representation';
import { addMonths, CalendarEntry, CalendarException, CalendarRule, entriesBetween, entryFor, isTimeZone, monthOf, releaseTimeFor } from './calendar-rule';
import { calendarIcs, calendarJson } from './calendar.presenter';
import { CalendarRelease, CalendarRepository, StoredException, StoredRule } from './calendar.repository';

/** Most periods one calendar answer spans (ten years). */
const MAX_PERIODS = 120;

export interface CalendarView {
  rule: StoredRule;
  entries: CalendarEntry[];
  exceptions: StoredException[];
  releases: CalendarRelease[];
}

@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);

  constructor(
    private readonly repository: CalendarRepository,
    private readonly releases: ReleasePublishing,
    @InjectConfig() private readonly config: PublicationConfig,
  ) {}

  async rule(): Promise<StoredRule> {
    const rule = await this.repository.rule();
    if (!isTimeZone(rule.timeZone)) throw new Error(`publication.calendar_rule.time_zone "${rule.timeZone}" is not an IANA time zone`);
    return rule;
  }

  private async exceptionMap(): Promise<{ list: StoredException[]; map: Map<string, CalendarException> }> {
    const list = await this.repository.exceptions();
    return { list, map: new Map(list.map((e) => [e.period, e])) };
  }

  /** The periods from..to with their announced times; scheduled releases only when `privileged`. */
  async view(from: string, to: string, privileged: boolean): Promise<CalendarView> {
    const [rule, { list, map }] = await Promise.all([this.rule(), this.exceptionMap()]);
    const entries = entriesBetween(rule, map, from, to);
    const times = entries.map((e) => e.releaseAt.getTime());
    const window = privileged ? { from: new Date(Math.min(...times)), to: new Date(Math.max(...times)) } : null;
    await this.releases.publishOverdue();
    return { rule, entries, exceptions: list.filter((e) => e.period >= from && e.period <= to), releases: await this.repository.releases({ from, to }, window) };
  }

  /**
   * GET /v1/calendar's body, JSON or iCalendar: the periods from..to, by default from the period
   * released about six months ago to a year of announced dates ahead.
   */
  async document(range: { from?: string; to?: string }, ics: boolean, privileged: boolean): Promise<string> {
    const rule = await this.rule();
    const lagged = addMonths(monthOf(new Date()), -rule.monthsAfterPeriod);
    const from = range.from ?? addMonths(lagged, -6);
    const to = range.to ?? addMonths(lagged, 12);
    if (from > to) throw badRequest(`from ${from} is after to ${to}`, 'from');
    if (addMonths(from, MAX_PERIODS - 1) < to) throw badRequest(`at most ${MAX_PERIODS} periods at once (from ${from} to ${to})`, 'to');
    const view = await this.view(from, to, privileged);
    return ics ? calendarIcs(view, await this.lastModified(view)) : JSON.stringify(calendarJson(view));
  }

  /** When anything in the public calendar last changed: its rule, an exception, a publication. */
  async lastModified(view: CalendarView): Promise<Date> {
    const stamps = [view.rule.updatedAt, ...view.exceptions.map((e) => e.updatedAt), await this.repository.lastPublishedAt()];
    return new Date(Math.max(...stamps.filter((d): d is Date => d !== null).map((d) => new Date(d).getTime())));
  }

  /**
   * A release just assembled as a draft (AUTO_PUBLISH=false) is scheduled for its announced time:
   * its period's, or the next one when that has passed (see releaseTimeFor). A release that is not a
   * draft, or CALENDAR_SCHEDULING=false, is left as it is.
   */
  async scheduleByCalendar(release: ReleaseEntity, now = new Date()): Promise<ReleaseEntity> {
    if (release.status !== 'draft' || !this.config.CALENDAR_SCHEDULING) return release;
    const slot = await this.slotFor(release.period, now);
    this.logger.log(`release ${release.id} (${release.period}, ${release.vintage}) scheduled for ${slot.releaseAt.toISOString()}, the ${slot.period} release`);
    return this.releases.schedule(release.id, slot.releaseAt);
  }

  /** The announced time a release of `period` ready at `now` goes out at (releaseTimeFor). */
  async slotFor(period: string, now = new Date()): Promise<CalendarEntry> {
    const { map } = await this.exceptionMap();
    return releaseTimeFor(await this.rule(), map, period, now);
  }

  /** The next announced release after `now` (its period's figures, its time). */
  async nextRelease(now = new Date()): Promise<CalendarEntry> {
    const rule = await this.rule();
    return this.slotFor(addMonths(monthOf(now), -rule.monthsAfterPeriod - 1), now);
  }

  /**
   * Moves a period's release time (an exception with its reason); the releases scheduled for the
   * period's previous time move with it. Returns the ids moved.
   */
  async setException(exception: CalendarException): Promise<string[]> {
    const before = await this.entry(exception.period);
    await this.repository.upsertException(exception);
    return this.move(before.releaseAt, exception.releaseAt);
  }

  /** Back to the rule's time; null when the period had no exception. */
  async removeException(period: string): Promise<string[] | null> {
    const before = await this.entry(period);
    if (!(await this.repository.deleteException(period))) return null;
    const after = await this.entry(period);
    return this.move(before.releaseAt, after.releaseAt);
  }

  private async entry(period: string): Promise<CalendarEntry> {
    const [rule, { map }] = await Promise.all([this.rule(), this.exceptionMap()]);
    return entryFor(rule, map, period);
  }

  private async move(from: Date, to: Date): Promise<string[]> {
    if (from.getTime() === to.getTime()) return [];
    const ids = await this.repository.scheduledAt(from);
    for (const id of ids) await this.releases.schedule(id, to);
    return ids;
  }
}

export type { CalendarRule };
