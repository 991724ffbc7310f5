// notifications.csv in POST /bundles: read by the same reader as compute and explain, stored with
// the upload's other files (all or nothing), the same notification sent twice stored once (also
// when it was raised through POST /notifications), each new one announced to productivity, and a
// submitter confined to its own organisation as on POST /notifications.
import { join } from 'node:path';
import request from 'supertest';
import { jobIdFor, PATTERNS, QueueRegistry, QUEUES } from '@nhsp/queue';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ADMIN_KEY, asAdmin, csvRows, GOLDEN, withDb } from './helpers';

const csv = (...lines: string[]) => Buffer.from(['org_code,month,category,text', ...lines].join('\n'));

describe('ingestion: notifications.csv in a bundle', () => {
  let svc: TestService;
  let rxfKey: string;
  const as = (key: string) => request.agent(svc.app.getHttpServer()).set('Authorization', `Bearer ${key}`);
  const stored = async () =>
    (await withDb(svc.database.url, (db) => db.query(`SELECT org_code, month, category, text FROM ingestion.v_notifications ORDER BY org_code, month, text`))).rows;
  const counts = async () =>
    (
      await withDb(svc.database.url, (db) =>
        db.query(`SELECT (SELECT count(*)::int FROM ingestion.batch) AS batches, (SELECT count(*)::int FROM ingestion.notification) AS notifications`),
      )
    ).rows[0];
  const productivityJob = (id: string) => svc.app.get(QueueRegistry).queue(QUEUES.productivity).getJob(jobIdFor(PATTERNS.notificationRaised, id));
  const ownFinance = () => {
    const rows = csvRows('finance.csv').filter((r) => r.org_code === 'RXF');
    const columns = Object.keys(rows[0]);
    return Buffer.from([columns.join(','), ...rows.map((r) => columns.map((c) => r[c]).join(','))].join('\n'));
  };

  beforeAll(async () => {
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: { ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true' } });
    // A submitter key names a trust of the stored list: RXF alone first (the golden list, a different file, is the first test's upload).
    const rxf = csvRows('trusts.csv').find((t) => t.org_code === 'RXF')!;
    const trustColumns = Object.keys(rxf);
    await asAdmin(svc)
      .post('/bundles')
      .attach('files', Buffer.from(`${trustColumns.join(',')}\n${trustColumns.map((c) => rxf[c]).join(',')}\n`), 'trusts.csv')
      .expect(201);
    rxfKey = (await asAdmin(svc).post('/admin/api-keys').send({ name: 'RXF returns', role: 'submitter', orgCode: 'RXF' }).expect(201)).body.key;
  });
  afterAll(() => svc?.stop());

  it('stores the notifications with the trust list they name, and tells productivity about each', async () => {
    const res = await asAdmin(svc)
      .post('/bundles')
      .attach('files', join(GOLDEN, 'trusts.csv'))
      .attach('files', csv('rxf,2025-05,EPR_GO_LIVE,"EPR went live on 12 May, coding backlog"', 'RAN,2024-06,restated_finance,Agency spend restated', 'RAN,2024-06,restated_finance,Agency spend restated'), 'notifications.csv')
      .expect(201);
    expect(res.body.batches.map((b: { kind: string }) => b.kind)).toEqual(['trusts']);
    expect(res.body.notifications.map((n: { orgCode: string; month: string; category: string; duplicate: boolean }) => [n.orgCode, n.month, n.category, n.duplicate])).toEqual([
      ['RXF', '2025-05', 'epr_go_live', false],
      ['RAN', '2024-06', 'restated_finance', false],
    ]);
    expect(await stored()).toEqual([
      { org_code: 'RAN', month: '2024-06', category: 'restated_finance', text: 'Agency spend restated' },
      { org_code: 'RXF', month: '2025-05', category: 'epr_go_live', text: 'EPR went live on 12 May, coding backlog' },
    ]);
    for (const n of res.body.notifications) {
      expect((await productivityJob(n.id))?.data).toEqual({ notificationId: n.id, orgCode: n.orgCode, month: n.month });
    }
    // Listed by organisation in any case; one not in the trust list is 404 naming it, not an empty list.
    const listed = await asAdmin(svc).get('/notifications?org=ran').expect(200);
    expect(listed.body.notifications.map((n: { orgCode: string }) => n.orgCode)).toEqual(['RAN']);
    const unknown = await asAdmin(svc).get('/notifications?org=ZZZ').expect(404);
    expect(unknown.body).toMatchObject({ type: 'urn:nhsp:problem:unknown-organisation', org: 'ZZZ' });
  });

  it('stores a notification sent again, by file or by POST /notifications, once', async () => {
    const before = await counts();
    const again = await asAdmin(svc).post('/bundles').attach('files', csv('RAN,2024-06,restated_finance,Agency spend restated'), 'notifications.csv').expect(200);
    expect(again.body.notifications).toMatchObject([{ orgCode: 'RAN', duplicate: true }]);
    await asAdmin(svc).post('/notifications').send({ orgCode: 'RXF', period: '2025-05', category: 'epr_go_live', text: 'EPR went live on 12 May, coding backlog' }).expect(200);
    expect(await counts()).toEqual(before);
  });

  it('rejects a bad notifications.csv with file:line:column reasons, storing none of the upload', async () => {
    const before = await counts();
    const res = await asAdmin(svc)
      .post('/bundles')
      .attach('files', ownFinance(), 'finance.csv')
      .attach('files', csv('RXF,2025-06,coding_change,fine', 'RXF,2025-13,go_live,', 'RZZ,2025-06,other,unknown trust'), 'notifications.csv')
      .expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'notifications.csv', line: 3, column: 'month' }),
        expect.objectContaining({ file: 'notifications.csv', line: 3, column: 'category', reason: expect.stringContaining('is not a notification category') }),
        expect.objectContaining({ file: 'notifications.csv', line: 3, column: 'text' }),
        expect.objectContaining({ file: 'notifications.csv', line: 4, column: 'org_code', reason: expect.stringContaining('unknown trust "RZZ"') }),
      ]),
    );
    expect(await counts()).toEqual(before);
  });

  it("lets a trust's submitter key send its own notifications only, storing nothing of an upload that names another trust", async () => {
    const before = await counts();
    const refused = await as(rxfKey)
      .post('/bundles')
      .attach('files', ownFinance(), 'finance.csv')
      .attach('files', csv('RXF,2025-07,other,ours', 'RAN,2025-07,other,not ours'), 'notifications.csv')
      .expect(403);
    expect(refused.body).toMatchObject({ type: 'urn:nhsp:problem:forbidden', detail: 'This key submits for RXF only; notifications.csv also concerns RAN' });
    expect(await counts()).toEqual(before);

    const own = await as(rxfKey).post('/bundles').attach('files', csv('RXF,2025-07,sdec_setting_change,SDEC moved to the ambulatory unit'), 'notifications.csv').expect(201);
    expect(own.body.notifications).toMatchObject([{ orgCode: 'RXF', month: '2025-07', duplicate: false }]);
    expect((await stored()).filter((n) => n.month === '2025-07')).toEqual([{ org_code: 'RXF', month: '2025-07', category: 'sdec_setting_change', text: 'SDEC moved to the ambulatory unit' }]);
  });
});
