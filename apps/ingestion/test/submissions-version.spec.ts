// ingestion.v_submissions_version (migration SubmissionsVersion1795420000000), which other
// services keep what they derive from the current submissions under: it moves with an upload that
// stores submissions, in the upload's own transaction, so an upload refused (invalid files) or
// failing in the database (rolled back whole) leaves it, and an upload of files already stored
// (no new submission) does not move it.
import Decimal from 'decimal.js';
import { join } from 'node:path';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ACCESS_ENV, asAdmin, csvRows, GOLDEN, tableCounts, withDb } from './helpers';

describe('ingestion: the version of the current submissions', () => {
  let svc: TestService;
  const version = () => withDb(svc.database.url, async (db) => (await db.query(`SELECT version FROM ingestion.v_submissions_version`)).rows[0].version as string);
  const current = () => withDb(svc.database.url, async (db) => (await db.query(`SELECT org_code, month, kind, batch_id FROM ingestion.v_current_submissions ORDER BY 1, 2, 3`)).rows);
  const golden = () => asAdmin(svc).post('/bundles').attach('files', join(GOLDEN, 'trusts.csv')).attach('files', join(GOLDEN, 'finance.csv'));
  const restatedFinance = (month: string) => {
    const rows = csvRows('finance.csv').filter((r) => r.org_code === 'RXF' && r.month === month);
    return Buffer.from(['org_code,month,category,amount_gbp', ...rows.map((r) => `${r.org_code},${r.month},${r.category},${new Decimal(r.amount_gbp).plus('1.01').toFixed()}`)].join('\n'));
  };

  beforeAll(async () => {
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: ACCESS_ENV });
  });
  afterAll(() => svc?.stop());

  it('moves with an upload that stores submissions, and only then', async () => {
    const empty = await version();
    await asAdmin(svc).post('/bundles').attach('files', Buffer.from('org_code,month,pod,currency,count\nZZZ,2024-04,DC,BZ86A,1\n'), 'activity.csv').expect(422);
    expect(await version()).toBe(empty);

    await golden().expect(201);
    const stored = await version();
    expect(stored).not.toBe(empty);
    // The same files again: duplicates, nothing stored.
    expect((await golden().expect(200)).body.batches.every((b: { duplicate: boolean }) => b.duplicate)).toBe(true);
    expect(await version()).toBe(stored);

    await asAdmin(svc).post('/bundles').attach('files', restatedFinance('2024-05'), 'finance.csv').expect(201);
    expect(await version()).not.toBe(stored);
  });

  it('stays with an upload the database rolls back, which stores nothing', async () => {
    // One file of the upload fails in the database after the other's submissions are written.
    await withDb(svc.database.url, async (db) => {
      await db.query(`CREATE FUNCTION ingestion.test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
      await db.query(`CREATE TRIGGER test_refuse BEFORE INSERT ON ingestion.finance FOR EACH ROW WHEN (NEW.month = '2024-06') EXECUTE FUNCTION ingestion.test_refuse()`);
    });
    try {
      const [before, submissions, counts] = [await version(), await current(), await tableCounts(svc.database.url)];
      const activity = ['org_code,month,pod,currency,count', 'RXF,2024-05,DC,BZ86A,7'].join('\n');
      const res = await asAdmin(svc).post('/bundles').attach('files', Buffer.from(activity), 'activity.csv').attach('files', restatedFinance('2024-06'), 'finance.csv');
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(await version()).toBe(before);
      expect(await current()).toEqual(submissions);
      expect(await tableCounts(svc.database.url)).toEqual(counts);
    } finally {
      await withDb(svc.database.url, (db) => db.query(`DROP TRIGGER test_refuse ON ingestion.finance; DROP FUNCTION ingestion.test_refuse()`));
    }
  });
});
