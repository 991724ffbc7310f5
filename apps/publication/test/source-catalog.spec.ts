// The owners' views a release copies from, as ReleaseAssembly looks for them (SourceCatalog): a
// view or column found is remembered, so PostgreSQL is asked once; one not there is asked about
// every time, so a view its owner creates later is copied from the next release on; and after
// `forget` (a failed assembly) every view is looked for again.
import type { EntityManager } from 'typeorm';
import { createTestDatabase, TestDatabase, withClient } from '@nhsp/testing';
import { LIVE_CATALOG, SourceCatalog } from '../src/release-snapshot';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

/** A connection that counts the statements it is given. */
const counting = <T>(run: (q: Pick<EntityManager, 'query'>, asked: () => number) => Promise<T>) =>
  withClient(database.url, async (c) => {
    let n = 0;
    const q = { query: async (sql: string, params?: unknown[]) => (n++, (await c.query(sql, params)).rows) } as Pick<EntityManager, 'query'>;
    return run(q, () => n);
  });

it('asks PostgreSQL once about a view or column it found, every time about one it did not, and again after forget', async () => {
  await counting(async (q, asked) => {
    const catalog = new SourceCatalog();
    expect(await catalog.exists(q, 'owner.v_rows')).toBe(false);
    expect(await catalog.exists(q, 'owner.v_rows')).toBe(false);
    expect(asked()).toBe(2);

    await q.query(`CREATE SCHEMA owner`);
    await q.query(`CREATE VIEW owner.v_rows AS SELECT 1 AS id, 'x'::text AS detail`);
    const before = asked();
    expect(await catalog.exists(q, 'owner.v_rows')).toBe(true);
    expect(await catalog.hasColumn(q, 'owner.v_rows', 'detail')).toBe(true);
    expect(await catalog.hasColumn(q, 'owner.v_rows', 'missing')).toBe(false);
    expect(asked() - before).toBe(3);
    expect(await catalog.exists(q, 'owner.v_rows')).toBe(true);
    expect(await catalog.hasColumn(q, 'owner.v_rows', 'detail')).toBe(true);
    expect(asked() - before).toBe(3);
    expect(await catalog.hasColumn(q, 'owner.v_rows', 'missing')).toBe(false);
    expect(asked() - before).toBe(4);

    // Gone, and forgotten after the failure it causes: looked for again.
    await q.query(`DROP VIEW owner.v_rows`);
    const dropped = asked();
    catalog.forget();
    expect(await catalog.exists(q, 'owner.v_rows')).toBe(false);
    expect(await catalog.hasColumn(q, 'owner.v_rows', 'detail')).toBe(false);
    expect(asked() - dropped).toBe(2);
    // The live catalog answers the same, asking every time.
    expect(await LIVE_CATALOG.exists(q, 'owner.v_rows')).toBe(false);
    expect(asked() - dropped).toBe(3);
  });
});
