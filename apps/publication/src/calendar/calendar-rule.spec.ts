import { CalendarException, CalendarRule, describeRule, releaseTimeFor, ruleReleaseAt, zonedTimeToUtc } from './calendar-rule';
import { escapeText, fold, toICalendar } from './icalendar';

const RULE: CalendarRule = { weekday: 4, weekOfMonth: 2, localTime: '09:30', timeZone: 'Europe/London', monthsAfterPeriod: 2 };
const none = new Map<string, CalendarException>();

describe('calendar rule', () => {
  it('puts December 2025 on Thursday 12 February 2026 at 09:30 GMT, the first publication', () => {
    expect(ruleReleaseAt(RULE, '2025-12').toISOString()).toBe('2026-02-12T09:30:00.000Z');
    expect(describeRule(RULE)).toBe('the second Thursday at 09:30 Europe/London, 2 months after the period');
  });

  it('keeps 09:30 London time across the clock change (08:30 UTC in summer)', () => {
    // April 2026 → June 2026: Thursdays 4 and 11; BST.
    expect(ruleReleaseAt(RULE, '2026-04').toISOString()).toBe('2026-06-11T08:30:00.000Z');
    // January 2026 → March 2026: 12 March, still GMT (clocks change on 29 March).
    expect(ruleReleaseAt(RULE, '2026-01').toISOString()).toBe('2026-03-12T09:30:00.000Z');
    expect(zonedTimeToUtc(2026, 3, 29, 9, 30, 'Europe/London').toISOString()).toBe('2026-03-29T08:30:00.000Z');
  });

  it('reads first, fourth and last weekdays, and a month that starts on the weekday', () => {
    // October 2026 starts on a Thursday.
    expect(ruleReleaseAt({ ...RULE, weekOfMonth: 1, monthsAfterPeriod: 0 }, '2026-10').toISOString()).toBe('2026-10-01T08:30:00.000Z');
    expect(ruleReleaseAt({ ...RULE, weekOfMonth: 4, monthsAfterPeriod: 0 }, '2026-10').toISOString()).toBe('2026-10-22T08:30:00.000Z');
    expect(ruleReleaseAt({ ...RULE, weekOfMonth: -1, monthsAfterPeriod: 0 }, '2026-10').toISOString()).toBe('2026-10-29T09:30:00.000Z');
    expect(ruleReleaseAt({ ...RULE, weekOfMonth: -1, monthsAfterPeriod: 1, weekday: 5 }, '2026-11').toISOString()).toBe('2026-12-25T09:30:00.000Z');
  });

  it('a release ready before its date goes out on it; a late one (or a revision) at the next announced time', () => {
    const early = releaseTimeFor(RULE, none, '2026-10', new Date('2026-12-03T17:00:00Z'));
    expect(early).toEqual({ period: '2026-10', releaseAt: new Date('2026-12-10T09:30:00Z'), exception: null });
    // Ready an hour after 10 December's release: the January 2027 slot (November's).
    const late = releaseTimeFor(RULE, none, '2026-10', new Date('2026-12-10T10:30:00Z'));
    expect(late).toEqual({ period: '2026-11', releaseAt: new Date('2027-01-14T09:30:00Z'), exception: null });
    // A revision of a period two years old.
    expect(releaseTimeFor(RULE, none, '2024-05', new Date('2026-12-03T17:00:00Z')).releaseAt).toEqual(new Date('2026-12-10T09:30:00Z'));
  });

  it('an exception moves its period and only its period', () => {
    const moved = new Map([['2026-10', { period: '2026-10', releaseAt: new Date('2026-12-17T09:30:00Z'), reason: 'pre-election period' }]]);
    expect(releaseTimeFor(RULE, moved, '2026-10', new Date('2026-12-11T00:00:00Z'))).toEqual({ period: '2026-10', releaseAt: new Date('2026-12-17T09:30:00Z'), exception: 'pre-election period' });
    expect(releaseTimeFor(RULE, moved, '2026-11', new Date('2026-12-11T00:00:00Z')).releaseAt).toEqual(new Date('2027-01-14T09:30:00Z'));
  });
});

describe('iCalendar text', () => {
  it('escapes TEXT and folds at 75 octets without splitting a character', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const line = `DESCRIPTION:${'é'.repeat(60)}`;
    const folded = fold(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const [i, part] of folded.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
    }
    expect(folded.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('writes CRLF lines, DTSTAMP and UID in each event', () => {
    const text = toICalendar({ name: 'n', prodId: '-//x//y//EN', stamp: new Date('2026-01-01T00:00:00Z'), events: [{ uid: 'u1@x', start: new Date('2026-02-12T09:30:00Z'), durationMinutes: 30, summary: 's', description: 'd', sequence: 0 }] });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain('\r\nUID:u1@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260212T093000Z\r\n');
  });
});
