// Path and body values the publication routes check at their edge, each rule written once: a
// release id is a UUID, and a future instant (an embargo's publishAt, a calendar exception's
// releaseAt) is read strictly and bounded by EMBARGO_MAX_DAYS.
import { DomainError, parseInstant } from '@nhsp/domain';
import { badRequest } from './representation';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A release id in the path: a UUID, else a 400 before anything is looked up. */
export function releaseIdParam(id: string): string {
  if (!UUID.test(id)) throw badRequest(`release id must be a UUID, got "${id}"`, 'id');
  return id;
}

export interface FutureInstantRule {
  /** The body field, e.g. publishAt; its path in the problem is body.<field>. */
  field: string;
  /** An example value named in the message. */
  example: string;
  /** EMBARGO_MAX_DAYS: how far ahead the instant may be. */
  maxDays: number;
  /** Appended to "is not in the future", e.g. where to go instead. */
  notFutureHint?: string;
}

/**
 * An instant read strictly (parseInstant: a time zone, a day the calendar has) and bounded: in
 * the future, and at most maxDays ahead.
 */
export function futureInstant(raw: unknown, rule: FutureInstantRule): Date {
  const path = `body.${rule.field}`;
  let instant: Date;
  try {
    if (typeof raw !== 'string') throw new DomainError('it is missing');
    instant = parseInstant(raw);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw badRequest(`${rule.field} must be an ISO 8601 date-time with a time zone, e.g. ${rule.example}: ${error.message}`, path);
  }
  if (instant.getTime() <= Date.now()) throw badRequest(`${rule.field} ${raw} is not in the future${rule.notFutureHint ?? ''}`, path);
  if (instant.getTime() > Date.now() + rule.maxDays * 86_400_000) throw badRequest(`${rule.field} ${raw} is more than ${rule.maxDays} days ahead (EMBARGO_MAX_DAYS)`, path);
  return instant;
}
