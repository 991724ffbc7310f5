// The golden bundle through POST /bundles: batches stored, the views agree with the files,
// consumers are told, and sending the same files again changes nothing.
import Decimal from 'decimal.js';
import { join } from 'node:path';
import { jobIdFor, PATTERNS, QueueRegistry, QUEUES } from '@nhsp/queue';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ACCESS_ENV, activityCountsByOrgMonth, asAdmin, csvRows, financeAmounts, FIXTURES, GOLDEN, GOLDEN_FILES, tableCounts, withDb } from './helpers';

interface Batch {
  id: string;
  kind: string;
  fileName: string;
  sha256: string;
  rows: number;
  months: string[];
  duplicate: boolean;
}

function uploadGolden(svc: TestService) {
  const req = asAdmin(svc).post('/bundles');
  for (const name of GOLDEN_FILES) req.attach('files', join(GOLDEN, name));
  return req;
}

describe('ingestion: golden bundle', () => {
  let svc: TestService;
  let first: Batch[];

  beforeAll(async () => {
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: { ...ACCESS_ENV, DATA_ROOTS: FIXTURES } });
    const res = await uploadGolden(svc).expect(201);
    first = res.body.batches;
  });
  afterAll(() => svc?.stop());

  it('stores one batch per file, trusts first, with rows and months', () => {
    expect(first.map((b) => [b.kind, b.fileName, b.duplicate])).toEqual([
      ['trusts', 'trusts.csv', false],
      ['activity', 'activity.csv', false],
      ['finance', 'finance.csv', false],
      ['cost_weights', 'cost_weights.csv', false],
      ['deflators', 'deflators.csv', false],
    ]);
    const activity = first.find((b) => b.kind === 'activity')!;
    const fileMonths = [...new Set(csvRows('activity.csv').map((r) => r.month))].sort();
    expect(activity.months).toEqual(fileMonths);
    expect(first.find((b) => b.kind === 'trusts')!.rows).toBe(csvRows('trusts.csv').length);
    expect(first.find((b) => b.kind === 'deflators')!.rows).toBe(csvRows('deflators.csv').length);
  });

  it('v_current_activity sums equal the file sums per org and month', async () => {
    const expected = activityCountsByOrgMonth();
    const rows = await withDb(svc.database.url, (db) =>
      db.query('SELECT org_code, month, sum(count)::bigint AS n FROM ingestion.v_current_activity GROUP BY 1, 2'),
    );
    const actual = new Map(rows.rows.map((r) => [`${r.org_code}|${r.month}`, Number(r.n)]));
    expect(actual).toEqual(expected);
  });

  it('v_current_finance amounts equal the file amounts exactly', async () => {
    const expected = financeAmounts();
    const rows = await withDb(svc.database.url, (db) =>
      db.query('SELECT org_code, month, category, amount_gbp::text AS amount FROM ingestion.v_current_finance'),
    );
    expect(rows.rows).toHaveLength(expected.size);
    for (const r of rows.rows) {
      expect([r.org_code, r.month, r.category, new Decimal(r.amount).toFixed()]).toEqual([
        r.org_code,
        r.month,
        r.category,
        expected.get(`${r.org_code}|${r.month}|${r.category}`)?.toFixed(),
      ]);
    }
  });

  it('records one current submission per org-month and kind, and the reference files as sent', async () => {
    const activity = first.find((b) => b.kind === 'activity')!;
    await withDb(svc.database.url, async (db) => {
      const subs = await db.query(
        `SELECT kind, count(*)::int AS n, count(DISTINCT batch_id)::int AS batches FROM ingestion.v_current_submissions GROUP BY kind ORDER BY kind`,
      );
      expect(subs.rows).toEqual([
        { kind: 'activity', n: activityCountsByOrgMonth().size, batches: 1 },
        { kind: 'finance', n: new Set(csvRows('finance.csv').map((r) => `${r.org_code}|${r.month}`)).size, batches: 1 },
      ]);
      const ref = await db.query(`SELECT kind, file_name, length(content) AS bytes FROM ingestion.v_reference_files ORDER BY kind`);
      expect(ref.rows).toEqual([
        { kind: 'cost_weights', file_name: 'cost_weights.csv', bytes: 1390313 },
        { kind: 'deflators', file_name: 'deflators.csv', bytes: 280 },
      ]);
      const batchIds = await db.query(`SELECT DISTINCT batch_id FROM ingestion.v_current_submissions WHERE kind = 'activity'`);
      expect(batchIds.rows).toEqual([{ batch_id: activity.id }]);
    });
  });

  it('emits batch.stored.v1 to productivity and reference.stored.v1 to cost-weights and deflators', async () => {
    const registry = svc.app.get(QueueRegistry);
    for (const b of first.filter((x) => ['trusts', 'activity', 'finance'].includes(x.kind))) {
      const job = await registry.queue(QUEUES.productivity).getJob(jobIdFor(PATTERNS.batchStored, b.id, b.sha256));
      expect(job?.name).toBe(PATTERNS.batchStored);
      expect(job?.data).toEqual({ batchId: b.id, kind: b.kind, orgCode: null, sha256: b.sha256, months: b.months, rows: b.rows });
    }
    for (const b of first.filter((x) => ['cost_weights', 'deflators'].includes(x.kind))) {
      for (const queue of [QUEUES.costWeights, QUEUES.deflators]) {
        const job = await registry.queue(queue).getJob(jobIdFor(PATTERNS.referenceStored, b.kind, b.sha256));
        expect(job?.data).toEqual({ batchId: b.id, kind: b.kind, sha256: b.sha256 });
      }
    }
  });

  it('the same upload twice (multipart or folder) changes nothing and says duplicate', async () => {
    const before = await tableCounts(svc.database.url);
    const jobsBefore = await svc.app.get(QueueRegistry).queue(QUEUES.productivity).getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed');
    const again = await uploadGolden(svc).expect(200);
    expect(again.body.batches.map((b: Batch) => [b.id, b.duplicate])).toEqual(first.map((b) => [b.id, true]));
    const folder = await asAdmin(svc).post('/bundles/folder').send({ path: GOLDEN }).expect(200);
    expect(folder.body.batches.map((b: Batch) => b.id).sort()).toEqual(first.map((b) => b.id).sort());
    expect(await tableCounts(svc.database.url)).toEqual(before);
    expect(before.activity).toBeGreaterThan(0);
    const jobsAfter = await svc.app.get(QueueRegistry).queue(QUEUES.productivity).getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed');
    expect(jobsBefore).toBe(3);
    expect(jobsAfter).toBe(jobsBefore);
  });

  it('lists batches and trusts, and answers 404/400 for unknown or malformed batch ids', async () => {
    const http = asAdmin(svc);
    const list = await http.get('/batches').expect(200);
    expect(list.body.batches.map((b: Batch) => b.id)).toEqual(first.map((b) => b.id).reverse());
    const finance = await http.get('/batches?kind=finance').expect(200);
    expect(finance.body.batches).toHaveLength(1);
    const one = await http.get(`/batches/${first[1].id}`).expect(200);
    expect(one.body).toMatchObject({ id: first[1].id, kind: 'activity', currentOrgMonths: activityCountsByOrgMonth().size });
    expect(one.body.notifiedAt).not.toBeNull();
    await http.get('/batches/00000000-0000-4000-8000-000000000000').expect(404);
    await http.get('/batches/not-a-uuid').expect(400);
    const trusts = await http.get('/trusts').expect(200);
    expect(trusts.body.trusts.map((t: { orgCode: string }) => t.orgCode)).toEqual(csvRows('trusts.csv').map((r) => r.org_code).sort());
  });
});
