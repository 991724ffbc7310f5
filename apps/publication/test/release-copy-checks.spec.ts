// The release copy's tables hold what their foreign keys to publication.release held, now checked
// once per statement (migration ReleaseCopyStatementChecks): a row names an existing release, a
// release's rows go with it (DELETE, TRUNCATE), and a release's id never changes.
import { Client } from 'pg';
import { baseSchema, publicationSchema, runMigrations } from '@nhsp/persistence';
import { createTestDatabase, TestDatabase, withClient } from '@nhsp/testing';

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

