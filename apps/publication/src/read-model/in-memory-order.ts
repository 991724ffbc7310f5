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

/** COLLATE "C": UTF-8 bytes; for ASCII (every code, name and group published so far) the same as code units. */
function compareText(a: string, b: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * `rows` (in the list's natural order) sorted as the SQL path sorts them, or undefined for an
 * expression this file does not know (the caller then leaves the request to the SQL path).
 */
export function sortedRows<T extends object>(rows: readonly T[], sort: Sort): T[] | undefined {
  const found = sortColumn(sort.expression);
  if (!found) return undefined;
  const { column, kind } = found;
  const keyed = rows.map((row, at) => {
    const raw = (row as Record<string, unknown>)[column];
    const key = raw === null || raw === undefined ? null : kind === 'numeric' ? new Decimal(String(raw)) : kind === 'integer' ? Number(raw) : String(raw);
    return { row, at, key };
  });
  const direction = sort.descending ? -1 : 1;
  keyed.sort((x, y) => {
    if (x.key === null || y.key === null) return x.key === y.key ? x.at - y.at : x.key === null ? 1 : -1;
    let c: number;
    if (kind === 'numeric') c = (x.key as Decimal).cmp(y.key as Decimal);
    else if (kind === 'integer') c = (x.key as number) - (y.key as number);
    else c = compareText(x.key as string, y.key as string);
    return c !== 0 ? c * direction : x.at - y.at;
  });
  return keyed.map((k) => k.row);
}
