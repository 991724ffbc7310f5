// A year's final revision in publication (issue 16.3): its twelve final_revised releases go out
// as one publication - never month by month - and the year's revisions report sets every trust's
// provisional figures against the final ones, with the causes.
import request from 'supertest';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { schemaProblems, TestService, waitFor } from '@nhsp/testing';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { FakeRun, insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const ADMIN_KEY = 'final-revision-spec-admin-key-0123456';
const FY_2024 = ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03'];
const FY_2023 = FY_2024.map((p) => `${Number(p.slice(0, 4)) - 1}${p.slice(4)}`);
const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

async function createKey(svc: TestService, role: string): Promise<string> {
  return (await request(svc.app.getHttpServer()).post('/admin/api-keys').set(auth(ADMIN_KEY)).send({ name: `final ${role}`, role }).expect(201)).body.key;
}

/** A final run: restated RAA finance for the period's second month, a new deflator set, productivity growth 0.06 instead of 0.047…. */
async function insertFinalRun(url: string, period: string): Promise<FakeRun> {
  const run = await insertRun(url, period, 'final_revised', 1, new Date(Date.now() + 1000));
  await withClient(url, async (c) => {
    await c.query(`UPDATE productivity.v_runs SET inputs = $2 WHERE id = $1`, [run.id, { weightSetId: 'ws-1', deflatorSetId: 'ds-2', requestedVintage: 'final_revised', submissions: { RAA: { [period]: { finance: 'restated' } } } }]);
    await c.query(`UPDATE productivity.v_estimates SET productivity_growth = '0.06' WHERE run_id = $1 AND org_code = 'RAA'`, [run.id]);
  });
  return run;
}

async function insertProvisionalRun(url: string, period: string): Promise<FakeRun> {
  const run = await insertRun(url, period, 'provisional', 1);
  await withClient(url, (c) => c.query(`UPDATE productivity.v_runs SET inputs = $2 WHERE id = $1`, [run.id, { weightSetId: 'ws-1', deflatorSetId: 'ds-1', submissions: { RAA: { [period]: { finance: 'first' } } } }]));
  return run;
}

const releasesOf = (url: string, runIds: string[]) =>
  withClient(url, async (c) => (await c.query(`SELECT id, period, status, publish_at, published_at FROM publication.release WHERE run_id = ANY($1::text[]) ORDER BY period`, [runIds])).rows);

describe('final revision, published as it is assembled (AUTO_PUBLISH, the demo)', () => {
  let svc: TestService;
  let analyst: string;
  const http = () => request(svc.app.getHttpServer());
  const finals: FakeRun[] = [];

  beforeAll(async () => {
    svc = await startPublication({ AUTO_PUBLISH: 'true', ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', ACCESS_CACHE_MS: '0' });
    analyst = await createKey(svc, 'analyst');
    const service = svc.app.get(ReleaseAssembly);
    for (const period of FY_2024) await service.assemble((await insertProvisionalRun(svc.database.url, period)).id);
  });
  afterAll(() => svc?.stop());

  const complete = (run: FakeRun) => svc.app.get(BullMqClient).emitEvent(PATTERNS.benchmarksCompleted, { runId: run.id, period: run.period });

  it('holds eleven final months as drafts: the public still reads the provisional figures', async () => {
    for (const period of FY_2024.slice(0, 11)) finals.push(await insertFinalRun(svc.database.url, period));
    for (const run of finals) await complete(run);
    await waitFor(async () => (await releasesOf(svc.database.url, finals.map((r) => r.id))).length === 11, { description: 'eleven final releases assembled' });
    expect((await releasesOf(svc.database.url, finals.map((r) => r.id))).map((r) => r.status)).toEqual(Array(11).fill('draft'));
    expect((await http().get('/v1/estimates?period=2024-05&org=RAA').expect(200)).body.items[0].productivity_growth).toBe('0.047619047619047619');
    await http().get('/v1/final-revisions/2024-25').expect(404);
    const preview = await http().get('/v1/final-revisions/2024-25').set(auth(analyst)).expect(200);
    expect(preview.body).toMatchObject({ financial_year: '2024/25', complete: false });
  });

  it('publishes the twelve together when the last month arrives: one transaction, one instant', async () => {
    finals.push(await insertFinalRun(svc.database.url, '2025-03'));
    await complete(finals[11]);
    await waitFor(async () => (await releasesOf(svc.database.url, finals.map((r) => r.id))).every((r) => r.status === 'published'), { description: 'the year published' });
    const rows = await releasesOf(svc.database.url, finals.map((r) => r.id));
    expect(rows).toHaveLength(12);
    // now() is the transaction's start: one publication time for the twelve.
    expect(new Set(rows.map((r) => r.published_at.toISOString())).size).toBe(1);
    expect((await http().get('/v1/estimates?period=2024-05&org=RAA').expect(200)).body.items[0].productivity_growth).toBe('0.06');
  });

  it('reports every trust\'s provisional against final figure per month, with the causes', async () => {
    const res = await http().get('/v1/final-revisions/2024-25').expect(200);
    expect(res.body).toMatchObject({ financial_year: '2024/25', complete: true, total: 24 });
    expect(res.body.releases.map((r: { period: string; vintage: string }) => `${r.period} ${r.vintage}`)).toEqual(FY_2024.map((p) => `${p} final_revised`));
    const may = res.body.items.find((i: { period: string; org_code: string }) => i.period === '2024-05' && i.org_code === 'RAA');
    expect(may.provisional).toMatchObject({ vintage: 'provisional' });
    expect(may.final).toMatchObject({ vintage: 'final_revised', status: 'published' });
    expect(may.measures.find((m: { measure: string }) => m.measure === 'productivity_growth')).toEqual({ measure: 'productivity_growth', before: '0.047619047619047619047619', after: '0.06', difference: '0.012380952380952380952381' });
    expect(may.causes.restated).toEqual([{ month: '2024-05', kind: 'finance', change: 'restated' }]);
    expect(may.causes.deflator_set).toEqual({ from: 'ds-1', to: 'ds-2' });
    expect(may.causes.summary).toEqual(expect.arrayContaining(['the final vintage was requested after the year end']));
    // The answer is what the OpenAPI document declares (tools/openapi/answers-as-documented.spec.ts
    // checks every other GET route on a fixture that holds no final revision).
    const document = (await http().get('/openapi.json').expect(200)).body;
    expect(schemaProblems(res.body, document.paths['/v1/final-revisions/{fy}'].get.responses['200'].content['application/json'].schema, document)).toEqual([]);
    const csv = await http().get('/v1/final-revisions/2024-25?format=csv&org=RAA').expect(200).expect('Content-Type', /text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('financial_year,period,org_code,name,provisional_release,provisional_vintage,final_release,measure,provisional,final,difference,flags_added,flags_removed,causes');
    expect(csv.text.trim().split('\n')).toHaveLength(1 + 12 * 3);
  });

  it('refuses a malformed year, and answers 404 for a year without a final revision or an unknown trust', async () => {
    expect((await http().get('/v1/final-revisions/2024-26').expect(400)).body.type).toBe('urn:nhsp:problem:validation');
    await http().get('/v1/final-revisions/2019-20').expect(404);
    await http().get('/v1/final-revisions/2024-25?org=ZZZ').expect(404);
  });
});

describe('final revision under the calendar (AUTO_PUBLISH off)', () => {
  let svc: TestService;
  let keys: { analyst: string; publisher: string };
  const http = () => request(svc.app.getHttpServer());

  beforeAll(async () => {
    svc = await startPublication({ AUTO_PUBLISH: 'false', ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', ACCESS_CACHE_MS: '0' });
    keys = { analyst: await createKey(svc, 'analyst'), publisher: await createKey(svc, 'publisher') };
  });
  afterAll(() => svc?.stop());

  it('schedules the complete year for one announced time; the first job due publishes all twelve at once', async () => {
    const runs: FakeRun[] = [];
    for (const period of FY_2023) runs.push(await insertFinalRun(svc.database.url, period));
    for (const run of runs) await svc.app.get(BullMqClient).emitEvent(PATTERNS.benchmarksCompleted, { runId: run.id, period: run.period });
    await waitFor(async () => {
      const rows = await releasesOf(svc.database.url, runs.map((r) => r.id));
      return rows.length === 12 && rows.every((r) => r.status === 'scheduled');
    }, { description: 'the year scheduled' });
    const rows = await releasesOf(svc.database.url, runs.map((r) => r.id));
    expect(new Set(rows.map((r) => r.publish_at.toISOString())).size).toBe(1);
    expect(rows[0].publish_at.getTime()).toBeGreaterThan(Date.now());

    // The announced time comes (moved into the past in the database, as time would), and the job of one month runs.
    const due = new Date(Date.now() - 1000);
    await withClient(svc.database.url, (c) => c.query(`UPDATE publication.release SET publish_at = $2 WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id), due]));
    await svc.app.get(ReleasePublishing).publishDue({ releaseId: rows[4].id, publishAt: due.toISOString() });
    const after = await releasesOf(svc.database.url, runs.map((r) => r.id));
    expect(after.map((r) => r.status)).toEqual(Array(12).fill('published'));
    expect(new Set(after.map((r) => r.published_at.toISOString())).size).toBe(1);
    const log = await withClient(svc.database.url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM publication.release_publication WHERE release_id = ANY($1::uuid[])`, [rows.map((r) => r.id)])).rows[0].n);
    expect(log).toBe(12);
  });

  it('a publisher publishes a complete year in one request; an analyst may not; an incomplete year is refused', async () => {
    const runs: FakeRun[] = [];
    for (const period of FY_2024) runs.push(await insertFinalRun(svc.database.url, period));
    const service = svc.app.get(ReleaseAssembly);
    // Assembled only (no benchmarks.completed): drafts waiting for a publisher.
    for (const run of runs.slice(0, 11)) await service.assemble(run.id);
    await http().post('/v1/final-revisions/2024-25/publish').set(auth(keys.analyst)).expect(403);
    const incomplete = await http().post('/v1/final-revisions/2024-25/publish').set(auth(keys.publisher)).expect(409);
    expect(incomplete.body.detail).toMatch(/no release for 2025-03/);
    await service.assemble(runs[11].id);
    const res = await http().post('/v1/final-revisions/2024-25/publish').set(auth(keys.publisher)).expect(200);
    expect(res.body.releases.map((r: { status: string }) => r.status)).toEqual(Array(12).fill('published'));
    const rows = await releasesOf(svc.database.url, runs.map((r) => r.id));
    expect(new Set(rows.map((r) => r.published_at.toISOString())).size).toBe(1);
  });
});
