// The /v1 API's list conventions (sort, order, limit, offset, total and X-Total-Count, JSON or
// CSV), its OpenAPI description, and publishing as one transaction seen by concurrent readers.
import request from 'supertest';
import { TestService } from '@nhsp/testing';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { FakeRun, insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const ADMIN_KEY = 'releases-spec-admin-key-0123456789ab';
let svc: TestService;
let run: FakeRun;
const http = () => request(svc.app.getHttpServer());

beforeAll(async () => {
  svc = await startPublication({ ADMIN_API_KEY: ADMIN_KEY, AUTO_PUBLISH: 'false' });
  run = await insertRun(svc.database.url, '2025-06', 'provisional', 1);
  // A third trust with a negative growth, so sorting by growth has something to order.
  await withClient(svc.database.url, (c) =>
    c.query(`INSERT INTO productivity.v_estimates VALUES ($1,'RCC','Gamma','acute','London','large_acute',3,'valid',1000,990,'-0.01',1000,1000,'0','-0.01',ARRAY[]::text[])`, [run.id]),
  );
  const assembly = svc.app.get(ReleaseAssembly);
  const publisher = svc.app.get(ReleasePublishing);
  await publisher.publish((await assembly.assemble(run.id)).id);
});
afterAll(() => svc?.stop());

const orgs = (body: { items: Array<{ org_code: string }> }) => body.items.map((e) => e.org_code);

describe('list conventions', () => {
  it('sorts by a column either way, empty values last, ties in the natural order', async () => {
    expect(orgs((await http().get('/v1/estimates?sort=productivity_growth&order=desc').expect(200)).body)).toEqual(['RAA', 'RCC', 'RBB']);
    expect(orgs((await http().get('/v1/estimates?sort=productivity_growth').expect(200)).body)).toEqual(['RCC', 'RAA', 'RBB']);
    expect(orgs((await http().get('/v1/estimates?sort=name&order=desc').expect(200)).body)).toEqual(['RCC', 'RBB', 'RAA']);
    const groups = (await http().get('/v1/aggregates?sort=trusts&order=desc').expect(200)).body.items.map((a: { group: string }) => a.group);
    // trusts 1,1,1,0: the three ones keep aggregates.csv order (national, peer group, sector).
    expect(groups).toEqual(['England', 'large_acute', 'acute', 'Community']);
    const csv = await http().get('/v1/estimates?format=csv&sort=productivity_growth&order=desc&limit=1').expect(200);
    expect(csv.text.split('\n')[1]).toMatch(/^RAA,/);
  });

  it('pages with limit and offset and tells the total in the body and in X-Total-Count', async () => {
    const res = await http().get('/v1/estimates?sort=org_code&limit=1&offset=1').expect(200);
    expect(res.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(orgs(res.body)).toEqual(['RBB']);
    expect(res.headers['x-total-count']).toBe('3');
    const csv = await http().get('/v1/benchmarks?format=csv').expect(200);
    expect(csv.headers['x-total-count']).toBe('1');
  });

  it('refuses unknown sort columns and orders with validation problem details naming the parameter', async () => {
    const bad = await http().get('/v1/estimates?sort=password').expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ type: 'urn:nhsp:problem:validation', status: 400, errors: [{ path: 'sort' }] });
    expect((await http().get('/v1/estimates?sort=org_code&order=sideways').expect(400)).body.errors[0].path).toBe('order');
    expect((await http().get('/v1/estimates?order=desc').expect(400)).body.errors[0].path).toBe('order');
    // Names every object inherits are unknown columns like any other, never SQL (they were 500s).
    for (const list of ['estimates', 'aggregates', 'benchmarks']) {
      for (const sort of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const inherited = await http().get(`/v1/${list}?sort=${sort}`);
        expect({ list, sort, status: inherited.status, type: inherited.body.type, path: inherited.body.errors?.[0]?.path }).toEqual({ list, sort, status: 400, type: 'urn:nhsp:problem:validation', path: 'sort' });
      }
    }
  });

  it('lists releases as CSV too', async () => {
    const csv = await http().get('/v1/releases').set('Accept', 'text/csv').expect(200).expect('Content-Type', /text\/csv/);
    const [header, row] = csv.text.split('\n');
    expect(header).toBe('id,run_id,period,vintage,status,publish_at,created_at,published_at,superseded_at');
    expect(row).toContain(`,${run.id},2025-06,provisional,published,,`);
    expect(csv.headers['x-total-count']).toBe('1');
  });
});

describe('OpenAPI', () => {
  it('lists every /v1 route with its parameters and a response schema', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body;
    const routes = Object.entries(doc.paths as Record<string, Record<string, { parameters?: Array<{ name: string }>; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>)
      .filter(([path]) => path.startsWith('/v1'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));
    expect(routes.map((r) => r.route).sort()).toEqual([
      'DELETE /v1/calendar/exceptions/{period}',
      'GET /v1/aggregates', 'GET /v1/benchmarks', 'GET /v1/calendar', 'GET /v1/calendar.ics', 'GET /v1/estimates', 'GET /v1/feed.atom', 'GET /v1/final-revisions/{fy}',
      'GET /v1/index', 'GET /v1/indicators', 'GET /v1/notifications',
      'GET /v1/opportunities', 'GET /v1/opportunities/{metric}', 'GET /v1/releases', 'GET /v1/releases/latest',
      'GET /v1/releases/{id}', 'GET /v1/releases/{id}/download.csv', 'GET /v1/releases/{id}/download.xlsx', 'GET /v1/releases/{id}/manifest', 'GET /v1/revisions',
      'GET /v1/sensitivity', 'GET /v1/stability', 'GET /v1/targets',
      'GET /v1/trusts/{org}/explanation', 'GET /v1/trusts/{org}/pack', 'GET /v1/trusts/{org}/series', 'POST /v1/final-revisions/{fy}/publish', 'POST /v1/releases/{id}/publish', 'POST /v1/releases/{id}/schedule',
      'PUT /v1/calendar/exceptions/{period}',
    ]);
    const withoutSchema = routes.filter(({ route, op }) => !route.includes('download') && !Object.values(op.responses).some((r) => Object.values(r.content ?? {}).some((c) => c.schema)));
    expect(withoutSchema.map((r) => r.route)).toEqual([]);
    // The same document under the name API tools look for first.
    expect((await http().get('/openapi.json').expect(200)).body).toEqual(doc);
    const estimates = routes.find((r) => r.route === 'GET /v1/estimates')!.op;
    expect(estimates.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['period', 'release', 'sort', 'order', 'limit', 'offset', 'format']));
  });
});

describe('publishing is one transaction', () => {
  it('concurrent readers see the old release or the new one, never a mix, and the period never has two published', async () => {
    const next = await insertRun(svc.database.url, '2025-06', 'provisional_revised', 2);
    const assembly = svc.app.get(ReleaseAssembly);
    const publisher = svc.app.get(ReleasePublishing);
    const draft = await assembly.assemble(next.id);
    const seen: Array<{ run: string; vintage: string; cwa: string; vintages: string[] }> = [];
    const published: number[] = [];
    let publishing = true;
    const readers = Array.from({ length: 4 }, async () => {
      while (publishing || seen.length < 20) {
        const res = await http().get('/v1/estimates?period=2025-06&org=RAA').expect(200);
        seen.push({ run: res.body.release.run_id, vintage: res.body.release.vintage, cwa: res.body.items[0].cwa_current, vintages: res.body.items.map((e: { vintage: string }) => e.vintage) });
        const [{ n }] = (await withClient(svc.database.url, (c) => c.query(`SELECT count(*)::int AS n FROM publication.release WHERE period = '2025-06' AND status = 'published'`))).rows;
        published.push(n);
      }
    });
    await publisher.publish(draft.id);
    publishing = false;
    await Promise.all(readers);
    for (const s of seen) {
      // Figures always belong to the release the answer names.
      expect(s).toEqual(s.run === run.id
        ? { run: run.id, vintage: 'provisional', cwa: '1100.00', vintages: ['provisional'] }
        : { run: next.id, vintage: 'provisional_revised', cwa: '2200.00', vintages: ['provisional_revised'] });
    }
    expect(new Set(published)).toEqual(new Set([1]));
    expect(seen[seen.length - 1].run).toBe(next.id);
  });
});
