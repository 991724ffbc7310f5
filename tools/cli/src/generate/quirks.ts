import { hashParts } from './prng';

/**
 * Real submissions carry a few rows that a loader must tidy: codes in lower case with stray
 * spaces, and one key split over two rows that must be summed. A handful of rows get them,
 * chosen by a hash of the row's key so the choice does not depend on the rows around it.
 */
export type Quirk = 'none' | 'untidy' | 'split';

const ACTIVITY_ROWS_PER_QUIRK = 6000;
const FINANCE_ROWS_PER_QUIRK = 600;

function quirkOf(hash: number, per: number): Quirk {
  const slot = hash % per;
  return slot === 0 ? 'untidy' : slot === 1 ? 'split' : 'none';
}

export function activityQuirk(seed: number, orgCode: string, month: string, pod: string, currency: string): Quirk {
  return quirkOf(hashParts(seed, 'quirk', orgCode, month, pod, currency), ACTIVITY_ROWS_PER_QUIRK);
}

export function financeQuirk(seed: number, orgCode: string, month: string, category: string): Quirk {
  return quirkOf(hashParts(seed, 'quirk', orgCode, month, category), FINANCE_ROWS_PER_QUIRK);
}

/** The untidy spelling: lower case, the currency padded as in the NCC schedule's own export. */
export const untidyCode = (code: string) => code.toLowerCase();
export const untidyPadded = (code: string) => ` ${code.toLowerCase()} `;

/** Where to cut a value for a split row, as a fraction of it in 0.2..0.8. */
export function splitFraction(seed: number, ...key: string[]): number {
  return 0.2 + 0.6 * ((hashParts(seed, 'split', ...key) % 1000) / 999);
}

/** Cuts a whole number into two whole parts, the first between 1 and total − 1 (total ≥ 2). */
export function splitWhole(total: number, fraction: number): [number, number] {
  const first = Math.min(total - 1, Math.max(1, Math.round(total * fraction)));
  return [first, total - first];
}
