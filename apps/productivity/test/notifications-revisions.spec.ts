// A trust's data notification re-runs exactly the periods whose year-to-date includes its month,
// as a new vintage with TRUST_NOTIFICATION on exactly the touched estimates; every revision says
// why it happened (notification, restated org-month, settings) in its causes.
import { lastValueFrom } from 'rxjs';
import request from 'supertest';
import { Exact } from '@nhsp/domain';
import { baseSchema, productivitySchema } from '@nhsp/persistence';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { productivityService } from '../src/main';
import { NotificationTrigger } from '../src/notification-trigger';
import { ADMIN_KEY, boardStandInSchema, raiseNotification } from './board-stand-ins';
import { loadGoldenBundle, restateFinance, standInSchema, withClient } from './stand-in-inputs';

interface Run {
  id: string;
  period: string;
  vintage: string;
  inputs: { notifications: Array<{ id: string }> };
}
interface Estimate {
  orgCode: string;
  flags: string[];
  productivityGrowth: string | null;
  detail: { notifications: Array<{ month: string; category: string; text: string }> };
}

const EPR = 'EPR went live on 12 May 2025; coding backlog into June';
const RESTATED = 'Base-year agency spend restated';

describe('productivity: notifications and revision causes', () => {
  let svc: TestService;
  let first: Run;
  let eprId: string;
  let restatedId: string;
  const get = (path: string) => request(svc.app.getHttpServer()).get(path).set('Authorization', `Bearer ${ADMIN_KEY}`);
  const post = (path: string, body: object) => request(svc.app.getHttpServer()).post(path).set('Authorization', `Bearer ${ADMIN_KEY}`).send(body);
  const runs = async (period?: string): Promise<Run[]> => (await get(`/runs${period ? `?period=${period}` : ''}`).expect(200)).body.runs;
  const estimates = async (runId: string): Promise<Estimate[]> => (await get(`/runs/${runId}/estimates`).expect(200)).body.estimates;
  const flagged = (list: Estimate[]) => list.filter((e) => e.flags.includes('TRUST_NOTIFICATION')).map((e) => e.orgCode);

  beforeAll(async () => {
    svc = await startTestService({
      ...productivityService,
      registrations: [baseSchema, standInSchema, boardStandInSchema, productivitySchema, accessRegistration],
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
    await loadGoldenBundle(svc.database.url);
    first = (await post('/runs', { period: '2025-06' }).expect(202)).body.run;
  });
  afterAll(() => svc?.stop());

  it('re-runs the periods whose year-to-date includes the month, flagging exactly the touched estimates', async () => {
    // RXF about 2025-05 (a current month of 2025-05 onwards); RYR about 2024-06 (a base month of 2025-06 onwards).
    eprId = await raiseNotification(svc.database.url, 'RXF', '2025-05', 'epr_go_live', EPR);
    restatedId = await raiseNotification(svc.database.url, 'RYR', '2024-06', 'restated_finance', RESTATED);
    const bus = svc.app.get(BullMqClient);
    const later = ['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'];
    expect(await lastValueFrom(bus.send(PATTERNS.notificationRaised, { notificationId: eprId, orgCode: 'RXF', month: '2025-05' }))).toEqual({ notificationId: eprId, periods: later });
    // Emitted, not sent: its reply would queue behind the eight runs just requested.
    expect(await svc.app.get(NotificationTrigger).periodsTouching('2024-06')).toEqual(later.slice(1));
    await bus.emitEvent(PATTERNS.notificationRaised, { notificationId: restatedId, orgCode: 'RYR', month: '2024-06' });
    await waitFor(async () => {
      const all = await runs();
      expect([...new Set(all.map((r) => r.period))]).toEqual(later);
      expect((await runs('2025-06')).map((r) => r.vintage)).toEqual(['provisional', 'provisional_revised']);
      expect(all.every((r) => r.inputs.notifications.length === (r.period === '2025-05' ? 1 : 2) || r.id === first.id)).toBe(true);
      // The queue is idle once every run's follow-up sensitivity job is done.
      const done = await withClient(svc.database.url, (c) => c.query(`SELECT count(*)::int AS n FROM productivity.sensitivity_run`));
      expect(done.rows[0].n).toBe(all.length);
      return true;
    }, { timeoutMs: 120000, description: 'runs of the touched periods and their sensitivity' });

    const [, revised] = await runs('2025-06');
    expect(revised.inputs.notifications.map((n) => n.id).sort()).toEqual([eprId, restatedId].sort());
    const before = await estimates(first.id);
    const after = await estimates(revised.id);
    expect(flagged(before)).toEqual([]);
    expect(flagged(after)).toEqual(['RXF', 'RYR']);
    const rxf = after.find((e) => e.orgCode === 'RXF')!;
    expect(rxf.flags).toEqual(['UNWEIGHTED_ACTIVITY', 'TRUST_NOTIFICATION']);
    expect(rxf.detail.notifications).toEqual([{ month: '2025-05', category: 'epr_go_live', text: EPR }]);
    expect(after.find((e) => e.orgCode === 'RYR')!.flags).toEqual(['POD_SHIFT', 'OUTLIER', 'TRUST_NOTIFICATION']);
    // Nothing but the flags moved.
    expect(after.map((e) => [e.orgCode, e.productivityGrowth])).toEqual(before.map((e) => [e.orgCode, e.productivityGrowth]));

    // 2025-05's base months are 2024-04..05: RYR's 2024-06 notification does not touch it.
    const [may] = await runs('2025-05');
    expect(flagged(await estimates(may.id))).toEqual(['RXF']);
  });

  it('makes no further vintage when the same notification is announced again', async () => {
    const bus = svc.app.get(BullMqClient);
    await lastValueFrom(bus.send(PATTERNS.notificationRaised, { notificationId: eprId, orgCode: 'RXF', month: '2025-05' }));
    const reply = await lastValueFrom(bus.send(PATTERNS.runRequested, { period: '2025-06', reason: 'operator check' }));
    expect(reply).toMatchObject({ created: false });
    expect((await runs('2025-06')).map((r) => r.vintage)).toEqual(['provisional', 'provisional_revised']);
  });

  it('says the revision of a trust came from its notification, and explains the flag with it', async () => {
    const revision = (await get('/revisions?period=2025-06&org=RXF').expect(200)).body;
    expect(revision).toMatchObject({ from: { runId: first.id }, flagsAdded: ['TRUST_NOTIFICATION'], changes: [] });
    expect(revision.causes).toMatchObject({ submissions: [], otherTrustsSubmissions: [], weightSet: null, deflatorSet: null, settings: [], notificationsWithdrawn: [] });
    expect(revision.causes.notificationsAdded).toEqual([{ id: eprId, orgCode: 'RXF', month: '2025-05', category: 'epr_go_live', text: EPR }]);
    expect(revision.causes.summary).toEqual([`RXF raised a notification about 2025-05 (epr_go_live): ${EPR}`]);

    const x = (await get('/explanations/RXF?period=2025-06').expect(200)).body;
    expect(x.flags.find((f: { code: string }) => f.code === 'TRUST_NOTIFICATION')).toEqual({
      code: 'TRUST_NOTIFICATION',
      evidence: `2025-05 epr_go_live: ${EPR}`,
      details: { notifications: [{ month: '2025-05', category: 'epr_go_live', text: EPR }] },
    });
    expect(x.vintages.map((v: { vintage: string; changeFromPrevious: string | null; isThisRun: boolean }) => [v.vintage, v.changeFromPrevious, v.isThisRun])).toEqual([
      ['provisional', null, false],
      ['provisional_revised', '0', true],
    ]);
  });

  it('names the restated org-month as the cause of a revision, and its evidence for RESTATED', async () => {
    const before = (await runs('2025-06')).pop()!;
    await restateFinance(svc.database.url, 'RJ7', '2025-05', '1.1');
    const restated = (await post('/runs', { period: '2025-06' }).expect(202)).body.run;

    const rj7 = (await get('/revisions?period=2025-06&org=RJ7').expect(200)).body;
    expect(rj7).toMatchObject({ from: { runId: before.id }, to: { runId: restated.id }, flagsAdded: ['RESTATED'] });
    expect(rj7.causes).toMatchObject({
      submissions: [{ orgCode: 'RJ7', month: '2025-05', kind: 'finance', change: 'restated' }],
      otherTrustsSubmissions: [],
      notificationsAdded: [],
      settings: [],
    });
    expect(rj7.causes.summary).toEqual(['finance for RJ7 2025-05 was resubmitted with different figures']);
    const spend = rj7.changes.find((c: { measure: string }) => c.measure === 'realSpendCurrent');
    expect(new Exact(spend.difference).gt(0)).toBe(true);

    // For another trust, the same revision changed nothing of its own.
    const rxf = (await get('/revisions?period=2025-06&org=RXF').expect(200)).body;
    expect(rxf.causes.submissions).toEqual([]);
    expect(rxf.causes.otherTrustsSubmissions).toEqual([{ orgCode: 'RJ7', month: '2025-05', kind: 'finance', change: 'restated' }]);
    expect(rxf.changes).toEqual([]);

    const x = (await get(`/runs/${restated.id}/estimates/RJ7/explanation`).expect(200)).body;
    expect(x.flags.find((f: { code: string }) => f.code === 'RESTATED')).toEqual({
      code: 'RESTATED',
      evidence: 'resubmitted since the provisional_revised run: finance 2025-05',
      details: { since: { runId: before.id, vintage: 'provisional_revised' }, submissions: [{ orgCode: 'RJ7', month: '2025-05', kind: 'finance', change: 'restated' }] },
    });
  });

  it('names changed settings or a new deflator set as the cause, and refuses sensitivity of a run whose submissions were since restated', async () => {
    await post('/runs', { period: '2025-06', settings: { workingDays: 'on', thresholds: { podShift: 0.1 } } }).expect(202);
    const revision = (await get('/revisions?period=2025-06&org=RXF').expect(200)).body;
    expect(revision.causes.settings).toEqual([
      { setting: 'thresholds.podShift', from: 0.05, to: 0.1 },
      { setting: 'workingDays', from: 'off', to: 'on' },
    ]);
    expect(revision.causes.submissions).toEqual([]);

    // The same deflators loaded again as a new set: a new run whose cause is the set, figures unchanged.
    const [from, to] = await withClient(svc.database.url, async (c) => {
      const old = (await c.query(`SELECT id::text AS id FROM deflators.v_deflator_sets`)).rows[0].id;
      const fresh = (await c.query(`INSERT INTO deflators.v_deflator_sets SELECT gen_random_uuid(), name, 'reloaded', now() + interval '1 second' FROM deflators.v_deflator_sets RETURNING id::text AS id`)).rows[0].id;
      await c.query(`INSERT INTO deflators.v_deflator_years SELECT $2::uuid, year, prices, pay, pay_and_prices FROM deflators.v_deflator_years WHERE deflator_set_id = $1`, [old, fresh]);
      return [old, fresh];
    });
    await post('/runs', { period: '2025-06', settings: { workingDays: 'on', thresholds: { podShift: 0.1 } } }).expect(202);
    const reloaded = (await get('/revisions?period=2025-06&org=RXF').expect(200)).body;
    expect(reloaded.causes).toMatchObject({ deflatorSet: { from, to }, weightSet: null, settings: [], submissions: [] });
    expect(reloaded.causes.summary).toEqual([`a new deflator set (${to}) replaced ${from}`]);
    expect(reloaded.changes).toEqual([]);

    // The first run's activity and finance are no longer the current ones: its sensitivity cannot be recomputed.
    await waitFor(async () => (await withClient(svc.database.url, (c) => c.query(`SELECT 1 FROM productivity.sensitivity_run WHERE run_id = $1`, [first.id]))).rowCount, {
      timeoutMs: 60000,
      description: 'the first run sensitivity job',
    });
    await withClient(svc.database.url, async (c) => {
      await c.query(`DELETE FROM productivity.sensitivity WHERE run_id = $1`, [first.id]);
      await c.query(`DELETE FROM productivity.sensitivity_run WHERE run_id = $1`, [first.id]);
    });
    const refused = await get(`/runs/${first.id}/sensitivity`).expect(409);
    expect(refused.body).toMatchObject({ type: 'urn:nhsp:problem:inputs-changed' });
  });
});
