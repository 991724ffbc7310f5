import { Month } from '@nhsp/domain';

const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A `YYYY-MM` month, checked (the domain's parser says what is wrong with a bad one). */
function parse(period: string, where: string): Month {
  try {
    return Month.parse(period);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

/** `2026-02` → `Feb 26` (axes). */
export function shortMonth(period: string, where = 'month'): string {
  const m = parse(period, where);
  return `${SHORT[m.month - 1]} ${String(m.year).slice(2)}`;
}

/** `2026-02` → `February 2026` (tables and descriptions). */
export function longMonth(period: string, where = 'month'): string {
  const m = parse(period, where);
  return `${LONG[m.month - 1]} ${m.year}`;
}
