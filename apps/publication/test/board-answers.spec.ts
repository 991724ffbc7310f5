// The board answers (explanation, revisions, notifications) from published releases only: two
// published vintages of 2025-06 and a draft third whose figures and notification must stay hidden
// from the public but show for an analyst key.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import Decimal from 'decimal.js';
import { TestService } from '@nhsp/testing';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const ADMIN_KEY = 'board-answers-spec-admin-key-0123456789';
let svc: TestService;
let analystKey = '';
const http = () => request(svc.app.getHttpServer());
const asAnalyst = () => ({ Authorization: `Bearer ${analystKey}` });

// The columns the real views have and the shared stand-ins leave out.
const EXTRA_DDL = `
  ALTER TABLE productivity.v_estimates ADD COLUMN detail jsonb;
  CREATE TABLE productivity.v_contributions (run_id uuid NOT NULL, org_code text NOT NULL, period text NOT NULL,
    side text NOT NULL, component text NOT NULL, base numeric NOT NULL, current numeric NOT NULL, contribution numeric);
  CREATE SCHEMA IF NOT EXISTS ingestion;
  CREATE TABLE ingestion.v_notifications (id uuid, org_code text, month text, category text, text text, raised_at timestamptz, status text NOT NULL DEFAULT 'raised', status_note text);
`;

interface RunSpec {
  createdAt: string;
  activityHash: string;
  notifications: Array<{ id: string; orgCode: string; month: string; category: string; text: string }>;
  outputGrowth: string;
  flags: string[];
  contributions: Array<[side: string, component: string, contribution: string]>;
}

const NOTE_PUBLISHED = { id: randomUUID(), orgCode: 'RAA', month: '2025-04', category: 'epr_go_live', text: 'EPR went live in April' };
const NOTE_EMBARGOED = { id: randomUUID(), orgCode: 'RAA', month: '2025-05', category: 'coding_change', text: 'SECRET embargoed coding note' };
const NOTE_RAW_ONLY = { id: randomUUID(), text: 'RAW note in no run yet' };

/** A run of 2025-06 with RAA's estimate, its contributions and benchmark (a copy of stand-in-views' insertRun, with inputs we choose). */
async function insertRun(spec: RunSpec): Promise<string> {
  const id = randomUUID();
  await withClient(svc.database.url, async (c) => {
    await c.query(`INSERT INTO productivity.v_runs VALUES ($1, '2025-06', 'provisional', $2, $3, $4, $5)`, [
      id, { equalisation: 'opproc-dc' },
      { weightSetId: 'ws-1', deflatorSetId: 'ds-1', notifications: spec.notifications,
        submissions: { RAA: { '2025-05': { activity: spec.activityHash, finance: 'f-1' } }, RBB: { '2025-05': { activity: 'b-1' } } } },
      `fp-${id}`, spec.createdAt,
    ]);
    const detail = {
      podShifts: [{ pod: 'APC', baseShare: '0.40', currentShare: '0.47' }],
      unweighted: { cwa: '0', share: '0' },
      missing: [],
      notifications: spec.notifications.map(({ month, category, text }) => ({ month, category, text })),
    };
    await c.query(
      `INSERT INTO productivity.v_estimates (run_id, org_code, name, sector, region, peer_group, months, status, cwa_base, cwa_current,
         output_growth, real_spend_base, real_spend_current, input_growth, productivity_growth, flags, detail)
       VALUES ($1, 'RAA', 'Alpha Hospital', 'acute', 'London', 'large_acute', 3, 'estimated', '1000', $2, $3, '2000', '2100', '0.05', $4, $5, $6)`,
      [id, new Decimal(1000).times(new Decimal(1).plus(spec.outputGrowth)).toFixed(), spec.outputGrowth,
        new Decimal(1).plus(spec.outputGrowth).div('1.05').minus(1).toFixed(20), spec.flags, detail],
    );
    for (const [side, component, contribution] of spec.contributions) {
      await c.query(`INSERT INTO productivity.v_contributions VALUES ($1, 'RAA', '2025-06', $2, $3, 1, 1, $4)`, [id, side, component, contribution]);
    }
    await c.query(`INSERT INTO benchmarking.v_benchmarks VALUES ($1, 'RAA', 'large_acute', 'peer_group', 'productivity_growth', '0.01', '0.02', null, null, '55.5', 2, 4)`, [id]);
  });
  return id;
}

let older: string;
let newer: string;
let draft: string;

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'false', ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', ACCESS_CACHE_MS: '0' }, EXTRA_DDL);
  await withClient(svc.database.url, async (c) => {
    await c.query(`INSERT INTO ingestion.v_notifications VALUES ($1, 'RAA', '2025-06', 'other', $2, now())`, [NOTE_RAW_ONLY.id, NOTE_RAW_ONLY.text]);
    // Accepted by an analyst (issue 16.2): /v1/notifications shows its status and the analyst's note.
    await c.query(`INSERT INTO ingestion.v_notifications VALUES ($1, 'RAA', '2025-04', 'epr_go_live', $2, '2025-07-01T09:00:00Z', 'accepted', 'Confirmed with the trust')`, [NOTE_PUBLISHED.id, NOTE_PUBLISHED.text]);
  });
  analystKey = (await http().post('/admin/api-keys').set('Authorization', `Bearer ${ADMIN_KEY}`).send({ name: 'board analyst', role: 'analyst' }).expect(201)).body.key;

  const assembly = svc.app.get(ReleaseAssembly);
  const publishing = svc.app.get(ReleasePublishing);
  const contributions = (apc: string): RunSpec['contributions'] => [['output', 'APC', apc], ['output', 'OPPROC', '0.03'], ['output', 'AE', '0.01'], ['input', 'pay', '0.04'], ['input', 'non_pay', '0.01']];
  older = await insertRun({ createdAt: '2025-07-01T00:00:00Z', activityHash: 'a-1', notifications: [NOTE_PUBLISHED], outputGrowth: '0.1', flags: ['POD_SHIFT', 'TRUST_NOTIFICATION'], contributions: contributions('0.06') });
  await publishing.publish((await assembly.assemble(older)).id);
  newer = await insertRun({ createdAt: '2025-08-01T00:00:00Z', activityHash: 'a-2', notifications: [NOTE_PUBLISHED], outputGrowth: '0.12', flags: ['POD_SHIFT', 'TRUST_NOTIFICATION', 'RESTATED'], contributions: contributions('0.08') });
  await publishing.publish((await assembly.assemble(newer)).id);
  // Draft: 0.777 output growth and its notification appear nowhere for the public.
  draft = await insertRun({ createdAt: '2025-09-01T00:00:00Z', activityHash: 'a-3', notifications: [NOTE_PUBLISHED, NOTE_EMBARGOED], outputGrowth: '0.777', flags: ['POD_SHIFT'], contributions: contributions('0.737') });
  await assembly.assemble(draft);
});
afterAll(() => svc?.stop());

const PUBLIC_URLS = ['/v1/trusts/RAA/explanation', '/v1/trusts/RAA/explanation?period=2025-06', '/v1/revisions', '/v1/revisions?period=2025-06&org=RAA',
  '/v1/revisions?format=csv', '/v1/notifications', '/v1/notifications?period=2025-06&org=RAA', '/v1/notifications?format=csv'];

describe('board answers', () => {
  it('explanation: contributions add up to output growth, largest movers, flags with evidence, benchmark position', async () => {
    const res = await http().get('/v1/trusts/RAA/explanation?period=2025-06').expect(200);
    const x = res.body;
    expect(x.release).toMatchObject({ run_id: newer, status: 'published' });
    expect(x.estimate.output_growth).toBe('0.12');
    expect(new Decimal(x.contributions.output_total).equals(new Decimal(x.estimate.output_growth))).toBe(true);
    expect(x.contributions.output.reduce((t: Decimal, c: { contribution: string }) => t.plus(c.contribution), new Decimal(0)).toFixed()).toBe('0.12');
    expect(x.contributions.input_total).toBe('0.05');
    expect(x.largest_movers.map((m: { component: string }) => m.component)).toEqual(['APC', 'pay', 'OPPROC', 'AE', 'non_pay']);
    const flags = Object.fromEntries(x.flags.map((f: { code: string }) => [f.code, f]));
    expect(flags.POD_SHIFT.evidence.pod_shifts).toEqual([{ pod: 'APC', baseShare: '0.40', currentShare: '0.47' }]);
    expect(flags.TRUST_NOTIFICATION.evidence.notifications).toEqual([expect.objectContaining({ month: '2025-04', text: NOTE_PUBLISHED.text })]);
    expect(x.benchmarks).toEqual([expect.objectContaining({ metric: 'productivity_growth', rank: 2, score: '55.50' })]);
    expect(res.headers.etag).toBeTruthy();
  });

  it('revisions: the two published vintages give before, after, difference and the cause', async () => {
    const res = await http().get('/v1/revisions?period=2025-06&org=RAA').expect(200);
    expect(res.body.releases.map((r: { run_id: string }) => r.run_id)).toEqual([older, newer]);
    expect(res.body.items).toHaveLength(1);
    const item = res.body.items[0];
    expect(item).toMatchObject({ org_code: 'RAA', from: { run_id: older }, to: { run_id: newer }, flags_added: ['RESTATED'], flags_removed: [] });
    expect(item.measures.find((m: { measure: string }) => m.measure === 'output_growth')).toEqual({ measure: 'output_growth', before: '0.1', after: '0.12', difference: '0.02' });
    expect(item.causes.submissions).toEqual([{ org_code: 'RAA', month: '2025-05', kind: 'activity', change: 'restated' }]);
    expect(item.causes.summary[0]).toBe('activity for RAA 2025-05 was resubmitted with different figures');

    const csv = await http().get('/v1/revisions?period=2025-06&org=RAA').set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0] ?? csv.text.split('\n')[0]).toMatch(/^period,org_code,name,from_release/);
    expect(csv.text).toMatch(/RAA,Alpha Hospital,.*,output_growth,0\.1,0\.12,0\.02,RESTATED,,/);
  });

  it('notifications: only those the published runs took into account, dated from ingestion', async () => {
    const res = await http().get('/v1/notifications?period=2025-06&org=RAA').expect(200);
    expect(res.body.items).toEqual([expect.objectContaining({ org_code: 'RAA', month: '2025-04', category: 'epr_go_live', text: NOTE_PUBLISHED.text, raised_at: '2025-07-01T09:00:00+00:00', status: 'accepted', status_note: 'Confirmed with the trust' })]);
    const csv = await http().get('/v1/notifications?format=csv').expect(200);
    expect(csv.text).toContain(NOTE_PUBLISHED.text);
    expect(csv.text).toContain('accepted,Confirmed with the trust');
    expect(csv.text).not.toContain(NOTE_RAW_ONLY.text);
  });

  it('unknown trust or period: 404 problem details', async () => {
    for (const url of ['/v1/trusts/ZZZ/explanation', '/v1/trusts/RAA/explanation?period=2019-01', '/v1/revisions?org=ZZZ', '/v1/revisions?period=2019-01', '/v1/notifications?org=ZZZ', '/v1/notifications?period=2019-01']) {
      const res = await http().get(url);
      expect({ url, status: res.status, type: res.headers['content-type'] }).toEqual({ url, status: 404, type: expect.stringMatching(/application\/problem\+json/) });
    }
  });

  it('the draft release never shows to the public in any of the three, but does for an analyst key', async () => {
    for (const url of PUBLIC_URLS) {
      const res = await http().get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      for (const secret of [draft, '0.777', '0.737', NOTE_EMBARGOED.text, NOTE_RAW_ONLY.text]) expect({ url, leaked: res.text.includes(secret) }).toEqual({ url, leaked: false });
    }
    const explanation = await http().get('/v1/trusts/RAA/explanation').set(asAnalyst()).expect(200);
    expect(explanation.body.release).toMatchObject({ run_id: draft, status: 'draft' });
    expect(explanation.headers['cache-control']).toMatch(/^private/);
    const revisions = await http().get('/v1/revisions?period=2025-06&org=RAA').set(asAnalyst()).expect(200);
    expect(revisions.body.releases.map((r: { run_id: string }) => r.run_id)).toEqual([older, newer, draft]);
    expect(revisions.body.items[1].measures.find((m: { measure: string }) => m.measure === 'output_growth')).toMatchObject({ before: '0.12', after: '0.777' });
    expect(revisions.body.items[1].causes.notifications_added).toEqual([expect.objectContaining({ text: NOTE_EMBARGOED.text })]);
    const notes = await http().get('/v1/notifications?period=2025-06&org=RAA').set(asAnalyst()).expect(200);
    expect(notes.body.items.map((n: { text: string }) => n.text)).toEqual([NOTE_PUBLISHED.text, NOTE_EMBARGOED.text]);
    expect(notes.text).not.toContain(NOTE_RAW_ONLY.text);
  });

  it('the OpenAPI document has the three routes with response schemas', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body;
    for (const path of ['/v1/trusts/{org}/explanation', '/v1/revisions', '/v1/notifications']) {
      expect(doc.paths[path].get.responses['200'].content['application/json'].schema.properties).toBeDefined();
    }
  });
});
