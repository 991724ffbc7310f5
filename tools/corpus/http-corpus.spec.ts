// The hostile HTTP corpus (http-requests.ts) sent to the real platform: all six services in one
// process on one database, as the demo runs them. Each request gets its 4xx in the
// problem-details shape (never a 500), nothing of any service's tables changes, a refused
// write leaves its audit row, and the service is still live afterwards.
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase, testEnv, waitFor } from '@nhsp/testing';
import { startStack, Stack } from '../demo/stack';
import { Caller, CorpusContext, HostileRequest, hostileRequests } from './http-requests';

const GOLDEN = join(__dirname, '../fixtures/golden/bundle');
const SCHEMAS = ['ingestion', 'cost_weights', 'deflators', 'productivity', 'benchmarking', 'publication'];
const SECRET_LINE = 'root:$6$corpus$not-a-real-hash-but-never-to-be-echoed:19000:0:99999:7:::';

let database: TestDatabase;
/** The suite's own connection, for its checks (never the services' pools). */
let db: Client;
let stack: Stack;
let work: string;
let context: CorpusContext;
const keys: Record<Caller, string | undefined> = { none: undefined, admin: undefined, publisher: undefined, submitter: undefined };

async function send(request: HostileRequest): Promise<{ status: number; contentType: string; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (keys[request.caller]) headers.Authorization = `Bearer ${keys[request.caller]}`;
  let body: RequestInit['body'];
  if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.raw) {
    Object.assign(headers, request.raw.headers);
    body = request.raw.body;
  } else if (request.files) {
    const form = new FormData();
    for (const [name, content] of Object.entries(request.files)) form.append('files', new Blob([content], { type: 'text/csv' }), name);
    body = form;
  }
  const res = await fetch(`${stack.urls[request.service]}${request.path}`, { method: request.method, headers, body });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : {} };
}

/** Rows of every table of the six services, and the API keys: what "nothing stored" covers. One statement. */
let countRows: string;
async function rowCounts(): Promise<Record<string, number>> {
  if (!countRows) {
    const { rows: tables } = await db.query(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND (table_schema = ANY($1) OR (table_schema = 'access' AND table_name = 'api_key')) ORDER BY 1`,
      [SCHEMAS],
    );
    countRows = `SELECT ${tables.map(({ name }, i) => `(SELECT count(*)::int FROM ${name}) AS "${i}:${name}"`).join(', ')}`;
  }
  return (await db.query(countRows)).rows[0];
}

async function auditRows(service: string, method: string, path: string): Promise<Array<{ status: number }>> {
  return (await db.query('SELECT status FROM access.audit_log WHERE service = $1 AND method = $2 AND path = $3', [service, method, path.split('?')[0]])).rows;
}

beforeAll(async () => {
  work = await realpath(await mkdtemp(join(tmpdir(), 'http-corpus-')));
  const root = join(work, 'root');
  await mkdir(join(root, 'linked'), { recursive: true });
  await mkdir(join(work, 'outside'));
  const secret = join(work, 'outside', 'shadow');
  await writeFile(secret, `${SECRET_LINE}\n`);
  await symlink(secret, join(root, 'linked', 'trusts.csv'));
  await symlink(secret, join(root, 'deflators-link.csv'));
  context = { root, secret };

  database = await createTestDatabase('nhsp_corpus');
  db = new Client({ connectionString: database.url });
  db.on('error', (error) => console.warn(`corpus check connection lost: ${error.message}`));
  await db.connect();
  stack = await startStack({ env: testEnv(database.url, { AUTO_PUBLISH: 'true', SWAGGER: 'false', DB_POOL_SIZE: '3', WORKER_CONCURRENCY: '1', DATA_ROOTS: root }) });
  keys.admin = process.env.ADMIN_API_KEY;
  const admin = { Authorization: `Bearer ${keys.admin}` };
  const trusts = new FormData();
  trusts.append('files', new Blob([await readFile(join(GOLDEN, 'trusts.csv'))]), 'trusts.csv');
  expect((await fetch(`${stack.urls.ingestion}/bundles`, { method: 'POST', body: trusts, headers: admin })).status).toBe(201);
  const createKey = async (body: object) => {
    const res = await fetch(`${stack.urls.publication}/admin/api-keys`, { method: 'POST', body: JSON.stringify(body), headers: { ...admin, 'Content-Type': 'application/json' } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { key: string }).key;
  };
  keys.publisher = await createKey({ name: 'corpus publisher', role: 'publisher' });
  keys.submitter = await createKey({ name: 'corpus RXF', role: 'submitter', orgCode: 'RXF' });
}, 180_000);

afterAll(async () => {
  await db?.end();
  await stack?.stop();
  await database?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the hostile HTTP corpus', () => {
  // Built after beforeAll has the folder; the names are fixed, so they are listed from a stand-in context.
  const requests = hostileRequests({ root: '/corpus-root', secret: '/corpus-secret' });

  it('holds every input of issue 11 at least once, each name once', () => {
    const names = requests.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(requests.length).toBeGreaterThan(100);
  });

  it.each(requests.map((r, i) => [r.name, i] as const))('%s: a 4xx problem, nothing stored, audited if a write', async (_name, index) => {
    const request = hostileRequests(context)[index];
    const before = await rowCounts();
    const res = await send(request);

    expect({ status: res.status, contentType: res.contentType }).toEqual({ status: request.expect.status, contentType: expect.stringMatching(/^application\/problem\+json/) });
    expect(res.body).toMatchObject({ type: request.expect.type, status: request.expect.status, title: expect.any(String), detail: expect.any(String) });
    if (request.expect.errorPath) expect((res.body.errors as Array<{ path: string }>)[0]).toMatchObject({ path: request.expect.errorPath });
    if (request.expect.detail) expect(res.body.detail).toMatch(request.expect.detail);
    expect(JSON.stringify(res.body)).not.toContain('root:$6$');

    expect(await rowCounts()).toEqual(before);
    if (request.method !== 'GET') {
      await waitFor(async () => (await auditRows(request.service, request.method, request.path)).some((row) => row.status === request.expect.status), {
        description: `the audit row of ${request.method} ${request.path.slice(0, 80)}`,
      });
    }
    expect((await fetch(`${stack.urls[request.service]}/health/live`)).status).toBe(200);
  });
});
