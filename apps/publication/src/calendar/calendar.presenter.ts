// The calendar as /v1/calendar answers it: JSON, and iCalendar for subscriptions.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { matches } from '../representation';
import { describeRule } from './calendar-rule';
import type { CalendarView } from './calendar.service';
import type { CalendarRelease } from './calendar.repository';
import { toICalendar } from './icalendar';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function monthName(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return `${MONTHS[month - 1]} ${year}`;
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

function releaseJson(r: CalendarRelease) {
  return { id: r.id, period: r.period, vintage: r.vintage, status: r.status, publish_at: iso(r.publishAt), published_at: iso(r.publishedAt) };
}

/** Per entry: the releases of its period published so far, and those scheduled for its time (only in a privileged view). */
function releasesOf(view: CalendarView, period: string, releaseAt: Date): CalendarRelease[] {
  return view.releases.filter((r) => (r.publishedAt !== null && r.period === period) || (r.status === 'scheduled' && r.publishAt !== null && new Date(r.publishAt).getTime() === releaseAt.getTime()));
}

export function calendarJson(view: CalendarView) {
  const { rule } = view;
  return {
    rule: {
      weekday: WEEKDAYS[rule.weekday - 1],
      week_of_month: rule.weekOfMonth,
      local_time: rule.localTime,
      time_zone: rule.timeZone,
      months_after_period: rule.monthsAfterPeriod,
      description: describeRule(rule),
    },
    items: view.entries.map((entry) => {
      const releases = releasesOf(view, entry.period, entry.releaseAt);
      return {
        period: entry.period,
        release_at: entry.releaseAt.toISOString(),
        exception: entry.exception,
        status: releases.some((r) => r.publishedAt !== null && r.period === entry.period) ? 'published' : 'announced',
        releases: releases.map(releaseJson),
      };
    }),
  };
}

/** DTSTAMP: when the calendar last changed, so the same calendar is the same bytes (ETag). */
export function calendarIcs(view: CalendarView, lastModified: Date): string {
  return toICalendar({
    name: 'NHS trust productivity statistics: publication calendar',
    prodId: '-//NHS trust productivity platform//publication calendar//EN',
    stamp: lastModified,
    events: view.entries.map((entry) => {
      const exception = view.exceptions.find((e) => e.period === entry.period);
      const changed = exception?.updatedAt ?? view.rule.updatedAt;
      return {
        uid: `release-${entry.period}@calendar.trust-productivity.nhsp`,
        start: entry.releaseAt,
        durationMinutes: 30,
        sequence: Math.floor(new Date(changed).getTime() / 1000),
        lastModified: new Date(changed),
        summary: `Trust productivity statistics: ${monthName(entry.period)}`,
        description:
          `Monthly trust productivity estimates, year to date to ${monthName(entry.period)} (provisional), with revisions of earlier months. ` +
          (entry.exception ? `Moved from the usual date: ${entry.exception}` : `Released ${describeRule(view.rule)}.`),
      };
    }),
  });
}

/**
 * The calendar's bytes with a strong ETag (304 when the client holds them); private when the
 * caller may see scheduled releases or sent a key, as every /v1 answer.
 */
export function sendCalendar(req: Request, res: Response, body: string, to: { ics: boolean; privileged: boolean; maxAge: number }): void {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  res.set({
    ETag: etag,
    'Cache-Control': `${to.privileged || req.headers.authorization || req.headers['x-api-key'] ? 'private' : 'public'}, max-age=${to.maxAge}`,
    Vary: 'Accept, Authorization, X-API-Key',
    'Content-Type': to.ics ? 'text/calendar; charset=utf-8' : 'application/json; charset=utf-8',
    ...(to.ics ? { 'Content-Disposition': 'inline; filename="publication-calendar.ics"' } : {}),
  });
  if (matches(req.headers['if-none-match'], etag)) res.status(304).end();
  else res.status(200).send(body);
}
