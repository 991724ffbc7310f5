import Decimal from 'decimal.js';
import { DomainError } from './errors';

/**
 * The one decimal type of the platform. 40 significant digits keep sums of national money and
 * ratios such as Σ cost / Σ activity exact far beyond the 1e-9 the results are checked to;
 * plain notation so that values never print in exponent form.
 */
export const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Exact = Decimal;

const DECIMAL_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Parses a plain decimal number as written in a CSV (`1234.56`, `-0.5`); no exponents, no thousands separators. */
export function parseExact(value: string): Decimal {
  const text = value.trim();
  if (!DECIMAL_NUMBER.test(text)) throw new DomainError(`"${value}" is not a decimal number`);
  return new Exact(text);
}

/** Money in pounds, held exactly. Totals are kept unrounded; rounding to pence is for display. */
export function pounds(value: Decimal.Value): Decimal {
  return new Exact(value);
}

/** Pounds to 2 dp for files and screens (half away from zero, as accountants round). */
export function formatPounds(value: Decimal): string {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** A fraction such as a growth rate, unrounded to 17 significant digits (the contract asks for at least 15). */
export function formatFraction(value: Decimal): string {
  return value.toSignificantDigits(17, Decimal.ROUND_HALF_EVEN).toString();
}

/** A fraction as a percentage for a reader, `0.0479` → `4.79%` (2 dp in the value's own rounding); none → `—`. */
export function formatPercent(value: Decimal | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.times(100).toFixed(2)}%`;
}

/** A percentage such as `4.79%` (deflator files) as a fraction. */
export function parsePercent(value: string): Decimal {
  const text = value.trim();
  const match = /^([+-]?(\d+(\.\d*)?|\.\d+))\s*%$/.exec(text);
  if (!match) throw new DomainError(`"${value}" is not a percentage (expected e.g. 4.79%)`);
  return new Exact(match[1]).div(100);
}
