// A published release is one read model (issue 12.1): its /v1 answers, board answers and report
// pages come from the release's own copy, taken when it was assembled. Altering, then deleting,
// every source row behind two published releases of 2025-06 leaves every page and answer byte for
// byte as it was; a release without its copy (assembled before the copy held its figures) gets
// it from the owners' views on its first read. The response cache and the quick reads are off,
// so every answer here is read from the database again.
import request from 'supertest';
import { TestService } from '@nhsp/testing';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { FakeRun, insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const ADMIN_KEY = 'release-snapshot-spec-admin-key-012345';
const EXTRA_DDL = `
  ALTER TABLE productivity.v_estimates ADD COLUMN detail jsonb;
  CREATE TABLE productivity.v_contributions (run_id uuid NOT NULL, org_code text NOT NULL, period text NOT NULL,
    side text NOT NULL, component text NOT NULL, base numeric NOT NULL, current numeric NOT NULL, contribution numeric);
  CREATE SCHEMA IF NOT EXISTS ingestion;
  CREATE TABLE ingestion.v_notifications (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_code text NOT NULL, month text NOT NULL,
    category text NOT NULL, text text NOT NULL, raised_at timestamptz NOT NULL DEFAULT now(), status text NOT NULL DEFAULT 'raised', status_note text);
`;

const PUBLIC_URLS = [
  '/report', '/report/trusts/RAA', '/report/trusts/RBB',
  '/v1/estimates', '/v1/estimates?format=csv', '/v1/aggregates', '/v1/benchmarks',
  '/v1/trusts/RAA/explanation', '/v1/revisions?period=2025-06&org=RAA', '/v1/notifications', '/v1/notifications?format=csv',
];
/** An analyst's trust page also lists the trust's notifications not in the figures. */
const ANALYST_URLS = ['/report/trusts/RAA'];

let svc: TestService;
let older: FakeRun;
let newer: FakeRun;
let cited: string;
const http = () => request(svc.app.getHttpServer());

/** Every answer's status and body, public and as an analyst. */
async function answers(): Promise<Record<string, string>> {
  const bodies: Record<string, string> = {};
  for (const url of PUBLIC_URLS) {
    const res = await http().get(url);
    bodies[url] = `${res.status}\n${res.text}`;
  }
  for (const url of ANALYST_URLS) {
    const res = await http().get(url).set('Authorization', `Bearer ${ADMIN_KEY}`);
    bodies[`analyst ${url}`] = `${res.status}\n${res.text}`;
  }
  return bodies;
}

/** The parts of a run the shared stand-ins leave out: RBB's missing month, RAA's contributions and the notification it cites. */
async function addDetail(run: FakeRun, notificationId: string): Promise<void> {
  await withClient(svc.database.url, async (c) => {
    await c.query(`UPDATE productivity.v_estimates SET detail = $2 WHERE run_id = $1 AND org_code = 'RBB'`, [run.id, { missing: [{ month: '2025-05', missing: ['finance'] }] }]);
    await c.query(`UPDATE productivity.v_estimates SET detail = $2 WHERE run_id = $1 AND org_code = 'RAA'`, [run.id, { missing: [], podShifts: [{ pod: 'APC', baseShare: '0.40', currentShare: '0.47' }] }]);
    for (const [side, component, contribution] of [['output', 'EL', '0.06'], ['output', 'NEL', '0.04'], ['input', 'pay', '0.05']]) {
      await c.query(`INSERT INTO productivity.v_contributions VALUES ($1, 'RAA', '2025-06', $2, $3, 1, 1, $4)`, [run.id, side, component, contribution]);
    }
    await c.query(`UPDATE productivity.v_runs SET inputs = inputs || $2::jsonb WHERE id = $1`, [
      run.id, JSON.stringify({ notifications: [{ id: notificationId, orgCode: 'RAA', month: '2025-05', category: 'epr_go_live', text: 'EPR went live on 12 May' }] }),
    ]);
  });
}

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'false', ADMIN_API_KEY: ADMIN_KEY, CACHE_MAX_AGE: '0', QUICK_READS: 'false' }, EXTRA_DDL);
  await withClient(svc.database.url, async (c) => {
    cited = (await c.query(`INSERT INTO ingestion.v_notifications (org_code, month, category, text, raised_at) VALUES ('RAA', '2025-05', 'epr_go_live', 'EPR went live on 12 May', '2025-06-03T09:00:00Z') RETURNING id::text`)).rows[0].id;
    await c.query(`INSERT INTO ingestion.v_notifications (org_code, month, category, text) VALUES ('RAA', '2025-04', 'coding_change', 'not in any run')`);
  });
  const assembly = svc.app.get(ReleaseAssembly);
  const publishing = svc.app.get(ReleasePublishing);
  older = await insertRun(svc.database.url, '2025-06', 'provisional', 1, new Date(Date.now() - 60_000));
  await addDetail(older, cited);
  await publishing.publish((await assembly.assemble(older.id)).id);
  newer = await insertRun(svc.database.url, '2025-06', 'provisional_revised', 2);
  await addDetail(newer, cited);
  await publishing.publish((await assembly.assemble(newer.id)).id);
});
afterAll(() => svc?.stop());

describe('a published release is one read model', () => {
  it('answers byte for byte as published after the owners alter, then delete, every source row', async () => {
    const published = await answers();
    // What is read must be there: the figures, contributions, missing month, notification and its review.
    expect(published['/report/trusts/RAA']).toContain('EPR went live on 12 May');
    expect(published['analyst /report/trusts/RAA']).toContain('not in any run');
    expect(published['/report/trusts/RBB']).toContain('No finance for May 2025.');
    expect(published['/v1/notifications']).toContain('"status":"raised"');
    expect(published['/v1/trusts/RAA/explanation']).toContain('"output_total":"0.1"');
    expect(published['/v1/revisions?period=2025-06&org=RAA']).toContain(older.id);
    for (const [url, body] of Object.entries(published)) expect(`${url} ${body.slice(0, 3)}`).toBe(`${url} 200`);

    await withClient(svc.database.url, async (c) => {
      await c.query(`UPDATE productivity.v_estimates SET productivity_growth = 9, output_growth = 9, flags = '{OUTLIER}', detail = '{"missing": []}'`);
      await c.query(`UPDATE productivity.v_aggregates SET productivity_growth = 9, output_growth = 9`);
      await c.query(`UPDATE productivity.v_contributions SET contribution = 9`);
      await c.query(`UPDATE benchmarking.v_benchmarks SET score = 1, rank = 4`);
      await c.query(`UPDATE productivity.v_runs SET settings = '{"equalisation": "none"}', inputs = '{}'`);
      // Reviewed after publication: the published answers keep the status they were published with.
      await c.query(`UPDATE ingestion.v_notifications SET status = 'declined', status_note = 'reviewed after publication'`);
      await c.query(`INSERT INTO ingestion.v_notifications (org_code, month, category, text) VALUES ('RAA', '2025-05', 'other', 'raised after publication')`);
    });
    expect(await answers()).toEqual(published);

    await withClient(svc.database.url, (c) => c.query(`
      DELETE FROM productivity.v_estimates; DELETE FROM productivity.v_aggregates; DELETE FROM productivity.v_contributions;
      DELETE FROM benchmarking.v_benchmarks; DELETE FROM productivity.v_runs; DELETE FROM ingestion.v_notifications;`));
    expect(await answers()).toEqual(published);
  });

  it('copies a release that lacks its copy from the owners\' views on its first read, once', async () => {
    const july = await insertRun(svc.database.url, '2025-07', 'provisional', 3);
    const assembly = svc.app.get(ReleaseAssembly);
    const publishing = svc.app.get(ReleasePublishing);
    const release = await publishing.publish((await assembly.assemble(july.id)).id);
    // As a release assembled before its figures were copied (no mark, no rows), never read yet.
    await withClient(svc.database.url, (c) => c.query(`
      DELETE FROM publication.release_estimate WHERE release_id = $1; DELETE FROM publication.release_aggregate WHERE release_id = $1;
      DELETE FROM publication.release_benchmark WHERE release_id = $1; DELETE FROM publication.release_snapshot WHERE release_id = $1;`.replace(/\$1/g, `'${release.id}'`)));
    const [first, second] = await Promise.all([http().get('/v1/estimates?period=2025-07').expect(200), http().get('/v1/estimates?period=2025-07').expect(200)]);
    expect(first.body.items.map((e: { org_code: string; cwa_current: string | null }) => [e.org_code, e.cwa_current])).toEqual([['RAA', '3300.00'], ['RBB', null]]);
    expect(second.text).toBe(first.text);
    expect((await http().get('/v1/aggregates?period=2025-07').expect(200)).body.total).toBe(4);
    const copied = await withClient(svc.database.url, async (c) => (await c.query(
      `SELECT (SELECT count(*) FROM publication.release_snapshot WHERE release_id = $1)::int AS marks,
              (SELECT count(*) FROM publication.release_estimate WHERE release_id = $1)::int AS estimates`, [release.id])).rows[0]);
    expect(copied).toEqual({ marks: 1, estimates: 2 });
  });
});
