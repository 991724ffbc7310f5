// The calendar routes' path and query values, checked at the edge: periods as months, a
// calendar exception's reason as one line of text.
import { safeText } from '@nhsp/service-kit';
import { badRequest, parsePeriod } from '../representation';

/** from/to of GET /v1/calendar: a month, or undefined for the default. */
export function rangeParam(value: string | undefined, name: string): string | undefined {
  try {
    return parsePeriod(value) === undefined ? undefined : value;
  } catch {
    throw badRequest(`${name} must be a month YYYY-MM, got "${value}"`, name);
  }
}

/** The period of /v1/calendar/exceptions/:period. */
export function pathPeriod(raw: string): string {
  try {
    return parsePeriod(raw)!;
  } catch {
    throw badRequest(`period must be a month YYYY-MM, got "${raw}"`, 'period');
  }
}

/** Why the date moves: one line of 1 to 500 characters. */
export function exceptionReason(raw: unknown): string {
  const reason = safeText({ lineBreaks: false }).trim().min(1).max(500).safeParse(raw);
  if (!reason.success) throw badRequest('reason must be a text of 1 to 500 characters saying why the date moves', 'body.reason');
  return reason.data;
}
