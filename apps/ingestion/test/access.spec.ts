// Who may upload what: a trust's submitter key sends its own activity and finance only; the
// trust list, the national reference files and folder loads need admin; reads need analyst.
import { join } from 'node:path';
import request from 'supertest';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ADMIN_KEY, asAdmin, csvRows, FIXTURES, GOLDEN, tableCounts, withDb } from './helpers';

/** The golden activity/finance rows of one trust, as a CSV file of the same layout. */
function rowsOf(fileName: string, orgCodes: string[]): Buffer {
  const rows = csvRows(fileName).filter((r) => orgCodes.includes(r.org_code.trim().toUpperCase()));
  const columns = Object.keys(rows[0]);
  return Buffer.from([columns.join(','), ...rows.map((r) => columns.map((c) => r[c]).join(','))].join('\n'));
}

describe('ingestion: access by role', () => {
  let svc: TestService;
  const keys = { analyst: '', rxf: '' };
  const as = (key: string) => request.agent(svc.app.getHttpServer()).set('Authorization', `Bearer ${key}`);
  const batchCount = async () => (await tableCounts(svc.database.url)).batch;

  beforeAll(async () => {
    // The admin API is mounted here only to make the test's keys (publication hosts it in production).
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: { ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', DATA_ROOTS: FIXTURES } });
    const create = async (body: object) => (await asAdmin(svc).post('/admin/api-keys').send(body).expect(201)).body.key as string;
    // The trust list first: a submitter key names one of its trusts.
    await asAdmin(svc).post('/bundles').attach('files', join(GOLDEN, 'trusts.csv')).expect(201);
    keys.analyst = await create({ name: 'analysts', role: 'analyst' });
    keys.rxf = await create({ name: 'Mid Yorkshire uploads', role: 'submitter', orgCode: 'RXF' });
  });
  afterAll(() => svc?.stop());

  it('stores a submitter upload whose every activity and finance row is its own trust', async () => {
    const res = await as(keys.rxf)
      .post('/bundles')
      .attach('files', rowsOf('activity.csv', ['RXF']), 'activity.csv')
      .attach('files', rowsOf('finance.csv', ['RXF']), 'finance.csv')
      .expect(201);
    expect(res.body.batches.map((b: { kind: string }) => b.kind)).toEqual(['activity', 'finance']);
    const orgs = await asAdmin(svc).get(`/batches/${res.body.batches[0].id}`).expect(200);
    expect(orgs.body.orgMonths).toBeGreaterThan(0);
  });

  it("refuses, storing nothing, a submitter upload holding another trust's rows", async () => {
    const before = await tableCounts(svc.database.url);
    const res = await as(keys.rxf)
      .post('/bundles')
      .attach('files', rowsOf('finance.csv', ['RXF']), 'finance.csv')
      .attach('files', rowsOf('activity.csv', ['RXF', 'RAN']), 'activity.csv')
      .expect(403);
    expect(res.body).toMatchObject({ type: 'urn:nhsp:problem:forbidden', detail: 'This key submits for RXF only; activity.csv also concerns RAN', orgCodes: ['RAN'] });
    expect(await tableCounts(svc.database.url)).toEqual(before);
  });

  it('keeps the trust list and the national reference files for admin keys', async () => {
    const before = await batchCount();
    for (const name of ['trusts.csv', 'cost_weights.csv', 'deflators.csv']) {
      const res = await as(keys.rxf).post('/bundles').attach('files', rowsOf('finance.csv', ['RXF']), 'finance.csv').attach('files', join(GOLDEN, name)).expect(403);
      expect(res.body.detail).toContain(`${name}: national files need an admin key`);
    }
    expect(await batchCount()).toBe(before);
    const admin = await asAdmin(svc).post('/bundles').attach('files', join(GOLDEN, 'deflators.csv')).expect(201);
    expect(admin.body.batches[0].kind).toBe('deflators');
  });

  it('lets only admin load a folder', async () => {
    for (const key of [keys.rxf, keys.analyst]) await as(key).post('/bundles/folder').send({ path: GOLDEN }).expect(403);
    await request(svc.app.getHttpServer()).post('/bundles/folder').send({ path: GOLDEN }).expect(401);
    await asAdmin(svc).post('/bundles/folder').send({ path: GOLDEN }).expect(201);
  });

  it('lets analysts read batches and trusts but upload nothing; submitters read nothing; no key, nothing', async () => {
    await as(keys.analyst).get('/batches').expect(200);
    await as(keys.analyst).get('/trusts').expect(200);
    await as(keys.analyst).post('/bundles').attach('files', rowsOf('finance.csv', ['RXF']), 'finance.csv').expect(403);
    await as(keys.rxf).get('/batches').expect(403);
    await as(keys.rxf).get('/trusts').expect(403);
    const anonymous = await request(svc.app.getHttpServer()).get('/batches').expect(401);
    expect(anonymous.body.type).toBe('urn:nhsp:problem:unauthenticated');
  });

  it('records every submitter upload, refused ones included, in the audit log', async () => {
    const statuses = async () =>
      (
        await withDb(svc.database.url, (db) =>
          db.query("SELECT status FROM access.audit_log WHERE service = 'ingestion' AND path = '/bundles' AND role = 'submitter'"),
        )
      ).rows.map((r) => r.status as number);
    // 1 accepted, 1 with another trust's rows, 3 with national files; rows follow each response.
    await waitFor(async () => (await statuses()).length >= 5, { description: 'five audit rows' });
    expect((await statuses()).sort()).toEqual([201, 403, 403, 403, 403]);
  });
});
