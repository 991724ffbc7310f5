// Every service's OpenAPI document says who may call each operation, what it answers and how it
// fails; the publication API's committed client types are the document's (issue 15, API).
// Redocly's `recommended` ruleset runs over the same documents in CI (`npm run openapi:lint`).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serviceDocument, SERVICES } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const docs = new Map<string, Json>();
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

beforeAll(async () => {
  for (const { name } of SERVICES) docs.set(name, (await serviceDocument(name)) as Json);
}, 60_000);

function operations(doc: Json): Array<{ route: string; op: Json }> {
  return Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ route: `${m.toUpperCase()} ${path}`, op: item[m] })),
  );
}

function op(service: string, route: string): Json {
  const found = operations(docs.get(service)!).find((o) => o.route === route);
  if (!found) throw new Error(`${service} has no ${route}`);
  return found.op;
}

it('every service documents every operation with a summary, a unique operationId and a server', () => {
  expect([...docs.keys()].sort()).toEqual(['benchmarking', 'cost-weights', 'deflators', 'ingestion', 'productivity', 'publication']);
  for (const [name, doc] of docs) {
    expect(doc.servers).toEqual([{ url: '/', description: `this ${name} service` }]);
    const all = operations(doc);
    expect(all.length).toBeGreaterThan(3);
    expect(all.filter((o) => !o.op.summary).map((o) => `${name} ${o.route}`)).toEqual([]);
    const ids = all.map((o) => o.op.operationId);
    expect(ids.every((id) => /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  }
});

it('public operations declare no security; protected ones declare the key schemes and their roles', () => {
  for (const doc of docs.values()) {
    expect(doc.security).toBeUndefined();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'nhsp_ API key' });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
  }
  for (const service of docs.keys()) expect(op(service, 'GET /health/live').security).toEqual([]);
  expect(op('publication', 'GET /v1/estimates').security).toEqual([]);
  expect(op('publication', 'GET /v1/releases/latest').security).toEqual([]);
  const publish = op('publication', 'POST /v1/releases/{id}/publish');
  expect(publish.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
  expect(publish['x-roles']).toEqual(['publisher']);
  expect(publish.responses['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
  // The guard's default (no decorator): reads need analyst, writes admin.
  expect(op('productivity', 'GET /runs')['x-roles']).toEqual(['analyst']);
  expect(op('productivity', 'POST /runs')['x-roles']).toEqual(['admin']);
  expect(op('publication', 'POST /admin/api-keys')['x-roles']).toEqual(['admin']);
  expect(op('publication', 'GET /v1/estimates').responses['401']).toBeUndefined();
});

it('4xx answers are declared as problem details', () => {
  for (const doc of docs.values()) {
    expect(doc.components.schemas.Problem.required).toEqual(['type', 'title', 'status']);
    for (const [name, response] of Object.entries<Json>(doc.components.responses)) {
      expect([name, Object.keys(response.content)]).toEqual([name, ['application/problem+json']]);
    }
    for (const { route, op: operation } of operations(doc)) {
      const fourXX = Object.keys(operation.responses).filter((s) => s.startsWith('4'));
      expect([route, fourXX.includes('400') && fourXX.includes('406')]).toEqual([route, true]);
    }
  }
  expect(Object.keys(op('publication', 'GET /v1/releases/{id}').responses).sort()).toEqual(['200', '400', '404', '406', '429']);
  expect(op('ingestion', 'POST /bundles').responses['413']).toEqual({ $ref: '#/components/responses/PayloadTooLarge' });
});

it('CSV, workbook and HTML answers declare their own media types; JSON answers list required properties', () => {
  const estimates = op('publication', 'GET /v1/estimates').responses['200'].content;
  expect(estimates['text/csv'].schema).toMatchObject({ type: 'string' });
  const items = estimates['application/json'].schema.properties.items.items;
  expect(items.required).toEqual(expect.arrayContaining(['org_code', 'productivity_growth', 'flags']));
  expect(estimates['application/json'].schema.required).toEqual(expect.arrayContaining(['release', 'total', 'items']));
  expect(op('publication', 'GET /v1/releases/{id}/download.csv').responses['200'].content).toEqual({ 'text/csv': { schema: expect.objectContaining({ type: 'string' }) } });
  expect(op('publication', 'GET /v1/releases/{id}/download.xlsx').responses['200'].content).toEqual({
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
  });
  expect(op('publication', 'GET /report').responses['200'].content).toEqual({ 'text/html': { schema: { type: 'string' } } });
  // The report explains a 404 as a page; the request edge's refusals are still problem details.
  expect(Object.keys(op('publication', 'GET /report/trusts/{org}').responses['404'].content)).toEqual(['text/html', 'application/problem+json']);
});

it('the committed publication client types are generated from the document (npm run openapi:types)', async () => {
  const root = path.resolve(__dirname, '../..');
  const generated = execFileSync(process.execPath, ['-r', './tools/scripts/register-ts.js', 'tools/openapi/write-types.ts', '--stdout'], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  expect(generated.length).toBeGreaterThan(1000);
  expect(readFileSync(path.join(__dirname, 'publication-api.ts'), 'utf8')).toBe(generated);
}, 60_000);
