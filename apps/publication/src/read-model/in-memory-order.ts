// The order SourceViews.page gives a sorted list, reproduced in memory: the chosen column
// (numeric columns compared as exact decimals, text columns byte by byte as COLLATE "C",
// integer and boolean columns as numbers), rows without a value last in either direction, and ties in the
// list's own order. The column and its kind are read off the SQL expression SORTABLE holds for
// it, so the one list of sortable columns stays in source-views.ts.
import Decimal from 'decimal.js';
import type { Sort } from '../representation';

type Kind = 'numeric' | 'text' | 'integer';

/** `q.cwa_current::numeric` or `q."value"::numeric`, `q."name" COLLATE "C"`, `q.months` or `q.on_track` (false before true) → the column and how it compares. */
export function sortColumn(expression: string): { column: string; kind: Kind } | undefined {
  let m = /^q\.([a-z_]+)::numeric$/.exec(expression) ?? /^q\."([a-z_]+)"::numeric$/.exec(expression);
  if (m) return { column: m[1], kind: 'numeric' };
  m = /^q\."([a-z_]+)" COLLATE "C"$/.exec(expression);
  if (m) return { column: m[1], kind: 'text' };
  m = /^q\.([a-z_]+)$/.exec(expression);
  if (m) return { column: m[1], kind: 'integer' };
  return undefined;
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** COLLATE "C": UTF-8 bytes; for ASCII (every code, name and group published so far) the same as code units. */
function compareText(a: string, b: string): number {
  if (ASCII.test(a) && ASCII.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * `rows` (in the list's natural order) sorted as the SQL path sorts them, or undefined for an
 * expression this file does not know (the caller then leaves the request to the SQL path).
 */
export function sortedRows<T extends object>(rows: readonly T[], sort: Sort): T[] | undefined {
  const order = sortedPositions(rows, sort);
  return order && Array.from(order, (at) => rows[at]);
}

/**
 * The natural positions of `rows` in the SQL path's order. Numeric columns are compared first as
 * doubles, which is exact where they differ (a decimal string's nearest double is monotonic in
 * its value) and only where two doubles are equal as exact decimals (made on demand), so that a
 * release's every order can be made at load.
 */
export function sortedPositions(rows: readonly object[], sort: Sort): Int32Array | undefined {
  const found = sortColumn(sort.expression);
  if (!found) return undefined;
  const { column, kind } = found;
  const n = rows.length;
  const raw: Array<string | null> = new Array(n);
  const approx = new Float64Array(n);
  const exact: Array<Decimal | undefined> = new Array(n);
  /** Text compared as code units where both are ASCII (tested once per row, not per comparison). */
  const ascii = new Uint8Array(n);
  for (let at = 0; at < n; at++) {
    const value = (rows[at] as Record<string, unknown>)[column];
    raw[at] = value === null || value === undefined ? null : String(value);
    // Integer and boolean columns as numbers (false before true), as the SQL path orders them.
    if (raw[at] !== null && kind !== 'text') approx[at] = kind === 'integer' ? Number(value) : Number(raw[at]);
    else if (raw[at] !== null) ascii[at] = ASCII.test(raw[at]!) ? 1 : 0;
  }
  const exactAt = (at: number) => (exact[at] ??= new Decimal(raw[at]!));
  const direction = sort.descending ? -1 : 1;
  const positions = Array.from({ length: n }, (_, at) => at);
  positions.sort((x, y) => {
    const kx = raw[x];
    const ky = raw[y];
    if (kx === null || ky === null) return kx === ky ? x - y : kx === null ? 1 : -1;
    let c: number;
    if (kind === 'text') c = ascii[x] && ascii[y] ? (kx < ky ? -1 : kx > ky ? 1 : 0) : compareText(kx, ky);
    else if (approx[x] < approx[y]) c = -1;
    else if (approx[x] > approx[y]) c = 1;
    // Equal doubles: the same text is the same decimal (ties such as zero opportunities are common); else exactly.
    else c = kind === 'numeric' && kx !== ky ? exactAt(x).cmp(exactAt(y)) : 0;
    return c !== 0 ? c * direction : x - y;
  });
  return Int32Array.from(positions);
}
