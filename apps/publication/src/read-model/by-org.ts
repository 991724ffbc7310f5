/** Rows grouped by a key, each group in the rows' order. */
export function groupedBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const held = map.get(key);
    if (held) held.push(row);
    else map.set(key, [row]);
  }
  return map;
}

/** Rows grouped by trust, each group in the rows' order: the index every per-release model keeps. */
export function byOrg<T extends { org_code: string }>(rows: readonly T[]): Map<string, T[]> {
  return groupedBy(rows, (row) => row.org_code);
}

/** Each trust's first row, as the SQL path's `rows[0]` of a trust's estimates. */
export function firstByOrg<T extends { org_code: string }>(rows: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const row of rows) if (!map.has(row.org_code)) map.set(row.org_code, row);
  return map;
}
