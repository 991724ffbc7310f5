// The runs' shared history (history-cache.ts) against real PostgreSQL: a month is held by the
// submissions that make it, so a resubmitted month is read again and never served from the old
// rows; a month outside the submissions read is always read; concurrent weighings take turns; a
// weighed trust-month is held for the submissions it was weighed from only.
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@nhsp/testing';
import { HeldLedger, HistoryCache } from '../src/history-cache';
import { monthIdentities } from '../src/submission-rows';
import { SubmissionRow } from '../src/repositories/history.repository';

describe('productivity: the history runs share', () => {
  let database: TestDatabase;
  let client: Client;
  let queries: string[];
  /** What HistoryCache asks of a run's EntityManager: query, here on one connection, each statement noted. */
  let db: EntityManager;

  const submissions = async (): Promise<SubmissionRow[]> =>
    (await client.query(`SELECT org_code, month, kind, batch_id::text AS batch_id, content_sha256 FROM ingestion.v_current_submissions`)).rows;

  beforeAll(async () => {
    database = await createTestDatabase('history_cache');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`CREATE SCHEMA ingestion`);
    await client.query(`CREATE TABLE ingestion.v_current_submissions (org_code text, month text, kind text, batch_id uuid, content_sha256 text)`);
    await client.query(`CREATE TABLE ingestion.v_current_activity (org_code text, month text, pod text, currency text, count bigint, bed_days bigint)`);
    await client.query(`CREATE TABLE ingestion.v_current_finance (org_code text, month text, category text, amount_gbp numeric)`);
    await client.query(`INSERT INTO ingestion.v_current_submissions VALUES
      ('RA1', '2025-04', 'activity', gen_random_uuid(), 'a1'), ('RA1', '2025-04', 'finance', gen_random_uuid(), 'f1')`);
    await client.query(`INSERT INTO ingestion.v_current_activity VALUES ('RA1', '2025-04', 'EL', 'FZ12A', 10, 30), ('RA1', '2025-03', 'EL', 'FZ12A', 7, NULL)`);
    await client.query(`INSERT INTO ingestion.v_current_finance VALUES ('RA1', '2025-04', 'pay', 1000.10)`);
    db = { query: (sql: string, params?: unknown[]) => (queries.push(sql), client.query(sql, params).then((r) => r.rows)) } as unknown as EntityManager;
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });
  beforeEach(() => (queries = []));

  it('reads a month once while its submissions stay, and again once one of them changes', async () => {
    const cache = new HistoryCache();
    const first = await cache.monthRecords(db, ['2025-04'], monthIdentities(await submissions()));
    expect(first.get('2025-04')!.activity).toEqual([{ orgCode: 'RA1', month: '2025-04', pod: 'EL', currency: 'FZ12A', count: 10, bedDays: 30 }]);
    expect(first.get('2025-04')!.finance.map((f) => f.amount.toFixed())).toEqual(['1000.1']);
    expect(queries).toHaveLength(2);

    queries = [];
    const again = await cache.monthRecords(db, ['2025-04'], monthIdentities(await submissions()));
    expect(queries).toHaveLength(0);
    expect(again.get('2025-04')).toBe(first.get('2025-04'));

    // A resubmission: new rows, a new content hash.
    await client.query(`UPDATE ingestion.v_current_activity SET count = 11 WHERE month = '2025-04'`);
    await client.query(`UPDATE ingestion.v_current_submissions SET content_sha256 = 'a2' WHERE kind = 'activity'`);
    queries = [];
    const resubmitted = await cache.monthRecords(db, ['2025-04'], monthIdentities(await submissions()));
    expect(queries).toHaveLength(2);
    expect(resubmitted.get('2025-04')!.activity.map((a) => a.count)).toEqual([11]);
  });

  it('always reads a month no submission read names', async () => {
    const cache = new HistoryCache();
    for (let i = 0; i < 2; i++) {
      queries = [];
      const months = await cache.monthRecords(db, ['2025-03'], monthIdentities(await submissions()));
      expect(queries).toHaveLength(2);
      expect(months.get('2025-03')!.activity.map((a) => a.count)).toEqual([7]);
    }
  });

  it('runs one weighing at a time per weights key, in the order asked, even after one fails', async () => {
    const cache = new HistoryCache();
    const order: string[] = [];
    const step = (name: string, fail = false) => async () => {
      order.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(`${name} end`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    };
    const results = await Promise.allSettled([
      cache.oneWeighingAtATime('set|on', step('a', true)),
      cache.oneWeighingAtATime('set|on', step('b')),
      cache.oneWeighingAtATime('other|on', step('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    // b waits for a; c (another key) does not.
    expect(order.indexOf('b start')).toBeGreaterThan(order.indexOf('a end'));
    expect(order.indexOf('c start')).toBeLessThan(order.indexOf('a end'));
  });

  it('holds a weighed trust-month for the submissions it was weighed from, one entry per trust-month, within its bound', () => {
    const cache = new HistoryCache();
    const units = (n: number) => ({ month: '2025-04', n }) as unknown as Parameters<HeldLedger['keep']>[1];
    const april = { org_code: 'RA1', month: '2025-04', activity_sha256: 'a1', finance_sha256: 'f1' };
    const held = cache.heldLedger('set|on');
    held.keep(april, units(1));
    expect(cache.heldLedger('set|on').get(april)).toEqual(units(1));
    // Another weights key, or the same trust-month from other submissions, is not held.
    expect(cache.heldLedger('set|off').get(april)).toBeUndefined();
    expect(held.get({ ...april, finance_sha256: 'f2' })).toBeUndefined();
    expect(held.get({ ...april, activity_sha256: '' })).toBeUndefined();
    // A restated month replaces its entry: the old submissions' units are no longer held.
    held.keep({ ...april, finance_sha256: 'f2' }, units(2));
    expect(held.get({ ...april, finance_sha256: 'f2' })).toEqual(units(2));
    expect(held.get(april)).toBeUndefined();
    expect(held.count).toBe(1);
    // Beyond its bound the trust-month weighed longest ago goes first.
    const small = new HeldLedger(2);
    for (const org of ['RA1', 'RA2', 'RA3']) small.keep({ ...april, org_code: org }, units(1));
    expect(small.count).toBe(2);
    expect(small.get(april)).toBeUndefined();
    expect(small.get({ ...april, org_code: 'RA3' })).toEqual(units(1));
  });

  it('shares indexes of every month of the snapshot while they hold a run\'s months as its snapshot does', async () => {
    const cache = new HistoryCache();
    await client.query(`INSERT INTO ingestion.v_current_submissions VALUES ('RA1', '2025-05', 'activity', gen_random_uuid(), 'a5')`);
    await client.query(`INSERT INTO ingestion.v_current_activity VALUES ('RA1', '2025-05', 'EL', 'FZ12A', 5, NULL)`);
    try {
      const first = await cache.indexes(db, ['2025-04'], monthIdentities(await submissions()));
      // Every month with submissions is indexed at once (May too), so the next run's indexes are the same objects.
      expect([...first.activity.cells('RA1', '2025-05')].map((c) => c.count)).toEqual([5]);
      queries = [];
      const second = await cache.indexes(db, ['2025-04', '2025-05'], monthIdentities(await submissions()));
      expect(second.activity).toBe(first.activity);
      expect(queries).toHaveLength(0);

      // May restated: new indexes with the new rows; the held ones are not changed.
      await client.query(`UPDATE ingestion.v_current_activity SET count = 6 WHERE month = '2025-05'`);
      await client.query(`UPDATE ingestion.v_current_submissions SET content_sha256 = 'a6' WHERE month = '2025-05'`);
      const restated = await cache.indexes(db, ['2025-05'], monthIdentities(await submissions()));
      expect(restated.activity).not.toBe(first.activity);
      expect([...restated.activity.cells('RA1', '2025-05')].map((c) => c.count)).toEqual([6]);
      expect([...first.activity.cells('RA1', '2025-05')].map((c) => c.count)).toEqual([5]);

      // A month no submission names (March has rows but none): read for the run, not held.
      const march = await cache.indexes(db, ['2025-03'], monthIdentities(await submissions()));
      expect([...march.activity.cells('RA1', '2025-03')].map((c) => c.count)).toEqual([7]);
      expect((await cache.indexes(db, ['2025-04'], monthIdentities(await submissions()))).activity).toBe(restated.activity);
    } finally {
      await client.query(`DELETE FROM ingestion.v_current_submissions WHERE month = '2025-05'`);
      await client.query(`DELETE FROM ingestion.v_current_activity WHERE month = '2025-05'`);
    }
  });
});
