// Bad files reject the whole upload (422, every problem listed, nothing stored), and a
// restated finance file supersedes only the org-months it covers.
import Decimal from 'decimal.js';
import { join } from 'node:path';
import { jobIdFor, PATTERNS, QueueRegistry, QUEUES } from '@nhsp/queue';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ACCESS_ENV, asAdmin, csvRows, financeAmounts, GOLDEN, tableCounts, TABLES, withDb } from './helpers';

const BAD_ACTIVITY = [
  'org_code,month,pod,currency,count',
  'RXF,2024-04,DC,BZ86A,6',
  'RXF,2024-13,DC,BZ86A,6',
  'RXF,2024-04,NOPE,BZ86A,6',
  'RXF,2024-04,DC,BZ86A,-3',
  'ZZZ,2024-04,DC,BZ86A,1',
].join('\n');

describe('ingestion: rejected files and restatements', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: ACCESS_ENV });
  });
  afterAll(() => svc?.stop());

  it('rejects a malformed activity file with every line and column, storing nothing of the upload', async () => {
    const res = await asAdmin(svc)
      .post('/bundles')
      .attach('files', join(GOLDEN, 'trusts.csv'))
      .attach('files', join(GOLDEN, 'finance.csv'))
      .attach('files', Buffer.from(BAD_ACTIVITY), 'activity.csv')
      .expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 422, type: 'urn:nhsp:problem:ingestion:bad-bundle', issueCount: 4 });
    expect(res.body.errors.map((e: { file: string; line: number; column: string; value: string }) => [e.file, e.line, e.column, e.value])).toEqual([
      ['activity.csv', 3, 'month', '2024-13'],
      ['activity.csv', 4, 'pod', 'NOPE'],
      ['activity.csv', 5, 'count', '-3'],
      ['activity.csv', 6, 'org_code', 'ZZZ'],
    ]);
    for (const error of res.body.errors) expect(error.reason).toEqual(expect.any(String));
    expect(await tableCounts(svc.database.url)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
    await asAdmin(svc).get('/health/live').expect(200);
  });

  it('rejects activity for trusts that are neither stored nor in the upload, and unknown file names', async () => {
    const res = await asAdmin(svc)
      .post('/bundles')
      .attach('files', Buffer.from('org_code,month,pod,currency,count\nRXF,2024-04,DC,BZ86A,6\n'), 'activity.csv')
      .attach('files', Buffer.from('x\n1\n'), 'notes.csv')
      .expect(422);
    expect(res.body.errors.map((e: { file: string; line: number | null; column: string | null }) => [e.file, e.line, e.column])).toEqual([
      ['notes.csv', null, null],
      ['activity.csv', 2, 'org_code'],
    ]);
    expect((await tableCounts(svc.database.url)).batch).toBe(0);
  });

  it('a restated finance file for one org-month supersedes only that org-month', async () => {
    const http = asAdmin(svc);
    const original = await http
      .post('/bundles')
      .attach('files', join(GOLDEN, 'trusts.csv'))
      .attach('files', join(GOLDEN, 'finance.csv'))
      .expect(201);
    const originalFinance = original.body.batches.find((b: { kind: string }) => b.kind === 'finance');

    const target = csvRows('finance.csv').filter((r) => r.org_code === 'RXF' && r.month === '2024-05');
    expect(target.length).toBeGreaterThan(1);
    const restatedRows: Record<string, string>[] = target.map((r) => ({ ...r, amount_gbp: new Decimal(r.amount_gbp).plus('1000.01').toFixed() }));
    const restated = ['org_code,month,category,amount_gbp', ...restatedRows.map((r) => `${r.org_code},${r.month},${r.category},${r.amount_gbp}`)].join('\n');
    // Trusts come from the database this time: the upload carries only the finance file.
    const res = await http.post('/bundles').attach('files', Buffer.from(restated), 'finance.csv').expect(201);
    const [batch] = res.body.batches;
    expect(batch).toMatchObject({ kind: 'finance', duplicate: false, months: ['2024-05'], rows: restatedRows.length });

    await withDb(svc.database.url, async (db) => {
      const current = await db.query('SELECT org_code, month, batch_id FROM ingestion.v_current_submissions WHERE kind = $1', ['finance']);
      const byBatch = current.rows.filter((r) => r.batch_id === batch.id).map((r) => `${r.org_code}|${r.month}`);
      expect(byBatch).toEqual(['RXF|2024-05']);
      expect(current.rows.filter((r) => r.batch_id === originalFinance.id)).toHaveLength(current.rows.length - 1);

      const expected = financeAmounts();
      for (const [key, amount] of financeAmounts(restatedRows)) expected.set(key, amount);
      const rows = await db.query('SELECT org_code, month, category, amount_gbp::text AS amount FROM ingestion.v_current_finance');
      const actual = new Map(rows.rows.map((r) => [`${r.org_code}|${r.month}|${r.category}`, new Decimal(r.amount).toFixed()]));
      expect(actual).toEqual(new Map([...expected].map(([k, v]) => [k, v.toFixed()])));
      // The original rows are kept: an earlier run's inputs stay reproducible.
      const kept = await db.query('SELECT count(*)::int AS n FROM ingestion.finance WHERE batch_id = $1', [originalFinance.id]);
      expect(kept.rows[0].n).toBe(originalFinance.rows);
    });
  });

  it('stores a record-level file aggregated, as activity, and names its single trust in the message', async () => {
    const records = [
      'org_code,date,pod,currency,los_days',
      'RXF,2024-04-01,EL,FZ12A,3',
      'RXF,2024-04-15,EL,FZ12A,2',
      'RXF,2024-04-20,DC,FZ12A,',
      'RXF,2024-05-02,EL,FZ12A,1',
    ].join('\n');
    const res = await asAdmin(svc).post('/bundles').attach('files', Buffer.from(records), 'activity_records.csv').expect(201);
    const [batch] = res.body.batches;
    expect(batch).toMatchObject({ kind: 'activity', fileName: 'activity_records.csv', rows: 3, months: ['2024-04', '2024-05'] });
    const current = await withDb(svc.database.url, (db) =>
      db.query(`SELECT month, pod, count::int, bed_days::int FROM ingestion.v_current_activity WHERE org_code = 'RXF' ORDER BY month, pod`),
    );
    expect(current.rows).toEqual([
      { month: '2024-04', pod: 'DC', count: 1, bed_days: null },
      { month: '2024-04', pod: 'EL', count: 2, bed_days: 5 },
      { month: '2024-05', pod: 'EL', count: 1, bed_days: 1 },
    ]);
    const job = await svc.app.get(QueueRegistry).queue(QUEUES.productivity).getJob(jobIdFor(PATTERNS.batchStored, batch.id, batch.sha256));
    expect(job?.data).toMatchObject({ kind: 'activity', orgCode: 'RXF', rows: 3 });
  });
});
