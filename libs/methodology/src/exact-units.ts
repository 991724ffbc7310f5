import Decimal from 'decimal.js';
import { Exact, Pod } from '@nhsp/domain';
import { CostWeights } from './cost-weights';
import { MethodologyError } from './errors';

/**
 * Exact sums of CWA and spend, held as integers of 10^-64 pounds (fixed point in BigInt).
 *
 * Why: a sum of Σ q × w rounded at every step (decimal.js rounds each operation to 40 significant
 * digits) depends on the order it is added in, so the same year-to-date CWA built month by month
 * (the ledger, §8–§10) and cell by cell (the estimate) could differ in its last digits. Summed
 * exactly, every order gives the same number, which is then rounded once to the platform's
 * precision; integer arithmetic is also an order of magnitude faster than decimal arithmetic.
 * 64 places hold any 40-digit weight above 10^-24 £ and any amount written in pence exactly.
 */
export const UNIT_SCALE = 64;
export type Units = bigint;

const POWERS_OF_TEN: bigint[] = Array.from({ length: UNIT_SCALE + 41 }, (_, i) => 10n ** BigInt(i));

/**
 * A decimal as an exact integer number of 10^-64 units. Read from decimal.js's documented
 * instance properties (digits `d` in base 10^7, exponent `e`, sign `s`) rather than through a
 * string: the plan view converts a few hundred thousand values.
 */
export function toUnits(value: Decimal): Units {
  const { d, e, s } = value;
  if (!d) throw new MethodologyError(`${value.toString()} is not a finite number, so it cannot be summed`);
  if (d[0] === 0) return 0n;
  // Most amounts (money in pence, counts, weights) fit in 15 digits: summed as a double, exactly.
  const firstDigits = d[0] < 10 ? 1 : d[0] < 100 ? 2 : d[0] < 1e3 ? 3 : d[0] < 1e4 ? 4 : d[0] < 1e5 ? 5 : d[0] < 1e6 ? 6 : 7;
  const safe = firstDigits + 7 * (d.length - 1) <= 15 ? safeUnits(d, e, s, firstDigits) : null;
  if (safe !== null) return safe;
  let digits = String(d[0]);
  for (let i = 1; i < d.length; i++) digits += String(d[i]).padStart(7, '0');
  let length = digits.length;
  while (digits.charCodeAt(length - 1) === 48) length--; // the last word's padding
  // value = digits × 10^(e + 1 − its number of digits), e being the exponent of the first digit
  const shift = e + 1 - length + UNIT_SCALE;
  if (shift < 0) {
    throw new MethodologyError(`${value.toString()} has more than ${UNIT_SCALE} decimal places, so it cannot be summed exactly`);
  }
  const units = BigInt(digits.slice(0, length)) * (POWERS_OF_TEN[shift] ?? 10n ** BigInt(shift));
  return s < 0 ? -units : units;
}

/** toUnits of a value of at most 15 digits: its digits as one safe integer, without a string (null: too many places, said by toUnits). */
function safeUnits(d: number[], e: number, s: number, firstDigits: number): Units | null {
  let digits = d[0];
  for (let i = 1; i < d.length; i++) digits = digits * 1e7 + d[i];
  let length = firstDigits + 7 * (d.length - 1);
  while (digits % 10 === 0) {
    digits /= 10; // the last word's padding
    length--;
  }
  const shift = e + 1 - length + UNIT_SCALE;
  if (shift < 0) return null;
  const units = BigInt(digits) * (POWERS_OF_TEN[shift] ?? 10n ** BigInt(shift));
  return s < 0 ? -units : units;
}

/** The exact decimal value of a number of units, unrounded. */
export function fromUnits(units: Units): Decimal {
  if (units === 0n) return new Exact(0);
  const text = units.toString();
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--; // trailing zeros: most amounts are in pence
  return new Exact(`${text.slice(0, end)}e${text.length - end - UNIT_SCALE}`);
}

/** An exact sum rounded once to the platform's precision (40 significant digits). */
export function roundedFromUnits(units: Units): Decimal {
  return fromUnits(units).toSignificantDigits(Exact.precision);
}

export interface WeightUnits {
  units: Units;
  fallback: boolean;
}

// By POD, then currency: a lookup per activity cell of seven years, so no key string is made for it.
const cache = new WeakMap<CostWeights, Map<Pod, Map<string, WeightUnits>>>();

/**
 * w(pod, currency) in units, looked up once per weight set. A POD absent from the schedule is a
 * validation error naming the trust and month, as in the estimate.
 */
export function weightUnits(weights: CostWeights, orgCode: string, month: string, pod: Pod, currency: string): WeightUnits {
  let table = cache.get(weights);
  if (!table) cache.set(weights, (table = new Map()));
  let currencies = table.get(pod);
  if (!currencies) table.set(pod, (currencies = new Map()));
  let entry = currencies.get(currency);
  if (!entry) {
    if (!weights.hasPod(pod)) {
      throw new MethodologyError(`${orgCode} ${month}: POD ${pod} is absent from the NCC schedule, so its activity cannot be weighted`);
    }
    const weight = weights.weight(pod, currency);
    currencies.set(currency, (entry = { units: toUnits(weight.value), fallback: weight.fallback }));
  }
  return entry;
}

/** A count of spells, attendances or contacts as a BigInt; the data contract makes counts whole. */
export function countOf(orgCode: string, month: string, pod: Pod, count: number): bigint {
  if (!Number.isSafeInteger(count)) throw new MethodologyError(`${orgCode} ${month} ${pod}: count ${count} is not a whole number`);
  return BigInt(count);
}
