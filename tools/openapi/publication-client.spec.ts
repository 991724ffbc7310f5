// The typed client (openapi-fetch over the generated types) reads a real publication service,
// and every JSON answer is checked against the document: a server that drifts from its
// document fails the read (issue 15, API).
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestService } from '@nhsp/testing';
import { ReleaseAssembly } from '../../apps/publication/src/release-assembly';
import { insertRun } from '../../apps/publication/test/stand-in-views';
import { startPublication } from '../../apps/publication/test/start-publication';
import { dataOf, publicationClient } from './publication-client';
import { schemaProblems } from '@nhsp/testing';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let svc: TestService;
let releaseId: string;

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'true' });
  const run = await insertRun(svc.database.url, '2025-06', 'provisional', 1);
  releaseId = (await svc.app.get(ReleaseAssembly).assemble(run.id)).id;
});
afterAll(() => svc?.stop());

it('reads the published figures through the typed client, each answer as documented', async () => {
  const api = publicationClient(svc.url);
  const estimates = dataOf(await api.GET('/v1/estimates', { params: { query: { period: '2025-06', org: 'raa' } } }));
  expect(estimates.items.map((e) => e.org_code)).toEqual(['RAA']);
  const aggregates = dataOf(await api.GET('/v1/aggregates', { params: { query: { level: 'national' } } }));
  expect(aggregates.items[0].group).toBe('England');
  expect(dataOf(await api.GET('/v1/benchmarks')).total).toBe(1);
  const latest = dataOf(await api.GET('/v1/releases/latest'));
  expect(latest.id).toBe(releaseId);
  expect(dataOf(await api.GET('/v1/releases', { params: { query: { status: 'published' } } })).items).toHaveLength(1);
  const manifest = dataOf(await api.GET('/v1/releases/{id}/manifest', { params: { path: { id: releaseId } } }));
  expect(manifest.release_id).toBe(releaseId);
  expect(dataOf(await api.GET('/v1/trusts/{org}/series', { params: { path: { org: 'RAA' } } })).items).toHaveLength(1);
  // A refusal is the server's problem details, named with the request.
  await expect(async () => dataOf(await api.GET('/v1/estimates', { params: { query: { org: 'ZZZ' } } }))).rejects.toThrow(/HTTP 404 .*unknown-organisation/);
});

describe('a drift between document and server', () => {
  let proxy: Server;
  let document: Json;

  beforeAll(async () => {
    document = (await (await fetch(`${svc.url}/openapi.json`)).json()) as Json;
    // The same service behind a document that says one field more than the server sends.
    const drifted = structuredClone(document);
    const estimateItem = drifted.paths['/v1/estimates'].get.responses['200'].content['application/json'].schema.properties.items.items;
    estimateItem.properties.trust_type = { type: 'string' };
    estimateItem.required.push('trust_type');
    proxy = createServer(async (req, res) => {
      if (req.url === '/openapi.json') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(drifted));
        return;
      }
      const answer = await fetch(`${svc.url}${req.url}`, { headers: { accept: req.headers.accept ?? '*/*' } });
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/octet-stream' }).end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => proxy?.close(resolve)));

  it('fails the typed read that meets it, naming the field', async () => {
    const api = publicationClient(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
    await expect(api.GET('/v1/estimates')).rejects.toThrow('GET /v1/estimates: the answer departs from the OpenAPI document: $.items[0].trust_type is missing');
    // Reads the drift does not touch still pass.
    expect(dataOf(await api.GET('/v1/aggregates')).total).toBeGreaterThan(0);
  });

  it('is found in either direction: a field the server sends that the document does not declare', async () => {
    const answer = (await (await fetch(`${svc.url}/v1/estimates`)).json()) as Json;
    const schema = document.paths['/v1/estimates'].get.responses['200'].content['application/json'].schema;
    expect(schemaProblems(answer, schema, document)).toEqual([]);
    const renamed = { ...answer, items: answer.items.map(({ org_code, ...rest }: Json) => ({ ...rest, org: org_code })) };
    expect(schemaProblems(renamed, schema, document)).toEqual(expect.arrayContaining(['$.items[0].org_code is missing', '$.items[0].org is not in the document']));
    expect(schemaProblems({ ...answer, total: '2' }, schema, document)).toEqual(['$.total is "2", not an integer']);
  });
});

it('checks the answers of a server that serves no document (SWAGGER=false) against the one this checkout describes', async () => {
  const quiet = await startPublication({ AUTO_PUBLISH: 'true', SWAGGER: 'false' });
  try {
    await fetch(`${quiet.url}/openapi.json`).then((res) => expect(res.status).toBe(404));
    const run = await insertRun(quiet.database.url, '2025-07', 'provisional', 1);
    await quiet.app.get(ReleaseAssembly).assemble(run.id);
    const api = publicationClient(quiet.url);
    expect(dataOf(await api.GET('/v1/estimates')).items.map((e) => e.org_code)).toEqual(['RAA', 'RBB']);
    expect(dataOf(await api.GET('/v1/releases/latest')).period).toBe('2025-07');
  } finally {
    await quiet.stop();
  }
}, 60_000);
