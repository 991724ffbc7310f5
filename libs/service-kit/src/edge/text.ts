// What text a client may send, decided once for every service. PostgreSQL cannot store NUL in
// text or jsonb (a NUL used to come back as a 500 from every filter), other control characters
// and unpaired surrogates are never meant, and an audit row must be writable whatever a request
// held. The request edge (request-edge.ts) applies these rules to every URL and JSON body;
// DTOs use safeText/monthText for fields with rules of their own (lengths, line breaks).
import { z } from 'zod';
import { DomainError, Month } from '@nhsp/domain';

/** Longest path segment, query name or query value accepted (codes, ids and names are far shorter). */
export const MAX_URL_TEXT = 1000;
/** Deepest JSON body accepted: no request of any service nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;
/** Longest JSON member name accepted. */
export const MAX_JSON_KEY = 200;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Free text may hold tabs and line breaks; nothing else below U+0020, nor DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface TextRules {
  /** Allow tab, line feed and carriage return (free text such as a notification); default false. */
  lineBreaks?: boolean;
  /** Longest accepted length in characters (UTF-16 code units, as zod counts). */
  max?: number;
}

/** Why `value` is not acceptable text ("contains …"), or undefined when it is. Never quotes the text. */
export function textProblem(value: string, rules: TextRules = {}): string | undefined {
  const control = (rules.lineBreaks ? CONTROL_BUT_LINE_BREAKS : CONTROL).exec(value);
  if (control) return `contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (at character ${control.index + 1})`;
  if (LONE_SURROGATE.test(value)) return 'is not valid Unicode (it holds an unpaired surrogate)';
  if (rules.max !== undefined && value.length > rules.max) return `is longer than ${rules.max} characters (${value.length})`;
  return undefined;
}

/** A zod string that follows `rules`; chain `.trim()`, `.min()`, `.regex()` as on z.string(). */
export function safeText(rules: TextRules = {}) {
  return z.string().superRefine((value, ctx) => {
    const reason = textProblem(value, rules);
    if (reason) ctx.addIssue({ code: 'custom', message: `must be plain text: it ${reason}`, params: { rule: 'unsafe_text' } });
  });
}

/** A calendar month `YYYY-MM` within the domain's range (Month: 1900-01 to 2999-12). */
export function monthText() {
  return z.string().superRefine((value, ctx) => {
    const reason = monthProblem(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });
}

/** Why `value` is not a month the services accept, or undefined. */
export function monthProblem(value: string): string | undefined {
  if (!/^\d{4}-\d{2}$/.test(value)) return 'must be a month YYYY-MM';
  try {
    Month.parse(value);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return `must be a month YYYY-MM from 1900-01 to 2999-12 (${error.message})`;
  }
}

/**
 * The value an allow-list holds under `name` as its OWN property, or undefined. A plain lookup
 * (`list[name]`) also finds what every object inherits - `constructor`, `toString`,
 * `__proto__`, `hasOwnProperty` - and sent that to SQL as a column (a 500).
 */
export function allowedEntry<T>(allowList: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(allowList, name) ? allowList[name] : undefined;
}
