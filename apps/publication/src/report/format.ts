// Month names for the pages. Figures are written by the glossary's unit formatters (terms.ts):
// rounding happens only there, for display (methodology: published figures are rounded only for
// display).

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2025-06" → "June 2025". */
export function monthName(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return `${MONTHS[month - 1]} ${year}`;
}

/** "2025-06" → "Jun 2025", for the list of published months. */
export function shortMonth(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return `${MONTHS[month - 1].slice(0, 3)} ${year}`;
}

/** ["August 2025"] → "August 2025"; two → "a and b"; more → "a, b and c" (or "or"). */
export function listInWords(items: string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** A code without a glossary entry, made readable: "large_acute" → "Large acute". */
export function humanise(code: string): string {
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
