// A trust's data notification: stored once, readable through ingestion.v_notifications,
// announced to productivity as notification.raised.v1, and refused with problem details when
// it names an unknown trust or is malformed.
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { jobIdFor, PATTERNS, QueueRegistry, QUEUES } from '@nhsp/queue';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { NotificationsService } from './notifications.service';

const GOLDEN = join(__dirname, '../../../../tools/fixtures/golden/bundle');
// Accepted as admin (ADMIN_API_KEY).
const ADMIN_KEY = 'notifications-spec-admin-key-0123456789';
const EPR = { orgCode: 'rxf', period: '2025-05', category: 'epr_go_live', text: '  EPR went live on 12 May; coding backlog into June  ' };

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows;
  } finally {
    await db.end();
  }
}

describe('ingestion: data notifications', () => {
  let svc: TestService;
  let first: { id: string };
  const http = () => request(svc.app.getHttpServer());
  const post = (body: object) => http().post('/notifications').set('Authorization', `Bearer ${ADMIN_KEY}`).send(body);
  const get = (path: string) => http().get(path).set('Authorization', `Bearer ${ADMIN_KEY}`);
  const productivityJob = (id: string) => svc.app.get(QueueRegistry).queue(QUEUES.productivity).getJob(jobIdFor(PATTERNS.notificationRaised, id));

  beforeAll(async () => {
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: { ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true' } });
    await http().post('/bundles').set('Authorization', `Bearer ${ADMIN_KEY}`).attach('files', join(GOLDEN, 'trusts.csv')).expect(201);
  });
  afterAll(() => svc?.stop());

  it('stores a notification, shows it in v_notifications and tells productivity', async () => {
    const res = await post(EPR).expect(201);
    expect(res.body).toMatchObject({
      duplicate: false,
      notification: { orgCode: 'RXF', month: '2025-05', category: 'epr_go_live', text: 'EPR went live on 12 May; coding backlog into June' },
    });
    first = res.body.notification;
    const view = await query(svc.database.url, `SELECT id, org_code, month, category, text FROM ingestion.v_notifications`);
    expect(view).toEqual([{ id: first.id, org_code: 'RXF', month: '2025-05', category: 'epr_go_live', text: 'EPR went live on 12 May; coding backlog into June' }]);
    expect((await productivityJob(first.id))?.data).toEqual({ notificationId: first.id, orgCode: 'RXF', month: '2025-05' });
  });

  it('answers the stored notification for the same one raised again, storing nothing new', async () => {
    const again = await post({ ...EPR, text: 'EPR went live on 12 May; coding backlog into June' }).expect(200);
    expect(again.body).toMatchObject({ duplicate: true, notification: { id: first.id } });
    expect(await query(svc.database.url, `SELECT count(*)::int AS n FROM ingestion.notification`)).toEqual([{ n: 1 }]);
  });

  it('announces a notification the queue never got, at the next sweep, once', async () => {
    const other = (await post({ orgCode: 'RAN', period: '2024-06', category: 'restated_finance', text: 'Agency spend restated' }).expect(201)).body.notification;
    await (await productivityJob(other.id))!.remove();
    await query(svc.database.url, `UPDATE ingestion.notification SET notified_at = NULL WHERE id = $1`, [other.id]);
    expect(await svc.app.get(NotificationsService).announcePending()).toBe(1);
    expect((await productivityJob(other.id))?.data).toEqual({ notificationId: other.id, orgCode: 'RAN', month: '2024-06' });
    expect(await svc.app.get(NotificationsService).announcePending()).toBe(0);
  });

  it('lists notifications by trust and by the month they concern', async () => {
    const all = (await get('/notifications').expect(200)).body.notifications;
    expect(all.map((n: { orgCode: string; month: string }) => `${n.orgCode} ${n.month}`)).toEqual(['RAN 2024-06', 'RXF 2025-05']);
    const rxf = (await get('/notifications?org=rxf').expect(200)).body.notifications;
    expect(rxf.map((n: { id: string }) => n.id)).toEqual([first.id]);
    expect((await get('/notifications?period=2024-06&org=RXF').expect(200)).body.notifications).toEqual([]);
    expect((await get('/notifications?period=2024-06').expect(200)).body.notifications).toHaveLength(1);
    const bad = await get('/notifications?period=June').expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['period']);
  });

  it('refuses a malformed notification or an unknown trust with problem details and stores nothing', async () => {
    const bad = await post({ orgCode: 'R!', period: '2025-13', category: 'go_live', text: ' ' }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['orgCode', 'period', 'category', 'text']);
    const unknown = await post({ ...EPR, orgCode: 'RZZ' }).expect(422);
    expect(unknown.body).toMatchObject({ type: 'urn:nhsp:problem:unknown-trust', errors: [{ path: 'orgCode' }] });
    expect(await query(svc.database.url, `SELECT count(*)::int AS n FROM ingestion.notification`)).toEqual([{ n: 2 }]);
  });

  it("accepts a trust's submitter key for its own organisation only", async () => {
    const created = await http().post('/admin/api-keys').set('Authorization', `Bearer ${ADMIN_KEY}`).send({ name: 'RXF returns', role: 'submitter', orgCode: 'RXF' }).expect(201);
    const key = created.body.key;
    const asSubmitter = (body: object) => http().post('/notifications').set('Authorization', `Bearer ${key}`).send(body);
    await asSubmitter({ orgCode: 'rxf', period: '2025-07', category: 'sdec_setting_change', text: 'SDEC moved to the ambulatory unit' }).expect(201);
    const refused = await asSubmitter({ orgCode: 'RAN', period: '2025-07', category: 'other', text: 'not ours' }).expect(403);
    expect(refused.body.type).toBe('urn:nhsp:problem:forbidden');
    // It lists its own organisation's notifications only (issue 16.2), never another's.
    const own = (await http().get('/notifications').set('Authorization', `Bearer ${key}`).expect(200)).body.notifications;
    expect([...new Set(own.map((n: { orgCode: string }) => n.orgCode))]).toEqual(['RXF']);
    await http().get('/notifications?org=RAN').set('Authorization', `Bearer ${key}`).expect(403);
    await http().post('/notifications').send(EPR).expect(401);
    expect(await query(svc.database.url, `SELECT org_code, month FROM ingestion.notification WHERE month = '2025-07'`)).toEqual([{ org_code: 'RXF', month: '2025-07' }]);
  });
});
