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

/** A decimal as an exact integer number of 10^-64 units. */
export function toUnits(value: Decimal): Units {
  if (value.decimalPlaces() > UNIT_SCALE) {
    throw new MethodologyError(`${value.toString()} has more than ${UNIT_SCALE} decimal places, so it cannot be summed exactly`);
  }
  const [whole, fraction = ''] = value.toFixed().split('.');
  return BigInt(whole + fraction.padEnd(UNIT_SCALE, '0'));
}

/** The exact decimal value of a number of units, unrounded. */
export function fromUnits(units: Units): Decimal {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(UNIT_SCALE + 1, '0');
  return new Exact(`${negative ? '-' : ''}${digits.slice(0, -UNIT_SCALE)}.${digits.slice(-UNIT_SCALE)}`);
}

/** An exact sum rounded once to the platform's precision (40 significant digits). */
export function roundedFromUnits(units: Units): Decimal {
  return fromUnits(units).toSignificantDigits(Exact.precision);
}

export interface WeightUnits {
  units: Units;
  fallback: boolean;
}

const cache = new WeakMap<CostWeights, Map<string, WeightUnits>>();

/**
 * w(pod, currency) in units, looked up once per weight set. A POD absent from the schedule is a
 * validation error naming the trust and month, as in the estimate.
 */
export function weightUnits(weights: CostWeights, orgCode: string, month: string, pod: Pod, currency: string): WeightUnits {
  let table = cache.get(weights);
  if (!table) cache.set(weights, (table = new Map()));
  const key = `${pod}|${currency}`;
  let entry = table.get(key);
  if (!entry) {
    if (!weights.hasPod(pod)) {
      throw new MethodologyError(`${orgCode} ${month}: POD ${pod} is absent from the NCC schedule, so its activity cannot be weighted`);
    }
    const weight = weights.weight(pod, currency);
    table.set(key, (entry = { units: toUnits(weight.value), fallback: weight.fallback }));
  }
  return entry;
}

/** A count of spells, attendances or contacts as a BigInt; the data contract makes counts whole. */
export function countOf(orgCode: string, month: string, pod: Pod, count: number): bigint {
  if (!Number.isSafeInteger(count)) throw new MethodologyError(`${orgCode} ${month} ${pod}: count ${count} is not a whole number`);
  return BigInt(count);
}
