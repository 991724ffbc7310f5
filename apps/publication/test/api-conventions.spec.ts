// The public API's conventions (issue 15, API): the release's inputs on their own route, Link
// headers on pages, gzip and Brotli, CORS for the public reads only, 406 for what cannot be
// produced, organisation codes in any case, and one answer for an organisation not there.
import request from 'supertest';
import { request as httpGet } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { TestService } from '@nhsp/testing';
import { ReleaseAssembly } from '../src/release-assembly';
import { insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const ADMIN_KEY = 'api-conventions-admin-key-0123456789';
let svc: TestService;
let http: () => ReturnType<typeof request>;
let releaseId: string;

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'true', ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true' });
  http = () => request(svc.app.getHttpServer());
  const run = await insertRun(svc.database.url, '2025-06', 'provisional', 1);
  // 30 more trusts, so a page is more than one and an answer is worth compressing.
  await withClient(svc.database.url, async (c) => {
    for (let i = 0; i < 30; i++) {
      await c.query(
        `INSERT INTO productivity.v_estimates VALUES ($1, $2, $3, 'acute', 'London', 'large_acute', 3, 'valid', '10', '11', '0.1', '20', '21', '0.05', '0.0476', '{}')`,
        [run.id, `RX${String(i).padStart(2, '0')}`, `Trust number ${i}`],
      );
    }
  });
  releaseId = (await svc.app.get(ReleaseAssembly).assemble(run.id)).id;
});
afterAll(() => svc?.stop());

/** The raw bytes and headers of a GET (supertest would decode them). */
function raw(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${svc.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the manifest', () => {
  it('keeps latest small: the run inputs (submission hashes) are at /v1/releases/:id/manifest', async () => {
    const latest = await http().get('/v1/releases/latest').expect(200);
    expect(latest.body.manifest).toMatchObject({ runId: latest.body.run_id, counts: { estimates: 32 }, inputsUrl: `/v1/releases/${releaseId}/manifest` });
    expect(latest.body.manifest.inputs).toBeUndefined();
    expect(latest.text).not.toContain('RAA|2025-04');
    expect((await http().get(`/v1/releases/${releaseId}`).expect(200)).body.manifest.inputs).toBeUndefined();
    const manifest = await http().get(latest.body.manifest.inputsUrl).expect(200);
    expect(manifest.body).toMatchObject({ release_id: releaseId, period: '2025-06', manifest: { inputs: { submissions: { 'RAA|2025-04': 'abc' } } } });
    await http().get('/v1/releases/not-a-uuid/manifest').expect(400);
    const unknown = await http().get('/v1/releases/00000000-0000-4000-8000-000000000000/manifest').expect(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });
});

describe('pages', () => {
  it('link first, prev, next and last (RFC 8288), keeping the other parameters', async () => {
    const first = await http().get('/v1/estimates?sector=acute&limit=10').expect(200);
    expect(first.body.total).toBe(31);
    expect(first.headers.link).toBe(
      '</v1/estimates?sector=acute&limit=10&offset=0>; rel="first", </v1/estimates?sector=acute&limit=10&offset=10>; rel="next", ' +
        '</v1/estimates?sector=acute&limit=10&offset=30>; rel="last"',
    );
    const middle = await http().get('/v1/estimates?sector=acute&limit=10&offset=10').expect(200);
    expect(middle.headers.link).toContain('</v1/estimates?sector=acute&limit=10&offset=0>; rel="prev"');
    expect(middle.headers.link).toContain('offset=20>; rel="next"');
    const next = /<([^>]+)>; rel="next"/.exec(middle.headers.link)![1];
    const third = await http().get(next).expect(200);
    expect(third.body.offset).toBe(20);
    const last = await http().get('/v1/estimates?sector=acute&limit=10&offset=30').expect(200);
    expect(last.headers.link).not.toContain('rel="next"');
    expect(last.body.items).toHaveLength(1);
    // The default page (100 rows) says so too; a CSV of every row has no neighbours.
    expect((await http().get('/v1/estimates').expect(200)).headers.link).toContain('limit=100&offset=0>; rel="first"');
    expect((await http().get('/v1/estimates?format=csv').expect(200)).headers.link).toBeUndefined();
    expect((await http().get('/v1/releases?limit=1').expect(200)).headers.link).toContain('rel="last"');
  });
});

describe('compression', () => {
  it('sends JSON and CSV as br or gzip by Accept-Encoding, the same bytes once decoded, with Vary and a weak ETag', async () => {
    for (const path of ['/v1/estimates', '/v1/estimates?format=csv', '/v1/estimates?sector=acute&limit=20']) {
      const plain = await raw(path, {});
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toContain('Accept-Encoding');
      for (const [accept, coding, decode] of [['gzip, deflate', 'gzip', gunzipSync], ['br;q=1, gzip;q=0.5', 'br', brotliDecompressSync]] as const) {
        // Twice: the second may come from the quick path, and must say the same.
        for (let i = 0; i < 2; i++) {
          const encoded = await raw(path, { 'Accept-Encoding': accept });
          expect([path, encoded.headers['content-encoding']]).toEqual([path, coding]);
          expect(encoded.body.length).toBeLessThan(plain.body.length);
          expect(decode(encoded.body).equals(plain.body)).toBe(true);
          expect(encoded.headers.etag).toBe(`W/${plain.headers.etag}`);
          const again = await raw(path, { 'Accept-Encoding': accept, 'If-None-Match': String(encoded.headers.etag) });
          expect(again.status).toBe(304);
        }
      }
      expect((await raw(path, { 'Accept-Encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
    }
    // A download is compressed by the same rule, and its weak ETag still answers 304.
    const download = await raw(`/v1/releases/${releaseId}/download.csv`, { 'Accept-Encoding': 'gzip' });
    expect(download.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(download.body).toString()).toMatch(/^Org code,Org name/);
    expect((await raw(`/v1/releases/${releaseId}/download.csv`, { 'Accept-Encoding': 'gzip', 'If-None-Match': String(download.headers.etag) })).status).toBe(304);
    // Any service's JSON answered through Nest (here its OpenAPI document) is compressed the same way.
    const doc = await raw('/openapi.json', { 'Accept-Encoding': 'gzip' });
    expect(doc.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(doc.body).toString()).openapi).toMatch(/^3\./);
    // Small answers are not worth it.
    expect((await raw('/health/live', { 'Accept-Encoding': 'gzip' })).headers['content-encoding']).toBeUndefined();
  });
});

describe('CORS', () => {
  it('lets a browser app on any origin read the public API, without credentials, and nothing else', async () => {
    const origin = 'https://app.example.org';
    const read = await http().get('/v1/estimates?limit=5').set('Origin', origin).expect(200);
    expect(read.headers['access-control-allow-origin']).toBe('*');
    expect(read.headers['access-control-expose-headers']).toEqual(expect.stringContaining('Link'));
    expect(read.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await http().options('/v1/estimates').set('Origin', origin).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'if-none-match').expect(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    expect(preflight.headers['access-control-allow-headers']).not.toMatch(/authorization|x-api-key/i);
    // Writes and admin routes: no CORS answer at all.
    const write = await http().post(`/v1/releases/${releaseId}/publish`).set('Origin', origin).set('Authorization', `Bearer ${ADMIN_KEY}`);
    expect(write.headers['access-control-allow-origin']).toBeUndefined();
    const admin = await http().get('/admin/api-keys').set('Origin', origin).set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
    const adminPreflight = await http().options('/admin/api-keys').set('Origin', origin).set('Access-Control-Request-Method', 'GET');
    expect(adminPreflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('content negotiation', () => {
  it('answers an Accept it cannot meet with 406 problem details', async () => {
    for (const path of ['/v1/estimates', '/v1/releases/latest', '/health/live']) {
      const refused = await http().get(path).set('Accept', 'application/xml').expect(406);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ type: 'urn:nhsp:problem:not-acceptable', status: 406 });
    }
    await http().get('/v1/releases/latest').set('Accept', 'text/csv').expect(406);
    await http().get('/metrics').set('Accept', 'text/plain').expect(200);
    await http().get('/v1/estimates').set('Accept', 'text/csv').expect(200).expect('Content-Type', /text\/csv/);
    await http().get('/v1/estimates').set('Accept', 'application/xml, */*;q=0.1').expect(200).expect('Content-Type', /json/);
  });
});

describe('organisation codes', () => {
  it('match in any case', async () => {
    const upper = await http().get('/v1/estimates?org=RAA').expect(200);
    const lower = await http().get('/v1/estimates?org=raa').expect(200);
    expect(lower.body.items).toEqual(upper.body.items);
    expect(lower.body.total).toBe(1);
    expect((await http().get('/v1/benchmarks?org=raa').expect(200)).body.total).toBe(1);
    expect((await http().get('/v1/trusts/raa/series').expect(200)).body.org_code).toBe('RAA');
  });

  it('an organisation that is not there is 404 problem details naming it, on every route that takes one', async () => {
    for (const path of ['/v1/estimates?org=zzz', '/v1/benchmarks?org=ZZZ', '/v1/trusts/ZZZ/series', '/v1/trusts/zzz/explanation', '/v1/notifications?org=ZZZ', '/v1/revisions?org=ZZZ']) {
      // (The plan and pack routes, /v1/stability?org= and the like, answer the same: plan-packs.spec.ts.)
      const res = await http().get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.body).toMatchObject({ type: 'urn:nhsp:problem:unknown-organisation', org: 'ZZZ' });
      expect(res.body.detail).toContain('ZZZ');
    }
  });
});

it('serves its OpenAPI document at /openapi.json, to any origin', async () => {
  const doc = await http().get('/openapi.json').set('Origin', 'https://x.example').expect(200);
  expect(doc.headers['access-control-allow-origin']).toBe('*');
  expect(doc.body.paths['/v1/releases/{id}/manifest'].get.security).toEqual([]);
});
