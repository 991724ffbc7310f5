import request from 'supertest';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { TestService, waitFor } from '@nhsp/testing';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleaseVisibility } from '../src/release-visibility';
import { FakeRun, insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const ADMIN_KEY = 'publication-spec-admin-key-0123456789';
let svc: TestService;
let http: () => ReturnType<typeof request>;

beforeAll(async () => {
  // Only publication's own migrations: the views of other services are stand-in tables.
  svc = await startPublication({ AUTO_PUBLISH: 'true', GIT_SHA: 'abc1234', ADMIN_API_KEY: ADMIN_KEY });
  http = () => request(svc.app.getHttpServer());
});
afterAll(() => svc?.stop());

async function releaseOf(runId: string) {
  return withClient(svc.database.url, async (c) => (await c.query(`SELECT * FROM publication.release WHERE run_id = $1`, [runId])).rows[0]);
}

async function completeBenchmarks(run: FakeRun, key = run.id) {
  await svc.app.get(BullMqClient).emitEvent(PATTERNS.benchmarksCompleted, { runId: run.id, period: run.period }, { key });
  await waitFor(async () => (await releaseOf(run.id))?.status === 'published', { description: `release of ${run.id} published` });
}

describe('publication', () => {
  let first: FakeRun;
  let second: FakeRun;

  it('assembles and publishes a release with its manifest when benchmarks complete', async () => {
    first = await insertRun(svc.database.url, '2025-06', 'provisional', 1);
    await completeBenchmarks(first);
    const release = await releaseOf(first.id);
    expect(release).toMatchObject({ period: '2025-06', vintage: 'provisional', status: 'published' });
    expect(release.published_at).not.toBeNull();
    expect(release.manifest).toMatchObject({
      runId: first.id,
      settings: { equalisation: 'opproc-dc' },
      inputs: { batches: ['b-1', 'b-2'] },
      inputFingerprint: `fp-${first.id}`,
      weightSet: { id: 'ws-1' },
      deflatorSet: { id: 'ds-1' },
      codeVersion: 'abc1234',
      counts: { estimates: 2, aggregates: 4, benchmarks: 1 },
    });

    const latest = await http().get('/v1/releases/latest').expect(200);
    expect(latest.body).toMatchObject({ id: release.id, run_id: first.id, status: 'published' });
    await http().get(`/v1/releases/${release.id}`).expect(200);
  });

  it('serves estimates as JSON by default, with the published vintage and flags, to anyone (no key)', async () => {
    const res = await http().get('/v1/estimates').expect(200).expect('Content-Type', /application\/json/);
    expect(res.body.release).toMatchObject({ run_id: first.id, period: '2025-06' });
    expect(res.body.total).toBe(2);
    expect(res.body.items[0]).toMatchObject({
      org_code: 'RAA', cwa_base: '1000.00', cwa_current: '1100.00', output_growth: '0.1',
      productivity_growth: '0.047619047619047619', vintage: 'provisional', flags: ['RESTATED'],
    });
    expect(res.body.items[1]).toMatchObject({ org_code: 'RBB', cwa_base: null, flags: ['MISSING_DATA', 'LOW_COVERAGE'] });
    const filtered = await http().get('/v1/estimates?sector=mental_health').expect(200);
    expect(filtered.body.items.map((e: { org_code: string }) => e.org_code)).toEqual(['RBB']);
    const paged = await http().get('/v1/estimates?limit=1&offset=1').expect(200);
    expect(paged.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(paged.body.items.map((e: { org_code: string }) => e.org_code)).toEqual(['RBB']);
  });

  it('serves the data contract CSV columns on Accept: text/csv or ?format=csv', async () => {
    const expected = [
      'org_code,name,sector,peer_group,period,months,cwa_base,cwa_current,output_growth,real_spend_base,real_spend_current,input_growth,productivity_growth,vintage,flags',
      'RAA,"Alpha, ""General"" Hospital",acute,large_acute,2025-06,3,1000.00,1100.00,0.1,2000.00,2100.00,0.05,0.047619047619047619,provisional,RESTATED',
      'RBB,Beta Trust,mental_health,mental_health,2025-06,3,,,,,,,,provisional,MISSING_DATA|LOW_COVERAGE',
      '',
    ].join('\n');
    const byAccept = await http().get('/v1/estimates').set('Accept', 'text/csv').expect(200).expect('Content-Type', /text\/csv/);
    expect(byAccept.text).toBe(expected);
    const byQuery = await http().get('/v1/estimates?format=csv&period=2025-06').expect(200);
    expect(byQuery.text).toBe(expected);
    expect(byQuery.headers['content-disposition']).toContain('estimates-2025-06.csv');

    // Levels and groups in the order nhsp compute writes them.
    const aggregates = await http().get('/v1/aggregates?format=csv').expect(200);
    expect(aggregates.text).toBe([
      'level,group,period,trusts,cwa_base,cwa_current,output_growth,real_spend_base,real_spend_current,input_growth,productivity_growth',
      'national,England,2025-06,1,1000.00,1100.00,0.1,2000.00,2100.00,0.05,0.047619047619047619',
      'peer_group,Community,2025-06,0,0.00,0.00,,0.00,0.00,,',
      'peer_group,large_acute,2025-06,1,1000.00,1100.00,0.1,2000.00,2100.00,0.05,',
      'sector,acute,2025-06,1,1000.00,1100.00,0.1,2000.00,2100.00,0.05,0.047619047619047619',
      '',
    ].join('\n'));
    const sectors = await http().get('/v1/aggregates?level=sector').expect(200);
    expect(sectors.body.items).toHaveLength(1);
    const benchmarks = await http().get('/v1/benchmarks?org=RAA').set('Accept', 'text/csv').expect(200);
    expect(benchmarks.text).toBe(
      'org_code,period,peer_group,metric,value,benchmark,opportunity_gbp,score\nRAA,2025-06,large_acute,cost_per_wau,1.9,1.5,12345.68,61.23\n',
    );
  });

  it('answers a matching If-None-Match with 304 and sends caching headers', async () => {
    const res = await http().get('/v1/estimates?format=csv').expect(200);
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    const etag = res.headers['etag'];
    expect(etag).toMatch(/^".+"$/);
    const again = await http().get('/v1/estimates?format=csv').set('If-None-Match', etag).expect(304);
    expect(again.text).toBe('');
    // JSON is another representation, so another tag.
    const json = await http().get('/v1/estimates').expect(200);
    expect(json.headers['etag']).not.toBe(etag);
  });

  it('a second release of the period supersedes the first in the same transaction', async () => {
    second = await insertRun(svc.database.url, '2025-06', 'provisional_revised', 2);
    await completeBenchmarks(second);
    expect(await releaseOf(first.id)).toMatchObject({ status: 'superseded' });
    expect((await releaseOf(first.id)).superseded_at).not.toBeNull();
    expect(await releaseOf(second.id)).toMatchObject({ status: 'published', vintage: 'provisional_revised' });

    const res = await http().get('/v1/estimates?org=RAA').expect(200);
    expect(res.body.items[0]).toMatchObject({ cwa_current: '2200.00', vintage: 'provisional_revised' });
    const list = await http().get('/v1/releases').expect(200);
    expect(list.body.items.map((r: { run_id: string }) => r.run_id)).toEqual([second.id, first.id]);

    // The database itself refuses two published releases of one period.
    await expect(
      withClient(svc.database.url, (c) => c.query(`UPDATE publication.release SET status = 'published' WHERE run_id = $1`, [first.id])),
    ).rejects.toThrow(/release_one_published_per_period/);
  });

  it('is idempotent per run: a repeated message neither adds a release nor republishes an old one', async () => {
    await svc.app.get(BullMqClient).emitEvent(PATTERNS.benchmarksCompleted, { runId: first.id, period: '2025-06' }, { key: [first.id, 'again'] });
    const service = svc.app.get(ReleaseAssembly);
    const again = await service.assemble(first.id);
    expect(again.status).toBe('superseded');
    const count = await withClient(svc.database.url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM publication.release`)).rows[0].n);
    expect(count).toBe(2);
    expect(again.id).toBe((await releaseOf(first.id)).id);
    expect(await releaseOf(second.id)).toMatchObject({ status: 'published' });
  });

  it('never lets the release of an older run replace the published one', async () => {
    const stale = await insertRun(svc.database.url, '2025-06', 'provisional', 7, new Date(Date.now() - 86_400_000));
    await svc.app.get(BullMqClient).emitEvent(PATTERNS.benchmarksCompleted, { runId: stale.id, period: '2025-06' });
    await waitFor(async () => (await releaseOf(stale.id))?.status === 'superseded', { description: 'stale release superseded' });
    expect((await releaseOf(stale.id)).published_at).toBeNull();
    expect(await releaseOf(second.id)).toMatchObject({ status: 'published' });
  });

  it('follows a trust across published periods', async () => {
    const july = await insertRun(svc.database.url, '2025-07', 'provisional', 3);
    await completeBenchmarks(july);
    const res = await http().get('/v1/trusts/RAA/series').expect(200);
    expect(res.body.items.map((e: { period: string; cwa_current: string }) => [e.period, e.cwa_current])).toEqual([
      ['2025-06', '2200.00'],
      ['2025-07', '3300.00'],
    ]);
    const latest = await http().get('/v1/estimates?org=RAA').expect(200);
    expect(latest.body.release.period).toBe('2025-07');
    // Every period's release without its manifest (hundreds of KB for a national run), for the public and for a key.
    const service = svc.app.get(ReleaseVisibility);
    for (const principal of [undefined, { role: 'analyst' as const, keyId: null, orgCode: null }]) {
      const releases = await service.visibleReleasesPerPeriod(principal);
      expect(releases.map((r) => r.period)).toEqual(['2025-06', '2025-07']);
      expect(releases.map((r) => r.manifest)).toEqual([undefined, undefined]);
    }
  });

  it('fails the message of an unknown run at once, without retries, and stores nothing', async () => {
    const runId = '11111111-1111-4111-8111-111111111111';
    await svc.app.get(BullMqClient).emitEvent(PATTERNS.benchmarksCompleted, { runId, period: '2025-06' });
    const failed = await waitFor(
      async () => {
        const res = await http().get('/ops/failed-jobs?queue=publication').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
        return JSON.stringify(res.body).includes(runId) ? res.body : undefined;
      },
      { description: 'job of the unknown run failed' },
    );
    const job = (Array.isArray(failed) ? failed : failed.items ?? failed.jobs).find((j: { failedReason: string }) => j.failedReason.includes(runId));
    expect(job).toMatchObject({ failedReason: `run ${runId} is not in productivity.v_runs`, attemptsMade: 1, maxAttempts: 3 });
    expect(await releaseOf(runId)).toBeUndefined();
  });

  it('answers unknown things with 404 and bad queries with 400 problem details', async () => {
    const missing = await http().get('/v1/releases/00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 404, type: 'urn:nhsp:problem:not-found' });
    const noPeriod = await http().get('/v1/estimates?period=2019-01').expect(404);
    expect(noPeriod.body.detail).toBe('No published release for period 2019-01');
    await http().get('/v1/trusts/ZZZ/series').expect(404);

    const badPeriod = await http().get('/v1/aggregates?period=June').expect(400);
    expect(badPeriod.body.errors[0]).toMatchObject({ path: 'period' });
    await http().get('/v1/aggregates?level=galaxy').expect(400);
    await http().get('/v1/estimates?limit=0').expect(400);
    await http().get('/v1/estimates?format=xml').expect(400);
    await http().get('/v1/releases/not-a-uuid').expect(400);
  });
});

it('documents the /v1 API in OpenAPI', async () => {
  const doc = await http().get('/docs-json').expect(200);
  expect(Object.keys(doc.body.paths)).toEqual(
    expect.arrayContaining(['/v1/releases', '/v1/releases/latest', '/v1/releases/{id}', '/v1/estimates', '/v1/aggregates', '/v1/benchmarks', '/v1/trusts/{org}/series']),
  );
});

describe('publication with AUTO_PUBLISH=false', () => {
  let manual: TestService;
  beforeAll(async () => {
    manual = await startPublication({ AUTO_PUBLISH: 'false', ADMIN_API_KEY: ADMIN_KEY });
  });
  afterAll(() => manual?.stop());

  it('keeps a draft, hidden from the public, until a publisher publishes it', async () => {
    const server = () => request(manual.app.getHttpServer());
    const run = await insertRun(manual.database.url, '2025-08', 'provisional', 1);
    const draft = await manual.app.get(ReleaseAssembly).assemble(run.id);
    expect(draft.status).toBe('draft');
    await server().get('/v1/estimates?period=2025-08').expect(404);
    // The public sees neither the draft nor that it exists; a key with an analyst role and above does.
    expect((await server().get('/v1/releases').expect(200)).body.total).toBe(0);
    await server().get(`/v1/releases/${draft.id}`).expect(404);
    const withKey = await server().get('/v1/releases').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    expect(withKey.body.items.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[draft.id, 'draft']]);

    await server().post(`/v1/releases/${draft.id}/publish`).expect(401);
    const published = await server().post(`/v1/releases/${draft.id}/publish`).set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    expect(published.body.status).toBe('published');
    await server().get('/v1/estimates?period=2025-08').expect(200);
    await server().get(`/v1/releases/${draft.id}`).expect(200);
  });
});
