import { DomainError, Month, parseCalendarDate, parseInstant } from './index';

describe('parseInstant', () => {
  it('reads RFC 3339 date-times with a zone, to the millisecond', () => {
    expect(parseInstant('2026-04-09T09:30:00Z').toISOString()).toBe('2026-04-09T09:30:00.000Z');
    expect(parseInstant('2026-04-09T09:30Z').toISOString()).toBe('2026-04-09T09:30:00.000Z');
    expect(parseInstant('2026-04-09T10:30:00.25+01:00').toISOString()).toBe('2026-04-09T09:30:00.250Z');
    expect(parseInstant('2024-02-29T23:59:59-14:00').toISOString()).toBe('2024-03-01T13:59:59.000Z');
  });

  it.each([
    ['2027-02-31T09:30:00Z', /2027-02 has no day 31/],
    ['2025-02-29T09:30:00Z', /2025-02 has no day 29/],
    ['2026-04-00T09:30:00Z', /no day 0/],
    ['2026-13-01T09:30:00Z', /month 13/],
    ['9999-12-31T00:00:00Z', /year 9999 is out of range/],
    ['0000-01-01T00:00:00Z', /year 0 is out of range/],
    ['2026-04-09T24:00:00Z', /no such time of day/],
    ['2026-04-09T09:60:00Z', /no such time of day/],
    ['2026-04-09T09:30:60Z', /no such time of day/],
    ['2026-04-09T09:30:00+15:00', /offset/],
    ['2026-04-09T09:30:00+01:60', /offset/],
    ['2026-04-09T09:30:00', /with a time zone/],
    ['2026-04-09', /with a time zone/],
    ['+002026-04-09T09:30:00Z', /with a time zone/],
    [' 2026-04-09T09:30:00Z', /with a time zone/],
    ['2026-04-09T09:30:00Z\u0000', /with a time zone/],
  ])('refuses %j', (text, reason) => {
    expect(() => parseInstant(text)).toThrow(DomainError);
    expect(() => parseInstant(text)).toThrow(reason);
  });
});

describe('parseCalendarDate and Month.days', () => {
  it('knows the length of every month, leap years included', () => {
    expect(['2024-02', '2025-02', '1900-02', '2000-02', '2025-04', '2025-12'].map((m) => Month.parse(m).days)).toEqual([29, 28, 28, 29, 30, 31]);
    expect(parseCalendarDate('2024-02-29')).toEqual({ month: Month.parse('2024-02'), day: 29 });
  });

  it('refuses days the calendar does not have and years out of range', () => {
    for (const text of ['2025-02-29', '2025-04-31', '2025-06-00', '9999-12-31', '2025-13-01', '2025-1-01']) {
      expect(() => parseCalendarDate(text)).toThrow(DomainError);
    }
  });
});
