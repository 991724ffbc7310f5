// The publication calendar's arithmetic, pure: the rule ("the second Thursday, 09:30
// Europe/London, two months after the period") and its exceptions turned into release instants,
// and which announced time a release that is ready now goes out at.

export interface CalendarRule {
  /** ISO weekday, 1 = Monday .. 7 = Sunday. */
  weekday: number;
  /** 1..4 = first..fourth such weekday of the month; -1 = the last. */
  weekOfMonth: number;
  /** Local wall-clock time `HH:MM` in timeZone. */
  localTime: string;
  /** IANA zone, e.g. Europe/London: 09:30 stays 09:30 across the clock changes. */
  timeZone: string;
  /** A period's release falls in the month this many months after it. */
  monthsAfterPeriod: number;
}

export interface CalendarException {
  period: string;
  releaseAt: Date;
  reason: string;
}

export interface CalendarEntry {
  period: string;
  releaseAt: Date;
  /** Null when the rule gives the date; the reason when an exception moved it. */
  exception: string | null;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };

/** The rule in words, as the calendar announces it. */
export function describeRule(rule: CalendarRule): string {
  const months = rule.monthsAfterPeriod === 1 ? 'the month after the period' : `${rule.monthsAfterPeriod} months after the period`;
  return `the ${ORDINALS[rule.weekOfMonth]} ${WEEKDAYS[rule.weekday - 1]} at ${rule.localTime} ${rule.timeZone}, ${rule.monthsAfterPeriod === 0 ? 'in the period\'s own month' : months}`;
}

export function addMonths(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The rule's instant for a period (exceptions aside). */
export function ruleReleaseAt(rule: CalendarRule, period: string): Date {
  const [year, month] = addMonths(period, rule.monthsAfterPeriod).split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const isoWeekday = (day: number) => ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
  let day: number;
  if (rule.weekOfMonth === -1) {
    day = daysInMonth;
    while (isoWeekday(day) !== rule.weekday) day -= 1;
  } else {
    day = 1;
    while (isoWeekday(day) !== rule.weekday) day += 1;
    day += 7 * (rule.weekOfMonth - 1);
  }
  const [hour, minute] = rule.localTime.split(':').map(Number);
  return zonedTimeToUtc(year, month, day, hour, minute, rule.timeZone);
}

/** The announced entry of a period: its exception if it has one, else the rule's. */
export function entryFor(rule: CalendarRule, exceptions: ReadonlyMap<string, CalendarException>, period: string): CalendarEntry {
  const exception = exceptions.get(period);
  if (exception) return { period, releaseAt: exception.releaseAt, exception: exception.reason };
  return { period, releaseAt: ruleReleaseAt(rule, period), exception: null };
}

export function entriesBetween(rule: CalendarRule, exceptions: ReadonlyMap<string, CalendarException>, from: string, to: string): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  for (let period = from; period <= to; period = addMonths(period, 1)) entries.push(entryFor(rule, exceptions, period));
  return entries;
}

/**
 * When a release of `period` that is ready at `now` goes public: at the period's own announced
 * time if that is still ahead; otherwise (a late run, a revision of an earlier period) at the
 * next announced time of any later period, so every release goes out on a calendar date and
 * never unannounced. `horizon` bounds the search (months after the period's own slot).
 */
export function releaseTimeFor(rule: CalendarRule, exceptions: ReadonlyMap<string, CalendarException>, period: string, now: Date, horizon = 240): CalendarEntry {
  const monthsLate = Math.max(0, monthsBetween(period, monthOf(now)) - rule.monthsAfterPeriod - 1);
  const start = addMonths(period, monthsLate);
  for (let i = 0; i <= horizon; i++) {
    const entry = entryFor(rule, exceptions, addMonths(start, i));
    if (entry.releaseAt.getTime() > now.getTime()) return entry;
  }
  throw new Error(`no announced release time within ${horizon} months after ${start}`);
}

export function monthOf(instant: Date): string {
  return `${instant.getUTCFullYear()}-${String(instant.getUTCMonth() + 1).padStart(2, '0')}`;
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return ty * 12 + tm - (fy * 12 + fm);
}

/** Wall-clock time in an IANA zone → the UTC instant (the zone's offset at that time). */
export function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offset at the wall time read as UTC, then again at the corrected instant (clock changes).
  let instant = wall - offsetMs(new Date(wall), timeZone);
  instant = wall - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** True when the zone is one Intl knows (the rule is data: checked when it is read). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}
