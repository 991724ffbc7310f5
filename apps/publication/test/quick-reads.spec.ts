// Quick reads: a public read of published figures is answered ahead of Express, from memory -
// the answer rendered before, or rendered from the release's read model - with the same bytes and
// headers as the routed path; a key holder, an embargoed release, a stale release list or a spent
// rate limit always go the routed way. (read-model.spec.ts compares the two paths URL by URL.)
import type { IncomingHttpHeaders } from 'node:http';
import { Client } from 'pg';
import { Counter, Registry } from 'prom-client';
import { RELEASE_CHANGES_CHANNEL } from '@nhsp/persistence';
import { TestService, waitFor } from '@nhsp/testing';
import { PublishedReleases } from '../src/quick-reads/published-releases';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { FakeRun, insertRun } from './stand-in-views';
import { startPublication } from './start-publication';
import { RawAnswer, rawRequest, RawRequest } from './raw-http';

const ADMIN_KEY = 'quick-reads-spec-admin-key-0123456789';
const RATE_LIMIT = 4;
let svc: TestService;
let analystKey: string;
let may: FakeRun;
let mayReleaseId: string;
let june: FakeRun;
let embargoedId: string;
let publishAt: Date;

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'false', ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', ACCESS_CACHE_MS: '0', RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), TRUST_PROXY: 'loopback' });
  const created = await get('/admin/api-keys', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'quick analyst', role: 'analyst' }) });
  analystKey = JSON.parse(created.body.toString()).key;
  const assembly = svc.app.get(ReleaseAssembly);
  const publishing = svc.app.get(ReleasePublishing);
  may = await insertRun(svc.database.url, '2025-05', 'provisional', 1);
  mayReleaseId = (await publishing.publish((await assembly.assemble(may.id)).id)).id;
  june = await insertRun(svc.database.url, '2025-06', 'provisional', 2);
  await publishing.publish((await assembly.assemble(june.id)).id);
  // Scale 9 (cwa_current 9900) appears only in this embargoed release.
  const embargoed = await insertRun(svc.database.url, '2025-06', 'provisional', 9);
  embargoedId = (await assembly.assemble(embargoed.id)).id;
  publishAt = new Date(Date.now() + 3_600_000);
  await publishing.schedule(embargoedId, publishAt);
  await waitFor(() => svc.app.get(PublishedReleases).choose({})?.runId === june.id, { description: 'the quick path knows the June release' });
});
afterAll(() => svc?.stop());

type Answer = RawAnswer;

let nextClientAddress = 10;
/** A fresh client address (127.0.0.N): each has its own rate-limit budget. */
const newClient = () => `127.0.0.${nextClientAddress++}`;
const get = (path: string, options?: RawRequest): Promise<Answer> => rawRequest(svc.url, path, options);

async function quickAnswers(): Promise<number> {
  const metric = svc.app.get(Registry).getSingleMetric('http_quick_answers_total') as Counter;
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Headers that differ between any two answers (the clock, the request, the budget left). */
const PER_REQUEST = ['date', 'x-request-id', 'x-ratelimit-remaining', 'x-ratelimit-reset'];
const comparable = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_REQUEST.includes(name)));

describe('quick reads', () => {
  it.each([
    ['/v1/estimates', {}],
    ['/v1/estimates?org=RAA', {}],
    ['/v1/estimates?period=2025-05', {}],
    ['/v1/estimates?format=csv', {}],
    ['/v1/estimates', { accept: 'text/csv' }],
    ['/v1/aggregates?level=national', {}],
    ['/v1/benchmarks?sort=value&order=desc', {}],
  ] as Array<[string, Record<string, string>]>)('%s %j: the repeat is answered quick with the routed answer\'s bytes and headers', async (path, headers) => {
    const from = newClient();
    const routed = await get(path, { from, headers });
    expect(routed.status).toBe(200);
    const before = await quickAnswers();
    const quick = await get(path, { from, headers });
    expect(await quickAnswers()).toBe(before + 1);
    expect(quick.status).toBe(200);
    expect(quick.body.equals(routed.body)).toBe(true);
    expect(comparable(quick.headers)).toEqual(comparable(routed.headers));
    // One budget for both paths.
    expect([routed.headers['x-ratelimit-remaining'], quick.headers['x-ratelimit-remaining']]).toEqual([String(RATE_LIMIT - 1), String(RATE_LIMIT - 2)]);
    expect(quick.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(quick.headers['x-request-id']).not.toBe(routed.headers['x-request-id']);
  });

  it('serves the release the routed path chose: the latest period by default, a past one by id', async () => {
    const from = newClient();
    for (let i = 0; i < 2; i++) {
      expect(JSON.parse((await get('/v1/estimates', { from })).body.toString()).release.run_id).toBe(june.id);
      expect(JSON.parse((await get(`/v1/estimates?release=${mayReleaseId}`, { from })).body.toString()).release.run_id).toBe(may.id);
    }
  });

  it('answers If-None-Match with the routed path\'s 304: no body, the same headers', async () => {
    const from = newClient();
    const path = '/v1/aggregates?level=region';
    const { etag } = JSON.parse(JSON.stringify((await get(path, { from: newClient() })).headers)) as { etag: string };
    // A new URL for this format: the first conditional read is the routed path's.
    const conditional = { accept: 'application/json', 'if-none-match': etag };
    const routed = await get(`${path}&format=json`, { from, headers: conditional });
    const before = await quickAnswers();
    const quick = await get(`${path}&format=json`, { from, headers: conditional });
    expect(await quickAnswers()).toBe(before + 1);
    expect([routed.status, quick.status]).toEqual([304, 304]);
    expect([routed.body.length, quick.body.length]).toEqual([0, 0]);
    expect(comparable(quick.headers)).toEqual(comparable(routed.headers));
    expect(quick.headers.etag).toBe(etag);
    expect(quick.headers['cache-control']).toBe('public, max-age=60');
  });

  it('never answers a caller presenting a key quick: the analyst gets the embargoed preview, privately', async () => {
    await get('/v1/estimates', { from: newClient() });
    const before = await quickAnswers();
    for (let i = 0; i < 2; i++) {
      const preview = await get('/v1/estimates', { headers: { authorization: `Bearer ${analystKey}` } });
      expect(preview.status).toBe(200);
      expect(JSON.parse(preview.body.toString()).release.id).toBe(embargoedId);
      expect(preview.headers['cache-control']).toMatch(/^private/);
    }
    // Another scheme is a key the routed path cannot accept; it decides what that gets.
    const otherScheme = await get('/v1/estimates', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(otherScheme.headers['cache-control']).toMatch(/^private/);
    expect(await quickAnswers()).toBe(before);
  });

  it('never answers quick for an embargoed release: asked twice, still 404 from the routed path', async () => {
    const from = newClient();
    const before = await quickAnswers();
    for (let i = 0; i < 2; i++) {
      const res = await get(`/v1/estimates?release=${embargoedId}`, { from });
      expect(res.status).toBe(404);
      expect(res.body.toString()).not.toContain('9900');
    }
    expect(await quickAnswers()).toBe(before);
    expect(svc.app.get(PublishedReleases).choose({ releaseId: embargoedId })).toBeNull();
  });

  it('a publication reaches the quick path: the period\'s new release replaces the old one, the old stays readable by id', async () => {
    const from = newClient();
    const path = '/v1/aggregates?period=2025-05&level=national';
    const runOf = async (p: string) => JSON.parse((await get(p, { from })).body.toString()).release.run_id;
    expect(await runOf(path)).toBe(may.id);
    const assembly = svc.app.get(ReleaseAssembly);
    const publishing = svc.app.get(ReleasePublishing);
    const restated = await insertRun(svc.database.url, '2025-05', 'provisional_revised', 3);
    await publishing.publish((await assembly.assemble(restated.id)).id);
    // At once, from the process that published: no read in between gets the old release.
    expect(await runOf(path)).toBe(restated.id);
    await waitFor(() => svc.app.get(PublishedReleases).choose({ period: '2025-05' })?.runId === restated.id, { description: 'the release list reloaded' });
    const quickBefore = await quickAnswers();
    expect(await runOf(path)).toBe(restated.id);
    expect(await quickAnswers()).toBe(quickBefore + 1);
    // Never asked by id before: answered quick all the same, from the old run's read model.
    const before = await quickAnswers();
    const old = JSON.parse((await get(`/v1/aggregates?release=${mayReleaseId}`, { from: newClient() })).body.toString());
    expect(old.release).toMatchObject({ run_id: may.id, status: 'superseded' });
    expect(await quickAnswers()).toBe(before + 1);
  });

  it('every change to publication.release, by anyone, is notified to listeners at its commit', async () => {
    const listener = new Client({ connectionString: svc.database.url });
    const writer = new Client({ connectionString: svc.database.url });
    await Promise.all([listener.connect(), writer.connect()]);
    try {
      const heard: string[] = [];
      listener.on('notification', (n) => heard.push(n.channel));
      await listener.query(`LISTEN ${RELEASE_CHANGES_CHANNEL}`);
      await writer.query('BEGIN');
      await writer.query(`UPDATE publication.release SET vintage = vintage WHERE id = $1`, [mayReleaseId]);
      await listener.query('SELECT 1');
      expect(heard).toEqual([]);
      await writer.query('COMMIT');
      await waitFor(() => heard.length > 0, { description: 'the notification' });
      expect(heard).toEqual([RELEASE_CHANGES_CHANNEL]);
    } finally {
      await Promise.all([listener.end(), writer.end()]);
    }
  });

  it('when its connection is lost the quick path steps aside, reads stay right, and it comes back', async () => {
    const releases = svc.app.get(PublishedReleases);
    const path = '/v1/estimates?org=RBB';
    await get(path, { from: newClient() });
    const admin = new Client({ connectionString: svc.database.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'publication-releases' AND datname = current_database()`,
      );
      expect(killed.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    await waitFor(() => releases.choose({}) === undefined, { description: 'the lost connection is noticed' });
    const before = await quickAnswers();
    const routed = await get(path, { from: newClient() });
    expect(routed.status).toBe(200);
    expect(JSON.parse(routed.body.toString()).items.map((e: { org_code: string }) => e.org_code)).toEqual(['RBB']);
    expect(await quickAnswers()).toBe(before);
    await waitFor(() => releases.choose({}) !== undefined, { timeoutMs: 15_000, description: 'the listener reconnects' });
    const quick = await get(path, { from: newClient() });
    expect(quick.body.equals(routed.body)).toBe(true);
    expect(await quickAnswers()).toBe(before + 1);
  });

  it('behind a trusted proxy (TRUST_PROXY) each forwarded client has its own budget, on both paths', async () => {
    const proxy = newClient();
    const remaining = async (client: string) =>
      (await get('/v1/aggregates?level=peer_group', { from: proxy, headers: { 'x-forwarded-for': client } })).headers['x-ratelimit-remaining'];
    const before = await quickAnswers();
    expect([await remaining('203.0.113.7'), await remaining('203.0.113.7'), await remaining('203.0.113.8'), await remaining('203.0.113.7')]).toEqual(['3', '2', '3', '1']);
    // The first read too: a miss of the response cache is rendered from the release's read model.
    expect(await quickAnswers()).toBe(before + 4);
  });

  it('spends the caller\'s one rate-limit budget and leaves the refusal to the guard', async () => {
    const from = newClient();
    const remaining: Array<string | string[] | undefined> = [];
    for (let i = 0; i < RATE_LIMIT; i++) remaining.push((await get('/v1/aggregates?level=sector', { from })).headers['x-ratelimit-remaining']);
    expect(remaining).toEqual(['3', '2', '1', '0']);
    const before = await quickAnswers();
    const refused = await get('/v1/aggregates?level=sector', { from });
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await quickAnswers()).toBe(before);
    expect((await get('/v1/aggregates?level=sector', { from: newClient() })).status).toBe(200);
  });

  it('counts every spelling routing accepts against the one budget: case and a trailing slash do not escape the limit', async () => {
    const from = newClient();
    const spellings = ['/v1/aggregates?level=national', '/v1/aggregates?level=national', '/V1/aggregates?level=national', '/v1/AGGREGATES/?level=national'];
    const answers: Answer[] = [];
    for (const path of spellings) answers.push(await get(path, { from }));
    expect(answers.map((a) => [a.status, a.headers['x-ratelimit-remaining']])).toEqual([[200, '3'], [200, '2'], [200, '1'], [200, '0']]);
    for (const path of ['/V1/Aggregates?level=national', '/V1/ESTIMATES', '/Report', '/REPORT/trusts/RAA', '/OpenAPI.json', '/v1/Releases/']) {
      const refused = await get(path, { from });
      expect({ path, status: refused.status, type: JSON.parse(refused.body.toString()).type }).toEqual({ path, status: 429, type: 'urn:nhsp:problem:rate-limited' });
    }
  });

  // Last: it publishes a later period, which becomes the default one.
  it('steps aside from the moment a scheduled release falls due until it is published, never showing it early', async () => {
    const releases = svc.app.get(PublishedReleases);
    const assembly = svc.app.get(ReleaseAssembly);
    const publishing = svc.app.get(ReleasePublishing);
    const august = await insertRun(svc.database.url, '2025-08', 'provisional', 4);
    const augustRelease = (await assembly.assemble(august.id)).id;
    const dueAt = new Date(Date.now() + 3000);
    await publishing.schedule(augustRelease, dueAt);
    // Forgotten at the schedule's commit, reloaded a moment later knowing when August falls due.
    await waitFor(() => releases.choose({}, dueAt.getTime() - 1)?.runId === june.id, { description: 'the release list reloaded' });
    expect(releases.choose({}, dueAt.getTime())).toBeUndefined();
    expect(releases.choose({ period: '2025-08' }, dueAt.getTime() - 1)).toBeNull();
    expect(releases.choose({ releaseId: augustRelease }, dueAt.getTime() - 1)).toBeNull();
    // The delayed job publishes it at dueAt; the quick path then knows it as the latest period.
    await waitFor(() => releases.choose({})?.runId === august.id, { timeoutMs: 20_000, description: 'the August release published' });
    expect(new Date((await get('/v1/releases/latest', { from: newClient() }).then((r) => JSON.parse(r.body.toString()))).published_at).getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
  });
});
