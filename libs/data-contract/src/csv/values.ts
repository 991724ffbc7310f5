import Decimal from 'decimal.js';
import { DomainError, Exact, Month, parseCalendarDate, parseExact, parseOrgCode } from '@nhsp/domain';
import { quoted } from '../issues';
import { detach } from './detach';
import { plainExact } from './plain-exact';

/** A cell that does not hold what its column needs; the message is the reason. */
export class CellError extends Error {
  constructor(message: string) {
    // Nobody reads the stack of a data problem, and capturing it was most of the cost of
    // reading a file of millions of bad cells.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

// Both shapes carry both fields, so that a reader's check of a million outcomes sees one object shape.
export type CellOutcome<T> = { value: T; error: undefined } | { value: undefined; error: CellError };

/** Parses one cell or throws CellError; a memoised parser can also answer without throwing. */
export type CellParser<T> = ((raw: string) => T) & { outcome?: (raw: string) => CellOutcome<T> };

const MEMO_LIMIT = 10_000;

/**
 * Caches a parser for columns with few distinct values (codes, months), failures included.
 * The cache stops growing at a limit so that a hostile file cannot use it to exhaust memory,
 * and holds detached copies: several caches live as long as the process, and a cell sliced
 * from a chunk would keep that chunk alive with it.
 */
export function memo<T>(parse: CellParser<T>): CellParser<T> {
  // Each entry keeps its detached key, so that the last cell seen can be remembered without a copy.
  const cache = new Map<string, { raw: string; hit: CellOutcome<T> }>();
  // Files repeat a cell on consecutive rows (a trust's month is hundreds of rows): comparing with
  // the last cell is cheaper than hashing it.
  let last: { raw: string; hit: CellOutcome<T> } | undefined;
  // Readers use `outcome`, so that a bad value repeated on a million rows is not a million throws.
  const outcome = (raw: string): CellOutcome<T> => {
    if (last !== undefined && raw === last.raw) return last.hit;
    let entry = cache.get(raw);
    if (!entry) {
      let hit: CellOutcome<T>;
      try {
        const value = parse(raw);
        hit = { value: typeof value === 'string' ? (detach(value) as T) : value, error: undefined };
      } catch (error) {
        if (!(error instanceof CellError)) throw error;
        // Rebuilt because the message quotes the cell.
        hit = { value: undefined, error: new CellError(detach(error.message)) };
      }
      entry = { raw: detach(raw), hit };
      if (cache.size < MEMO_LIMIT) cache.set(entry.raw, entry);
    }
    last = entry;
    return entry.hit;
  };
  const parser = (raw: string): T => {
    const hit = outcome(raw);
    if (hit.error !== undefined) throw hit.error;
    return hit.value as T;
  };
  return Object.assign(parser, { outcome });
}

/** Re-raises a domain error as a cell error; the domain's messages already name the value. */
export function fromDomain<T>(parse: CellParser<T>): CellParser<T> {
  return (raw) => {
    try {
      return parse(raw);
    } catch (error) {
      if (error instanceof DomainError) throw new CellError(error.message);
      throw error;
    }
  };
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * A name or label (a trust's name, region, type, peer group): trimmed text with no control
 * character but tab and line breaks (the API's rule for free text). Such names reach every
 * output (CSV, XLSX, report pages, terminals), where a BEL or an escape sequence would act.
 */
export function plainText(raw: string): string {
  const text = raw.trim();
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new CellError(`${quoted(raw)} contains the control character U+${code} (names are plain text)`);
  }
  return detach(text);
}

export function orgCode(raw: string): string {
  try {
    return parseOrgCode(raw);
  } catch {
    throw new CellError(`${quoted(raw)} is not an ODS organisation code (expected 3 to 5 letters and digits, e.g. RXF)`);
  }
}

/** An org code that must also be one of the trusts of trusts.csv, when that list is known. */
export function knownOrgCode(known: ReadonlySet<string> | null): CellParser<string> {
  return memo((raw) => {
    const code = orgCode(raw);
    if (known && !known.has(code)) throw new CellError(`unknown trust ${quoted(code)} (not in trusts.csv)`);
    return code;
  });
}

export function month(raw: string): string {
  const text = raw.trim();
  if (!/^\d{4}-\d{2}$/.test(text)) throw new CellError(`${quoted(raw)} is not a month (expected YYYY-MM)`);
  try {
    return Month.parse(text).toString();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new CellError(`${quoted(raw)} is not a month: ${error.message} (expected YYYY-MM)`);
  }
}

/** A `YYYY-MM-DD` date, returned as its month `YYYY-MM` (all that aggregation needs). */
export function dateToMonth(raw: string): string {
  const text = raw.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new CellError(`${quoted(raw)} is not a date (expected YYYY-MM-DD)`);
  try {
    return parseCalendarDate(text).month.toString();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new CellError(`${quoted(raw)} is not a calendar date (expected YYYY-MM-DD)`);
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A count such as `count`, `bed_days` or `los_days`; `what` names them in the plural for messages. */
export function nonNegativeInteger(what: string): CellParser<number> {
  const expected = `(${what} are non-negative integers)`;
  return (raw) => {
    const text = raw.trim();
    if (/^\+?\d+$/.test(text)) {
      const value = Number(text);
      if (!Number.isSafeInteger(value)) throw new CellError(`${quoted(raw)} is too large ${expected}`);
      return value;
    }
    if (!NUMBER.test(text)) throw new CellError(`${quoted(raw)} is not a number ${expected}`);
    // Judged exactly: as a double, `1e30` looks fractional once unsafe, `1e-400` underflows to 0
    // and `1.0000000000000001` rounds to 1.
    const value = new Decimal(text);
    if (value.isNegative() && !value.isZero()) throw new CellError(`${quoted(raw)} is negative ${expected}`);
    if (!value.isFinite() || value.gt(Number.MAX_SAFE_INTEGER)) throw new CellError(`${quoted(raw)} is too large ${expected}`);
    // `2.0` is how some spreadsheets and data frames write a whole number.
    if (value.isInteger()) return value.toNumber() || 0;
    throw new CellError(`${quoted(raw)} is not a whole number ${expected}`);
  };
}

/** Below a thousand trillion pounds: far above any real return, and sums stay exact (40 digits). */
const MAX_AMOUNT_EXPONENT = 14;
const MAX_SIGNIFICANT_DIGITS = 40;

/** Money and other plain decimals, exact (`1234.56`, `-0.5`; no exponents or thousands separators). */
export function decimal(raw: string): Decimal {
  // The contract's own form in one pass; anything else (spaces, text) the general way.
  let value = plainExact(raw);
  if (value === null) {
    try {
      value = parseExact(raw);
    } catch {
      throw new CellError(`${quoted(raw)} is not a decimal number (expected e.g. 1234.56)`);
    }
  }
  if (value.e > MAX_AMOUNT_EXPONENT) throw new CellError(`${quoted(raw)} is too large (amounts are below 1,000,000,000,000,000)`);
  // A cell no longer than the limit cannot hold more significant digits; counting them is the slow part.
  if (raw.length > MAX_SIGNIFICANT_DIGITS && value.sd() > MAX_SIGNIFICANT_DIGITS) {
    throw new CellError(`${quoted(raw)} has more digits than can be kept exact (at most ${MAX_SIGNIFICANT_DIGITS} significant digits)`);
  }
  return value;
}

const MAX_EXPONENT = 100;

/** Numbers of the published NCC schedule: plain (`75251062.92`) or exponent form (`7.525106292E7`), exact. */
export function scheduleNumber(raw: string): Decimal {
  const text = raw.trim();
  const match = NUMBER.exec(text);
  if (!match) throw new CellError(`${quoted(raw)} is not a number (expected e.g. 1234.56 or 1.23456E3)`);
  if (match[3] && Math.abs(Number(match[3].slice(1))) > MAX_EXPONENT) {
    throw new CellError(`${quoted(raw)} is out of range`);
  }
  const value = new Exact(text);
  // The same bound for numbers written out in full: 400 plain digits are no more plausible than E400.
  if (!value.isZero() && Math.abs(value.e) > MAX_EXPONENT) throw new CellError(`${quoted(raw)} is out of range`);
  return value;
}
