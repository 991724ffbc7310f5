// Dates and times that come from outside (an API body, a file) are read here, strictly: the
// calendar must have the day (no 31 February rolled over into March, as Date.parse does), every
// field must be in range, and the year must lie within Month's bounds (1900..2999), so that
// "9999-12-31" is refused instead of stored.
import { DomainError } from './errors';
import { Month } from './period';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** A calendar date `YYYY-MM-DD`; throws DomainError naming what is wrong. */
export function parseCalendarDate(text: string): { month: Month; day: number } {
  const match = DATE.exec(text);
  if (!match) throw new DomainError(`"${text}" is not a date (expected YYYY-MM-DD)`);
  const month = Month.of(Number(match[1]), Number(match[2]));
  return { month, day: dayOf(month, Number(match[3])) };
}

/**
 * An ISO 8601 / RFC 3339 date-time with a time zone (`Z` or `±hh:mm`), e.g.
 * `2026-04-09T09:30:00Z`. A time without a zone is refused: it would be read in the server's.
 */
export function parseInstant(text: string): Date {
  const match = INSTANT.exec(text);
  if (!match) throw new DomainError(`"${text}" is not a date-time with a time zone (expected e.g. 2026-04-09T09:30:00Z)`);
  const [year, monthNumber, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i]));
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const month = Month.of(year, monthNumber);
  dayOf(month, day);
  if (hour > 23 || minute > 59 || second > 59) throw new DomainError(`"${text}" has no such time of day (hours 00-23, minutes and seconds 00-59)`);
  let offsetMinutes = 0;
  if (match[8] !== 'Z') {
    const [hours, minutes] = [Number(match[10]), Number(match[11])];
    if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) throw new DomainError(`"${text}" has no such time zone offset (at most ±14:00)`);
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const millis = match[7] === undefined ? 0 : Math.floor(Number(`0${match[7]}`) * 1000);
  return new Date(Date.UTC(month.year, month.month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000);
}

function dayOf(month: Month, day: number): number {
  if (day < 1 || day > month.days) throw new DomainError(`${month} has no day ${day} (it has ${month.days} days)`);
  return day;
}
