// The release copy's tables hold what their foreign keys to publication.release held, now checked
// once per statement (migration ReleaseCopyStatementChecks): a row names an existing release, a
// release's rows go with it (DELETE, TRUNCATE), and a release's id never changes. And the plan
// view's and packs' rows counted before the copy (the manifest's counts, written once) are those
// the copy takes, or, where the owners' rows changed in between, differ from them (sameCounts).
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { baseSchema, publicationSchema, runMigrations } from '@nhsp/persistence';
import { createTestDatabase, TestDatabase, withClient } from '@nhsp/testing';
import { copyPlanAndPacks, planAndPackCounts, sameCounts } from '../src/release-snapshot';
import { PLAN_PACK_STAND_IN_DDL } from './plan-pack-stand-ins';

let database: TestDatabase;
const RELEASE_A = '00000000-0000-4000-8000-00000000000a';
const RELEASE_B = '00000000-0000-4000-8000-00000000000b';
const NO_RELEASE = '00000000-0000-4000-8000-0000000000ff';

beforeAll(async () => {
  database = await createTestDatabase();
  await runMigrations(database.url, [baseSchema, publicationSchema], () => undefined);
});
afterAll(() => database?.drop());

const db = <T>(run: (c: Client) => Promise<T>) => withClient(database.url, run);

async function releases(...ids: string[]): Promise<void> {
  await db(async (c) => {
    await c.query(`TRUNCATE publication.release CASCADE`);
    for (const [i, id] of ids.entries()) {
      await c.query(`INSERT INTO publication.release (id, run_id, period, vintage, status, manifest) VALUES ($1, $2, '2025-06', 'provisional', 'draft', '{}')`, [id, `run-${i}`]);
    }
  });
}

const addEstimates = (c: Client, ...ids: string[]) =>
  c.query(
    `INSERT INTO publication.release_estimate (release_id, seq, org_code, name, sector, region, peer_group, months, status, flags)
       SELECT id::uuid, 1, 'RAA', 'A trust', 'acute', 'London', 'Teaching', 3, 'estimated', '{}' FROM unnest($1::text[]) id`,
    [ids],
  );
const count = async (c: Client, table: string) => (await c.query(`SELECT count(*)::int AS n FROM publication.${table}`)).rows[0].n;

it('refuses rows of a release that does not exist, as the foreign key did, and takes those of one that does', async () => {
  await releases(RELEASE_A);
  await db(async (c) => {
    await expect(addEstimates(c, NO_RELEASE)).rejects.toMatchObject({ code: '23503' });
    await expect(addEstimates(c, RELEASE_A, NO_RELEASE)).rejects.toMatchObject({ code: '23503' });
    await expect(c.query(`INSERT INTO publication.release_opportunity (release_id, seq, period, org_code, sector, metric) VALUES ($1, 1, '2025-06', 'RAA', 'acute', 'm')`, [NO_RELEASE]))
      .rejects.toMatchObject({ code: '23503' });
    expect(await count(c, 'release_estimate')).toBe(0);
    await addEstimates(c, RELEASE_A);
    await expect(c.query(`UPDATE publication.release_estimate SET release_id = $1`, [NO_RELEASE])).rejects.toMatchObject({ code: '23503' });
    expect(await count(c, 'release_estimate')).toBe(1);
  });
});

it('deletes a release\'s rows with it, and only its own', async () => {
  await releases(RELEASE_A, RELEASE_B);
  await db(async (c) => {
    await addEstimates(c, RELEASE_A, RELEASE_B);
    await c.query(`DELETE FROM publication.release WHERE id = $1`, [RELEASE_A]);
    expect((await c.query(`SELECT release_id FROM publication.release_estimate`)).rows).toEqual([{ release_id: RELEASE_B }]);
    await c.query(`TRUNCATE publication.release CASCADE`);
    expect(await count(c, 'release_estimate')).toBe(0);
  });
});

it('never changes a release\'s id', async () => {
  await releases(RELEASE_A);
  await db(async (c) => {
    await expect(c.query(`UPDATE publication.release SET id = $1`, [RELEASE_B])).rejects.toMatchObject({ code: '23503' });
    await c.query(`UPDATE publication.release SET status = 'published', published_at = now()`);
  });
});

it('holds a concurrent delete of a release until the statement copying its rows has committed, then deletes them too', async () => {
  await releases(RELEASE_A);
  const copier = new Client({ connectionString: database.url });
  await copier.connect();
  try {
    await copier.query('BEGIN');
    await addEstimates(copier, RELEASE_A);
    const deleted = db((c) => c.query(`DELETE FROM publication.release WHERE id = $1`, [RELEASE_A]));
    const settled = await Promise.race([deleted.then(() => 'deleted'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
    expect(settled).toBe('waiting');
    await copier.query('COMMIT');
    await deleted;
    expect(await db((c) => count(c, 'release_estimate'))).toBe(0);
  } finally {
    await copier.end();
  }
});

it('counts the plan view and packs as the copy takes them, and tells when the owners\' rows changed in between', async () => {
  await releases(RELEASE_A);
  const run = '00000000-0000-4000-8000-000000000001';
  await db(async (c) => {
    const manager = { query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows } as unknown as EntityManager;
    // Before the owners' views exist nothing is counted or copied.
    expect(await planAndPackCounts(manager, run)).toEqual({ targets: 0, index: 0, stability: 0, sensitivity: 0, opportunities: 0, indicators: 0 });
    await c.query(`CREATE SCHEMA IF NOT EXISTS productivity; CREATE SCHEMA IF NOT EXISTS benchmarking; ${PLAN_PACK_STAND_IN_DDL}`);
    await c.query(`INSERT INTO productivity.v_targets (run_id, period, level, group_name, on_track) VALUES ($1, '2025-06', 'trust', 'RAA', true), ($1, '2025-06', 'national', 'England', false)`, [run]);
    await c.query(`INSERT INTO productivity.v_stability (run_id, period, org_code) VALUES ($1, '2025-06', 'RAA')`, [run]);
    await c.query(`INSERT INTO benchmarking.v_opportunities (run_id, period, org_code, sector, metric, seq) SELECT $1, '2025-06', 'RAA', 'acute', 'm' || i, i FROM generate_series(1, 3) i`, [run]);
    const counted = await planAndPackCounts(manager, run);
    expect(counted).toEqual({ targets: 2, index: 0, stability: 2, sensitivity: 0, opportunities: 3, indicators: 0 });
    await c.query(`INSERT INTO benchmarking.v_opportunities (run_id, period, org_code, sector, metric, seq) VALUES ($1, '2025-06', 'RBB', 'acute', 'm', 4)`, [run]);
    await c.query('BEGIN');
    const copied = await copyPlanAndPacks(manager, RELEASE_A, run, '2025-06');
    await c.query('ROLLBACK');
    expect(copied).toEqual({ ...counted, opportunities: 4 });
    expect(sameCounts(copied, counted)).toBe(false);
    expect(sameCounts(copied, await planAndPackCounts(manager, run))).toBe(true);
  });
});

it('stores a release\'s manifest out of line uncompressed, and reads it back as written', async () => {
  await releases(RELEASE_A);
  const manifest = { runId: 'run-0', inputs: { submissions: Array.from({ length: 3000 }, (_, i) => ({ org: `R${i}`, sha256: `${i}`.padStart(64, 'f') })) } };
  await db(async (c) => {
    await c.query(`UPDATE publication.release SET manifest = $2 WHERE id = $1`, [RELEASE_A, JSON.stringify(manifest)]);
    const [row] = (await c.query(
      `SELECT a.attstorage, r.manifest, pg_column_size(r.manifest) >= octet_length(r.manifest::text) * 0.9 AS uncompressed
         FROM publication.release r, pg_attribute a WHERE r.id = $1 AND a.attrelid = 'publication.release'::regclass AND a.attname = 'manifest'`,
      [RELEASE_A],
    )).rows;
    expect(row).toEqual({ attstorage: 'e', manifest, uncompressed: true });
  });
});
