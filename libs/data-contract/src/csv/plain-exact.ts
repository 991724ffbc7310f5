import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';

/** decimal.js keeps digits in words of 7 decimal digits (its LOG_BASE). */
const WORD_DIGITS = 7;
const POWERS = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

/**
 * `new Exact(text)` for a cell written as a plain decimal (`1234.56`, `-0.5`, `+3`, `.5`, `5.`:
 * the contract's form, without spaces), built in one pass over the characters. A seven-year
 * bundle has about a million money and quantity cells, and decimal.js's own string parsing
 * (two regular expressions, a `replace`, a slice and a number conversion per 7 digits) was
 * the largest cost of reading one after the record parser.
 *
 * The result is the same value in the same inner form (sign `s`, exponent `e`, words `d`, no
 * rounding: decimal.js does not round what it parses), so every sum and product made from it is
 * the same; `plain-exact.spec.ts` compares the two forms. Returns null for anything else, which
 * the caller parses the general way (and reports when it is not a number).
 */
export function plainExact(text: string): Decimal | null {
  const n = text.length;
  let at = 0;
  let sign = 1;
  const first = n > 0 ? text.charCodeAt(0) : 0;
  if (first === 45 /* - */) {
    sign = -1;
    at = 1;
  } else if (first === 43 /* + */) at = 1;
  let point = -1;
  let digits = 0;
  let firstNonZero = -1;
  let lastNonZero = -1;
  for (let i = at; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (point >= 0) return null;
      point = i;
      continue;
    }
    if (c < 48 || c > 57) return null;
    digits++;
    if (c !== 48) {
      if (firstNonZero < 0) firstNonZero = i;
      lastNonZero = i;
    }
  }
  if (digits === 0) return null;
  // Made by decimal.js's own number path (which sets its fields in the order its string path
  // does), so that the object has the same shape as every other Exact.
  const x = new Exact(0) as Decimal & { s: number; e: number; d: number[] };
  x.s = sign;
  if (firstNonZero < 0) return x; // zero, keeping the sign of `-0` as decimal.js does
  const end = point < 0 ? n : point;
  // The base-10 exponent of the first significant digit.
  const e = firstNonZero < end ? end - firstNonZero - 1 : end - firstNonZero;
  // The first word holds the digits down to the next multiple of 7 of the exponent.
  let capacity = (((e + 1) % WORD_DIGITS) + WORD_DIGITS) % WORD_DIGITS || WORD_DIGITS;
  const words: number[] = [];
  let word = 0;
  let filled = 0;
  for (let i = firstNonZero; i <= lastNonZero; i++) {
    if (i === point) continue;
    word = word * 10 + (text.charCodeAt(i) - 48);
    if (++filled === capacity) {
      words.push(word);
      word = 0;
      filled = 0;
      capacity = WORD_DIGITS;
    }
  }
  // The last word is padded with zeros to its full width, as decimal.js pads it.
  if (filled > 0) words.push(word * POWERS[capacity - filled]);
  x.e = e;
  x.d = words;
  return x;
}

/**
 * plainExact of the ASCII text in `bytes[start, end)`, without making the string: the bundle
 * cache (bundle-cache.ts) keeps a million decimals as their text and reads them back with this.
 * The same steps as plainExact over bytes instead of characters (plain-exact.spec.ts compares them).
 */
export function plainExactBytes(bytes: Uint8Array, start: number, end: number): Decimal | null {
  let at = start;
  let sign = 1;
  const first = end > start ? bytes[start] : 0;
  if (first === 45 /* - */) {
    sign = -1;
    at = start + 1;
  } else if (first === 43 /* + */) at = start + 1;
  let point = -1;
  let digits = 0;
  let firstNonZero = -1;
  let lastNonZero = -1;
  for (let i = at; i < end; i++) {
    const c = bytes[i];
    if (c === 46 /* . */) {
      if (point >= 0) return null;
      point = i;
      continue;
    }
    if (c < 48 || c > 57) return null;
    digits++;
    if (c !== 48) {
      if (firstNonZero < 0) firstNonZero = i;
      lastNonZero = i;
    }
  }
  if (digits === 0) return null;
  const x = new Exact(0) as Decimal & { s: number; e: number; d: number[] };
  x.s = sign;
  if (firstNonZero < 0) return x;
  const whole = point < 0 ? end : point;
  const e = firstNonZero < whole ? whole - firstNonZero - 1 : whole - firstNonZero;
  let capacity = (((e + 1) % WORD_DIGITS) + WORD_DIGITS) % WORD_DIGITS || WORD_DIGITS;
  const words: number[] = [];
  let word = 0;
  let filled = 0;
  for (let i = firstNonZero; i <= lastNonZero; i++) {
    if (i === point) continue;
    word = word * 10 + (bytes[i] - 48);
    if (++filled === capacity) {
      words.push(word);
      word = 0;
      filled = 0;
      capacity = WORD_DIGITS;
    }
  }
  if (filled > 0) words.push(word * POWERS[capacity - filled]);
  x.e = e;
  x.d = words;
  return x;
}
