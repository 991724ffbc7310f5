// Organisation codes are matched case-insensitively, and an organisation a request names that is
// not there is one answer on every route: 404 problem details naming it. ODS codes are upper
// case, so the `org` and `orgCode` route parameters and query values reach every handler upper-cased.
import { HttpStatus, Injectable, PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { ProblemException, shownText } from '../problem-details';

export const UNKNOWN_ORGANISATION = 'urn:nhsp:problem:unknown-organisation';
const ORG_NAMES = new Set(['org', 'orgCode']);

/** `r0a ` → `R0A`; anything not text is left as it is. */
export function orgCodeOf<T>(value: T): T | string {
  return typeof value === 'string' ? value.trim().toUpperCase() : value;
}

@Injectable()
export class OrgCodesUpperCase implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' && metadata.type !== 'query') return value;
    if (metadata.data !== undefined) return ORG_NAMES.has(metadata.data) ? orgCodeOf(value) : value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const record = value as Record<string, unknown>;
    if (![...ORG_NAMES].some((name) => typeof record[name] === 'string')) return value;
    const copy = { ...record };
    for (const name of ORG_NAMES) if (typeof copy[name] === 'string') copy[name] = orgCodeOf(copy[name]);
    return copy;
  }
}

/** The one answer for an organisation that is not there (`where`: "the release of 2025-06"). */
export function unknownOrganisation(org: string, where: string): ProblemException {
  return new ProblemException({
    type: UNKNOWN_ORGANISATION,
    status: HttpStatus.NOT_FOUND,
    title: 'Not Found',
    detail: `No organisation ${shownText(org)} in ${where}`,
    extensions: { org },
  });
}
