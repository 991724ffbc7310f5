import type { EntityManager } from 'typeorm';

/** What a repository method runs its SQL on: the data source's manager, or a caller's transaction. */
export type Db = Pick<EntityManager, 'query'>;

/** Rows go in with unnest() in chunks: one statement per chunk rather than per row (~100k activity rows in a national file). */
export const CHUNK_ROWS = 10000;

export function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) yield rows.slice(i, i + CHUNK_ROWS);
}
