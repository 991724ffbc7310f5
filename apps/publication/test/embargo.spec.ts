// Embargo: before publication a release and its figures are for analyst, publisher and admin
// keys only; the public gets 404 from every endpoint that names it and sees nothing of it in
// any other answer. Scheduled releases are published by a delayed job at publishAt.
import request from 'supertest';
import { jobIdFor, PATTERNS, QUEUES, QueueRegistry } from '@nhsp/queue';
import { TestService, waitFor } from '@nhsp/testing';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { FakeRun, insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const PUBLISH_DUE = PATTERNS.publishDue;

const ADMIN_KEY = 'embargo-spec-admin-key-0123456789abc';
let svc: TestService;
const http = () => request(svc.app.getHttpServer());
const keys: Record<'analyst' | 'publisher', string> = { analyst: '', publisher: '' };

let published: FakeRun;
let embargoed: FakeRun;
let embargoedId: string;

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'false', ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', ACCESS_CACHE_MS: '0' });
  for (const role of ['analyst', 'publisher'] as const) {
    const res = await http().post('/admin/api-keys').set('Authorization', `Bearer ${ADMIN_KEY}`).send({ name: `embargo ${role}`, role }).expect(201);
    keys[role] = res.body.key;
  }
  const assembly = svc.app.get(ReleaseAssembly);
  const publishing = svc.app.get(ReleasePublishing);
  published = await insertRun(svc.database.url, '2025-05', 'provisional', 1);
  await publishing.publish((await assembly.assemble(published.id)).id);
  // Scale 9: cwa_current 9900.00 and aggregates 9900 appear nowhere but in this release.
  embargoed = await insertRun(svc.database.url, '2025-06', 'provisional', 9);
  embargoedId = (await assembly.assemble(embargoed.id)).id;
  await http().post(`/v1/releases/${embargoedId}/schedule`).set('Authorization', `Bearer ${keys.publisher}`)
    .send({ publishAt: new Date(Date.now() + 3_600_000).toISOString() }).expect(200);
});
afterAll(() => svc?.stop());

async function releaseRow(id: string) {
  return withClient(svc.database.url, async (c) => (await c.query(`SELECT * FROM publication.release WHERE id = $1`, [id])).rows[0]);
}

/** Every GET route of the OpenAPI document, each with the ways a caller could ask for the embargoed release. */
async function publicGetRequests(): Promise<string[]> {
  const doc = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
  const paths = Object.entries(doc.paths).filter(([path, ops]) => 'get' in ops && (path.startsWith('/v1') || path.startsWith('/report')));
  const urls: string[] = [];
  for (const [template] of paths) {
    const path = template.replace('{id}', embargoedId).replace(/\{org[^}]*\}/, 'RAA').replace(/\{[^}]+\}/g, 'RAA');
    urls.push(path, `${path}?period=2025-06`, `${path}?release=${embargoedId}`, `${path}?status=scheduled`);
  }
  return urls;
}

describe('embargo', () => {
  it('the OpenAPI document lists the routes the leak check walks', async () => {
    const urls = await publicGetRequests();
    for (const route of ['/v1/releases', '/v1/releases/latest', `/v1/releases/${embargoedId}`, '/v1/estimates', '/v1/aggregates', '/v1/benchmarks',
      '/v1/trusts/RAA/series', `/v1/releases/${embargoedId}/download.csv`, `/v1/releases/${embargoedId}/download.xlsx`]) {
      expect(urls).toContain(route);
    }
  });

  it('nothing embargoed leaks through any public GET route: asking for it is answered as for a release or period that does not exist', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const get = async (url: string) => {
      const res = await http().get(url).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      return { status: res.status, text: (res.body as Buffer).toString('latin1') };
    };
    const leaks: string[] = [];
    const urls = await publicGetRequests();
    for (const url of urls) {
      const answer = await get(url);
      // Asked again, it may be answered from memory ahead of Express (quick reads): the same answer.
      const again = await get(url);
      if (again.status !== answer.status || again.text !== answer.text) leaks.push(`${url} → ${answer.status}, then ${again.status} with another body`);
      // Its run and its figures appear nowhere; its id only where the caller sent it.
      for (const secret of [embargoed.id, '9900', ...(url.includes(embargoedId) ? [] : [embargoedId])]) {
        if (answer.text.includes(secret)) leaks.push(`${url} → ${answer.status} contains ${secret}`);
      }
      // Its id or period gets exactly the answer an unknown id or an empty period gets.
      const twin = url.split(embargoedId).join(unknownId).replace('period=2025-06', 'period=2019-01');
      if (twin !== url) {
        const expected = await get(twin);
        const same = (t: string) => t.split(embargoedId).join('<id>').split(unknownId).join('<id>').replace(/2025-06|2019-01/g, '<period>');
        if (answer.status !== expected.status || same(answer.text) !== same(expected.text)) {
          leaks.push(`${url} → ${answer.status} differs from ${twin} → ${expected.status}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(urls.length).toBeGreaterThan(30);
  });

  it('the public gets 404 problem details from the release, its figures and its downloads', async () => {
    for (const url of [`/v1/releases/${embargoedId}`, '/v1/estimates?period=2025-06', '/v1/aggregates?period=2025-06', '/v1/benchmarks?period=2025-06',
      `/v1/estimates?release=${embargoedId}`, `/v1/releases/${embargoedId}/download.csv`, `/v1/releases/${embargoedId}/download.xlsx`]) {
      const res = await http().get(url);
      expect({ url, status: res.status, type: res.headers['content-type'] }).toEqual({ url, status: 404, type: expect.stringMatching(/application\/problem\+json/) });
    }
    // The latest period for the public is still the published one.
    expect((await http().get('/v1/estimates').expect(200)).body.release).toMatchObject({ period: '2025-05', run_id: published.id });
    expect((await http().get('/v1/releases').expect(200)).body.items.map((r: { id: string }) => r.id)).not.toContain(embargoedId);
  });

  it('analyst keys and above see the embargoed release and its figures', async () => {
    for (const key of [keys.analyst, keys.publisher, ADMIN_KEY]) {
      const auth = { Authorization: `Bearer ${key}` };
      expect((await http().get(`/v1/releases/${embargoedId}`).set(auth).expect(200)).body).toMatchObject({ status: 'scheduled' });
      const estimates = await http().get('/v1/estimates?period=2025-06&org=RAA').set(auth).expect(200);
      expect(estimates.body.release).toMatchObject({ id: embargoedId, status: 'scheduled' });
      expect(estimates.body.items[0].cwa_current).toBe('9900.00');
      // Answers to a key must not be kept by shared caches.
      expect(estimates.headers['cache-control']).toMatch(/^private/);
      await http().get(`/v1/releases/${embargoedId}/download.csv`).set(auth).expect(200);
      const series = await http().get('/v1/trusts/RAA/series').set(auth).expect(200);
      expect(series.body.items.map((e: { period: string }) => e.period)).toEqual(['2025-05', '2025-06']);
    }
  });

  it('only publishers schedule, only drafts and scheduled releases, only in the future', async () => {
    const url = `/v1/releases/${embargoedId}/schedule`;
    const later = { publishAt: new Date(Date.now() + 7_200_000).toISOString() };
    await http().post(url).send(later).expect(401);
    await http().post(url).set('Authorization', `Bearer ${keys.analyst}`).send(later).expect(403);
    const bad = await http().post(url).set('Authorization', `Bearer ${keys.publisher}`).send({ publishAt: '2026-04-09 09:30' }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'body.publishAt' });
    await http().post(url).set('Authorization', `Bearer ${keys.publisher}`).send({ publishAt: '2020-01-01T00:00:00Z' }).expect(400);
    // Impossible or unbounded dates are refused, not rolled over (31 February was stored as 3 March) or kept for ever.
    const before = await releaseRow(embargoedId);
    const inTwoYears = new Date(Date.now() + 2 * 366 * 86_400_000).toISOString();
    for (const publishAt of ['2027-02-31T09:30:00Z', '9999-12-31T00:00:00Z', '9999-12-31', '2027-04-09T25:00:00Z', '2027-04-09T09:30:00+15:00', inTwoYears]) {
      const refused = await http().post(url).set('Authorization', `Bearer ${keys.publisher}`).send({ publishAt }).expect(400);
      expect({ publishAt, type: refused.body.type, path: refused.body.errors[0].path }).toEqual({ publishAt, type: 'urn:nhsp:problem:validation', path: 'body.publishAt' });
    }
    expect(await releaseRow(embargoedId)).toEqual(before);
    const publishedId = (await http().get('/v1/releases/latest').expect(200)).body.id;
    const conflict = await http().post(`/v1/releases/${publishedId}/schedule`).set('Authorization', `Bearer ${keys.publisher}`).send(later).expect(409);
    expect(conflict.body.type).toBe('urn:nhsp:problem:conflict');
  });

  it('the delayed job publishes a scheduled release at its time, superseding the old one, without any read', async () => {
    const run = await insertRun(svc.database.url, '2025-05', 'provisional_revised', 3);
    const draft = await svc.app.get(ReleaseAssembly).assemble(run.id);
    const publishAt = new Date(Date.now() + 1000);
    const res = await http().post(`/v1/releases/${draft.id}/schedule`).set('Authorization', `Bearer ${keys.publisher}`).send({ publishAt: publishAt.toISOString() }).expect(200);
    expect(res.body).toMatchObject({ status: 'scheduled', publish_at: publishAt.toISOString() });
    expect((await releaseRow(draft.id)).status).toBe('scheduled');

    const job = svc.app.get(QueueRegistry).queue(QUEUES.publication);
    const jobId = jobIdFor(PUBLISH_DUE, draft.id, String(publishAt.getTime()));
    await waitFor(async () => (await job.getJobState(jobId)) === 'completed', { timeoutMs: 20_000, description: 'publication job completed' });
    const row = await releaseRow(draft.id);
    expect(row.status).toBe('published');
    expect(row.published_at.getTime()).toBeGreaterThanOrEqual(publishAt.getTime());
    const old = (await withClient(svc.database.url, (c) => c.query(`SELECT status FROM publication.release WHERE run_id = $1`, [published.id]))).rows[0];
    expect(old.status).toBe('superseded');
    expect((await http().get('/v1/estimates?period=2025-05&org=RAA').expect(200)).body.items[0].cwa_current).toBe('3300.00');
  });

  it('a rescheduled release is left alone by its earlier job; a lost job is made good by the next read', async () => {
    const run = await insertRun(svc.database.url, '2025-07', 'provisional', 4);
    const draft = await svc.app.get(ReleaseAssembly).assemble(run.id);
    const first = new Date(Date.now() + 500);
    await http().post(`/v1/releases/${draft.id}/schedule`).set('Authorization', `Bearer ${keys.publisher}`).send({ publishAt: first.toISOString() }).expect(200);
    const second = new Date(Date.now() + 1500);
    await http().post(`/v1/releases/${draft.id}/schedule`).set('Authorization', `Bearer ${keys.publisher}`).send({ publishAt: second.toISOString() }).expect(200);
    const queue = svc.app.get(QueueRegistry).queue(QUEUES.publication);
    // Drop the job of the new time, as if the enqueue had been lost.
    await (await queue.getJob(jobIdFor(PUBLISH_DUE, draft.id, String(second.getTime()))))!.remove();
    await waitFor(async () => (await queue.getJobState(jobIdFor(PUBLISH_DUE, draft.id, String(first.getTime())))) === 'completed', { timeoutMs: 20_000, description: 'first job ran' });
    expect((await releaseRow(draft.id)).status).toBe('scheduled');
    await http().get('/v1/estimates?period=2025-07').expect(404);

    await waitFor(() => Date.now() > second.getTime() + 50, { timeoutMs: 5000, description: 'publishAt passed' });
    // Still scheduled in the database: only the read's publishOverdue transaction flips it.
    expect((await releaseRow(draft.id)).status).toBe('scheduled');
    const res = await http().get('/v1/estimates?period=2025-07&org=RAA').expect(200);
    expect(res.body.release).toMatchObject({ id: draft.id, status: 'published' });
    expect((await releaseRow(draft.id)).status).toBe('published');
  });
});
