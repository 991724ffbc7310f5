// The incremental path's count of re-runs (recompute-incremental.ts), on real PostgreSQL: the
// recompute's own last run, stored a fraction of a millisecond after a whole millisecond, is not a
// re-run. Counted by created_at against a JS Date (milliseconds), it was, and the bench reported
// a period the submission never touched as re-run (2025-03 in the 84-period runs of 2026-12-03/04).
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@nhsp/testing';
import { runIdsNow, runsSince } from './recompute-incremental';

describe('bench:recompute, the incremental path', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('recompute_incremental');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`CREATE SCHEMA productivity`);
    await client.query(`CREATE SCHEMA publication`);
    await client.query(`CREATE TABLE productivity.run (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), period text, created_at timestamptz)`);
    await client.query(`CREATE TABLE publication.release (run_id text, status text)`);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('counts only the runs stored after the submission, whatever their microseconds', async () => {
    await client.query(`INSERT INTO productivity.run (period, created_at) VALUES ('2025-02', '2026-12-04 16:38:19.258108+00'), ('2025-03', '2026-12-04 16:38:27.769773+00')`);
    const before = await runIdsNow(client);
    // What the bench did: the latest created_at, as pg hands it to JS, then created_at > it.
    const latest: Date = (await client.query(`SELECT max(created_at) AS at FROM productivity.run`)).rows[0].at;
    const { rows: byTime } = await client.query(`SELECT period FROM productivity.run WHERE created_at > $1`, [latest]);
    expect(byTime.map((r) => r.period)).toEqual(['2025-03']);

    expect(await runsSince(client, before)).toEqual([]);
    const { rows } = await client.query(`INSERT INTO productivity.run (period, created_at) VALUES ('2026-03', '2026-12-04 16:38:46.547851+00') RETURNING id::text AS id`);
    await client.query(`INSERT INTO publication.release VALUES ($1, 'published')`, [rows[0].id]);
    expect(await runsSince(client, before)).toEqual([{ period: '2026-03', published: true }]);
  });
});
