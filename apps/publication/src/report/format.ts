// Display formats. Figures arrive as exact decimal strings from the views; rounding happens only
// here, for display (methodology: published figures are rounded only for display).
import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';

const MINUS = '\u2212';

/** 0.0501172 → "5.01%"; null → "–" (no estimate). Growth rates shown with 2 dp. */
export function percent(value: string | null | undefined, signed = false): string {
  if (value === null || value === undefined || value === '') return '–';
  const d = new Exact(value).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const text = d.abs().toFixed(2);
  if (d.isNegative() && !d.isZero()) return `${MINUS}${text}%`;
  return `${signed && !d.isZero() ? '+' : ''}${text}%`;
}

/** The same rounding as `percent`, as a number of percent (for charts and for tests against the API). */
export function percentNumber(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  return new Exact(value).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
}

function grouped(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 12345.678 → "£12,345.68"; dp 0 for large totals. */
export function pounds(value: string | null | undefined, dp = 2): string {
  if (value === null || value === undefined || value === '') return '–';
  const d = new Exact(value).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
  const [integer, fraction] = d.abs().toFixed(dp).split('.');
  return `${d.isNegative() && !d.isZero() ? MINUS : ''}£${grouped(integer)}${fraction ? `.${fraction}` : ''}`;
}

/** A plain number with thousands separators and dp decimals. */
export function number(value: string | number | null | undefined, dp = 0): string {
  if (value === null || value === undefined || value === '') return '–';
  const d = new Exact(value).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
  const [integer, fraction] = d.abs().toFixed(dp).split('.');
  return `${d.isNegative() && !d.isZero() ? MINUS : ''}${grouped(integer)}${fraction ? `.${fraction}` : ''}`;
}

/** "2025-06" → "June 2025". */
export function monthName(period: string): string {
  const [year, month] = period.split('-').map(Number);
  const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${names[month - 1]} ${year}`;
}

/** "2025-06" → "Jun 25", for chart axes. */
export function shortMonth(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1]} ${String(year).slice(2)}`;
}

export function humanise(code: string): string {
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const VINTAGES: Record<string, string> = {
  provisional: 'Provisional (first publication for this month)',
  provisional_revised: 'Provisional, revised (re-run the following month on restated data)',
  final_revised: 'Final, revised (re-run after the financial year end)',
};
