// A data notification's lifecycle (issue 16.2): each step by the roles allowed to take it and
// refused to every other (a test per transition and per refused transition), recorded in its
// history and in access.audit_log, seen by its own trust only; declining or resolving one asks
// productivity to re-run the periods it touched.
import request from 'supertest';
import { jobIdFor, PATTERNS, QueueRegistry, QUEUES } from '@nhsp/queue';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ADMIN_KEY, asAdmin, csvRows, GOLDEN, withDb } from './helpers';
import { join } from 'node:path';

describe('ingestion: the notification lifecycle', () => {
  let svc: TestService;
  const keys = { analyst: '', publisher: '', rxf: '', ran: '' };
  const as = (key?: string) => {
    const agent = request.agent(svc.app.getHttpServer());
    return key ? agent.set('Authorization', `Bearer ${key}`) : agent;
  };
  const statusOf = async (id: string) => (await withDb(svc.database.url, (db) => db.query(`SELECT status, status_note FROM ingestion.v_notifications WHERE id = $1`, [id]))).rows[0];
  const productivityJob = (...key: string[]) => svc.app.get(QueueRegistry).queue(QUEUES.productivity).getJob(jobIdFor(PATTERNS.notificationRaised, ...key));
  let n = 0;
  /** A new notification of RXF, raised by its own submitter key. */
  const raise = async (month = '2025-05') =>
    (await as(keys.rxf).post('/notifications').send({ orgCode: 'RXF', period: month, category: 'epr_go_live', text: `EPR go-live, note ${++n}` }).expect(201)).body.notification.id as string;
  const underReview = async (month?: string) => {
    const id = await raise(month);
    await as(keys.analyst).post(`/notifications/${id}/review`).send({}).expect(200);
    return id;
  };

  beforeAll(async () => {
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: { ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', ACCESS_CACHE_MS: '0' } });
    await asAdmin(svc).post('/bundles').attach('files', join(GOLDEN, 'trusts.csv')).expect(201);
    for (const [name, body] of [['analyst', { role: 'analyst' }], ['publisher', { role: 'publisher' }], ['rxf', { role: 'submitter', orgCode: 'RXF' }], ['ran', { role: 'submitter', orgCode: 'RAN' }]] as const) {
      keys[name] = (await asAdmin(svc).post('/admin/api-keys').send({ name: `lifecycle ${name}`, ...body }).expect(201)).body.key;
    }
  });
  afterAll(() => svc?.stop());

  describe('review: raised → under review', () => {
    it('an analyst (or a publisher) takes it up', async () => {
      const id = await raise();
      const res = await as(keys.analyst).post(`/notifications/${id}/review`).send({ note: 'Looking at the coding backlog' }).expect(200);
      expect(res.body).toMatchObject({ id, status: 'under_review', statusNote: 'Looking at the coding backlog', history: [{ fromStatus: 'raised', toStatus: 'under_review', role: 'analyst' }] });
      const other = await raise();
      await as(keys.publisher).post(`/notifications/${other}/review`).send({}).expect(200);
    });

    it('is refused to the trust, to anyone without a key, and twice', async () => {
      const id = await raise();
      expect((await as(keys.rxf).post(`/notifications/${id}/review`).send({}).expect(403)).body.type).toBe('urn:nhsp:problem:forbidden');
      await as().post(`/notifications/${id}/review`).send({}).expect(401);
      await as(keys.analyst).post(`/notifications/${id}/review`).send({}).expect(200);
      expect((await as(keys.analyst).post(`/notifications/${id}/review`).send({}).expect(409)).body.type).toBe('urn:nhsp:problem:conflict');
      expect(await statusOf(id)).toEqual({ status: 'under_review', status_note: null });
    });
  });

  describe('accept: under review → accepted, with the analyst\'s note', () => {
    it('an analyst accepts with a note; the estimates keep the flag (no re-run)', async () => {
      const id = await underReview();
      const res = await as(keys.analyst).post(`/notifications/${id}/accept`).send({ note: 'Confirmed: EPR cut-over on 12 May; activity under-recorded' }).expect(200);
      expect(res.body).toMatchObject({ status: 'accepted', statusNote: 'Confirmed: EPR cut-over on 12 May; activity under-recorded' });
      expect(res.body.history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['under_review', 'accepted']);
      expect(await productivityJob(id, 'accepted')).toBeUndefined();
    });

    it('is refused without a note, to the trust, before review and after a decision', async () => {
      const raised = await raise();
      await as(keys.analyst).post(`/notifications/${raised}/accept`).send({ note: 'too early' }).expect(409);
      const id = await underReview();
      const noNote = await as(keys.analyst).post(`/notifications/${id}/accept`).send({}).expect(400);
      expect(noNote.body.errors.map((e: { path: string }) => e.path)).toEqual(['note']);
      await as(keys.rxf).post(`/notifications/${id}/accept`).send({ note: 'we accept ourselves' }).expect(403);
      await as(keys.analyst).post(`/notifications/${id}/decline`).send({ reason: 'Within normal variation' }).expect(200);
      await as(keys.analyst).post(`/notifications/${id}/accept`).send({ note: 'changed my mind' }).expect(409);
      expect((await statusOf(raised)).status).toBe('raised');
      expect((await statusOf(id)).status).toBe('declined');
    });
  });

  describe('decline: under review → declined, with the reason', () => {
    it('an analyst declines with a reason, and productivity is asked to re-run without it', async () => {
      const id = await underReview();
      const res = await as(keys.analyst).post(`/notifications/${id}/decline`).send({ reason: 'The month is within the trust\'s normal variation' }).expect(200);
      expect(res.body).toMatchObject({ status: 'declined', statusNote: 'The month is within the trust\'s normal variation' });
      expect((await productivityJob(id, 'declined'))?.data).toEqual({ notificationId: id, orgCode: 'RXF', month: '2025-05' });
    });

    it('is refused without a reason, to the trust, before review and after acceptance', async () => {
      const raised = await raise();
      await as(keys.analyst).post(`/notifications/${raised}/decline`).send({ reason: 'early' }).expect(409);
      const id = await underReview();
      await as(keys.analyst).post(`/notifications/${id}/decline`).send({ reason: '  ' }).expect(400);
      await as(keys.ran).post(`/notifications/${id}/decline`).send({ reason: 'not yours' }).expect(403);
      await as(keys.analyst).post(`/notifications/${id}/accept`).send({ note: 'Accepted' }).expect(200);
      await as(keys.analyst).post(`/notifications/${id}/decline`).send({ reason: 'after all' }).expect(409);
      expect((await statusOf(id)).status).toBe('accepted');
    });
  });

  describe('resolve: raised or under review → resolved by a resubmission', () => {
    it('is refused before the trust resubmits the month, to analysts, and to another trust', async () => {
      const id = await raise('2025-06');
      const early = await as(keys.rxf).post(`/notifications/${id}/resolve`).send({}).expect(409);
      expect(early.body.detail).toMatch(/has not resubmitted 2025-06/);
      await as(keys.analyst).post(`/notifications/${id}/resolve`).send({}).expect(403);
      // Another trust's submitter does not learn that it exists.
      await as(keys.ran).post(`/notifications/${id}/resolve`).send({}).expect(404);
      expect((await statusOf(id)).status).toBe('raised');
    });

    it('the trust resolves it once it has resubmitted the month; the resolving batch is kept', async () => {
      const raised = await raise('2025-06');
      const reviewed = await underReview('2025-06');
      const rows = csvRows('finance.csv').filter((r) => r.org_code === 'RXF' && r.month === '2025-06');
      const columns = Object.keys(rows[0]);
      const file = Buffer.from([columns.join(','), ...rows.map((r) => columns.map((c) => r[c]).join(','))].join('\n'));
      const batch = (await as(keys.rxf).post('/bundles').attach('files', file, 'finance.csv').expect(201)).body;
      const batchId = JSON.stringify(batch).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)![0];
      for (const id of [raised, reviewed]) {
        const res = await as(keys.rxf).post(`/notifications/${id}/resolve`).send({ note: 'Finance resubmitted' }).expect(200);
        expect(res.body).toMatchObject({ status: 'resolved', resolvedByBatchId: batchId });
        expect((await productivityJob(id, 'resolved'))?.data).toMatchObject({ notificationId: id });
        await as(keys.rxf).post(`/notifications/${id}/resolve`).send({}).expect(409);
      }
    });
  });

  it('a trust sees its own notifications with their status, and nobody else\'s', async () => {
    const ran = (await as(keys.ran).post('/notifications').send({ orgCode: 'RAN', period: '2024-06', category: 'restated_finance', text: 'Agency spend restated' }).expect(201)).body.notification.id;
    const own = (await as(keys.rxf).get('/notifications').expect(200)).body.notifications;
    expect(new Set(own.map((x: { orgCode: string }) => x.orgCode))).toEqual(new Set(['RXF']));
    expect(new Set(own.map((x: { status: string }) => x.status))).toEqual(new Set(['raised', 'under_review', 'accepted', 'declined', 'resolved']));
    await as(keys.rxf).get('/notifications?org=RAN').expect(403);
    await as(keys.rxf).get(`/notifications/${ran}`).expect(404);
    expect((await as(keys.ran).get(`/notifications/${ran}`).expect(200)).body).toMatchObject({ orgCode: 'RAN', status: 'raised', history: [] });
    const all = (await as(keys.analyst).get('/notifications').expect(200)).body.notifications;
    expect(new Set(all.map((x: { orgCode: string }) => x.orgCode))).toEqual(new Set(['RXF', 'RAN']));
    await as(keys.analyst).get('/notifications/not-a-uuid').expect(400);
    await as(keys.analyst).get('/notifications/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('every step is audited with the key that took it', async () => {
    const rows = (await withDb(svc.database.url, (db) => db.query(
      `SELECT a.role, a.path, a.status FROM access.audit_log a WHERE a.path ~ '^/notifications/[^/]+/(review|accept|decline|resolve)$' AND a.status = 200`,
    ))).rows;
    const events = (await withDb(svc.database.url, (db) => db.query(`SELECT count(*)::int AS n FROM ingestion.notification_event`))).rows[0].n;
    expect(rows.length).toBe(events);
    expect(new Set(rows.map((r: { role: string }) => r.role))).toEqual(new Set(['analyst', 'publisher', 'submitter']));
  });
});
