// A column of rows as the PostgreSQL array literal node-postgres writes for a JS array parameter
// (pg/lib/utils.js arrayString: every element quoted, backslashes and double quotes escaped,
// null and undefined as NULL), made in one pass over the rows. The packs' INSERT sends a run's
// thirteen columns of about 7,400 opportunities this way: the arrays pg was handed first, and its
// two regular-expression replaces per element, were more of the write's CPU than the values.
// The same text, so PostgreSQL reads the same arrays (array-literal.spec.ts holds it to pg's).

/** One element as arrayString quotes it. */
function quoted(text: string): string {
  if (text.indexOf('\\') < 0 && text.indexOf('"') < 0) return `"${text}"`;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The literal of `rows.map(value)` (strings and numbers, null for NULL), as pg would send that array. */
export function arrayLiteral<R>(rows: readonly R[], value: (row: R, index: number) => string | number | null | undefined): string {
  let out = '{';
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) out += ',';
    const v = value(rows[i], i);
    out += v === null || v === undefined ? 'NULL' : quoted(String(v));
  }
  return `${out}}`;
}
