// Access control end to end on a real database: the guard's rules per role, API keys created,
// stored hashed and revoked through the admin API, and the operator routes behind admin.
import request from 'supertest';
import { TestService, waitFor } from '@nhsp/testing';
import { accessEnvSchema, hashApiKey, loadConfig } from '../src';
import { ADMIN_KEY, bearer, createKey, Effects, query, startAccessTestService } from './access-test-app';

describe('access control', () => {
  let svc: TestService;
  const http = () => request(svc.app.getHttpServer());
  const keys: Record<'analyst' | 'publisher' | 'submitter' | 'admin', string> = { analyst: '', publisher: '', submitter: '', admin: '' };

  beforeAll(async () => {
    svc = await startAccessTestService();
    keys.analyst = (await createKey(svc, { name: 'analyst team', role: 'analyst' })).key;
    keys.publisher = (await createKey(svc, { name: 'statistics release', role: 'publisher' })).key;
    keys.submitter = (await createKey(svc, { name: 'RXF uploads', role: 'submitter', orgCode: 'rxf' })).key;
    keys.admin = (await createKey(svc, { name: 'second admin', role: 'admin' })).key;
  });
  afterAll(() => svc?.stop());

  it('serves public endpoints, health, metrics and the API docs without a key', async () => {
    const res = await http().get('/releases/published').expect(200);
    expect(res.body).toEqual({ releases: ['2025-06'], role: null });
    // A key on a public endpoint is recognised (handlers may show more to it), never required.
    expect((await http().get('/releases/published').set(bearer(keys.analyst)).expect(200)).body.role).toBe('analyst');
    await http().get('/releases/catalogue').expect(200);
    await http().get('/health/live').expect(200);
    await http().get('/metrics').expect(200);
    await http().get('/docs-json').expect(200);
  });

  it('declares in its OpenAPI document (/openapi.json) the rule the guard enforces on each operation', async () => {
    const doc = (await http().get('/openapi.json').expect(200)).body;
    expect((await http().get('/docs-json').expect(200)).body).toEqual(doc);
    const security = (path: string, method: string) => doc.paths[path][method].security;
    const roles = (path: string, method: string) => doc.paths[path][method]['x-roles'];
    expect(security('/releases/published', 'get')).toEqual([]);
    expect(security('/releases/catalogue', 'get')).toEqual([]);
    expect(security('/health/live', 'get')).toEqual([]);
    expect(security('/releases/drafts', 'get')).toEqual([{ bearer: [] }, { apiKey: [] }]);
    // Undecorated: reads need analyst, writes admin, as the guard decides.
    expect(roles('/releases/drafts', 'get')).toEqual(['analyst']);
    expect(roles('/releases/{id}', 'delete')).toEqual(['admin']);
    expect(roles('/releases/{id}/publish', 'post')).toEqual(['publisher']);
    expect(doc.components.securitySchemes.bearer.bearerFormat).not.toMatch(/jwt/i);
  });

  it('refuses a request without a key, or with an unknown one, as 401 problem details', async () => {
    const none = await http().get('/releases/drafts').expect(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.headers['www-authenticate']).toBe('Bearer realm="nhsp"');
    expect(none.body).toMatchObject({ type: 'urn:nhsp:problem:unauthenticated', status: 401, instance: '/releases/drafts' });
    expect(none.body.detail).toContain('analyst');
    const unknown = await http().get('/releases/drafts').set(bearer('nhsp_' + 'A'.repeat(43))).expect(401);
    expect(unknown.body.detail).toBe('The API key is unknown or has been revoked');
    await http().get('/releases/drafts').set('Authorization', `Basic ${keys.analyst}`).expect(401);
  });

  it('lets an analyst read drafts and runs (Bearer or X-API-Key) but write nothing', async () => {
    await http().get('/releases/drafts').set(bearer(keys.analyst)).expect(200);
    await http().get('/runs').set('X-API-Key', keys.analyst).expect(200);
    const write = await http().post('/runs').set(bearer(keys.analyst)).expect(403);
    expect(write.body).toMatchObject({ type: 'urn:nhsp:problem:forbidden', status: 403 });
    expect(write.body.detail).toBe('This needs role admin; the key has role analyst');
    await http().post('/releases/2025-07/publish').set(bearer(keys.analyst)).expect(403);
    await http().delete('/releases/2025-07').set(bearer(keys.analyst)).expect(403);
    expect(svc.app.get(Effects).runs).toEqual([]);
  });

  it('lets a publisher publish and read drafts, but not write elsewhere', async () => {
    await http().post('/releases/2025-07/publish').set(bearer(keys.publisher)).expect(200);
    expect(svc.app.get(Effects).published).toEqual(['2025-07']);
    await http().get('/releases/drafts').set(bearer(keys.publisher)).expect(200);
    await http().post('/runs').set(bearer(keys.publisher)).expect(403);
    await http().post('/admin/api-keys').set(bearer(keys.publisher)).send({ name: 'x', role: 'admin' }).expect(403);
  });

  it('lets a submitter send for its own organisation only, and read nothing', async () => {
    const effects = svc.app.get(Effects);
    await http().post('/notifications').set(bearer(keys.submitter)).send({ orgCode: 'RXF', note: 'late' }).expect(201);
    const other = await http().post('/notifications').set(bearer(keys.submitter)).send({ orgCode: 'RR8', note: 'x' }).expect(403);
    expect(other.body.detail).toBe('This key submits for RXF only, not RR8');
    await http().post('/notifications').set(bearer(keys.submitter)).send({ note: 'no org' }).expect(403);
    expect(effects.notifications).toEqual(['RXF:late']);

    await http().post('/uploads').set(bearer(keys.submitter)).send({ rows: [{ orgCode: 'RXF' }, { orgCode: 'rxf ' }] }).expect(201);
    const mixed = await http().post('/uploads').set(bearer(keys.submitter)).send({ rows: [{ orgCode: 'RXF' }, { orgCode: 'RR8' }] }).expect(403);
    expect(mixed.body).toMatchObject({ detail: 'This key submits for RXF only; the upload also concerns RR8', orgCodes: ['RR8'] });
    expect(effects.uploadedRows).toEqual(['RXF', 'rxf ']);

    await http().post('/unscoped').set(bearer(keys.submitter)).expect(403);
    await http().get('/releases/drafts').set(bearer(keys.submitter)).expect(403);
    await http().post('/runs').set(bearer(keys.submitter)).expect(403);
    // Other roles allowed on those endpoints are not limited to one organisation.
    await http().post('/notifications').set(bearer(keys.admin)).send({ orgCode: 'RR8', note: 'ops' }).expect(201);
  });

  it('lets admin keys (stored or ADMIN_API_KEY) do everything', async () => {
    for (const key of [keys.admin, ADMIN_KEY]) {
      await http().post('/runs').set(bearer(key)).expect(201);
      await http().post('/releases/2025-08/publish').set(bearer(key)).expect(200);
      await http().get('/releases/drafts').set(bearer(key)).expect(200);
      await http().delete('/releases/2025-08').set(bearer(key)).expect(200);
    }
    // The bootstrap key is accepted without being stored.
    const stored = await query(svc.database.url, 'SELECT 1 FROM access.api_key WHERE key_hash = $1', [hashApiKey(ADMIN_KEY)]);
    expect(stored).toEqual([]);
  });

  it('shows a new key once and stores only its sha256 hash and a short prefix', async () => {
    const { id, key, body } = await createKey(svc, { name: 'shown once', role: 'analyst' });
    expect(key).toMatch(/^nhsp_[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({ id, name: 'shown once', role: 'analyst', orgCode: null, prefix: key.slice(0, 12), revokedAt: null });

    const [row] = await query<{ key_hash: string; prefix: string; created_by: string }>(
      svc.database.url, 'SELECT key_hash, prefix, created_by FROM access.api_key WHERE id = $1', [id]);
    expect(row).toEqual({ key_hash: hashApiKey(key), prefix: key.slice(0, 12), created_by: 'ADMIN_API_KEY' });
    // Nowhere in the schema - keys, audit log - is the key text (or its secret part).
    const dump = await query<{ t: string }>(svc.database.url,
      `SELECT string_agg(t, ' ') AS t FROM (SELECT row_to_json(k)::text AS t FROM access.api_key k
                                            UNION ALL SELECT row_to_json(a)::text FROM access.audit_log a) rows`);
    expect(dump[0].t).toContain(hashApiKey(key));
    expect(dump[0].t).not.toContain(key.slice(12));

    const list = await http().get('/admin/api-keys').set(bearer(ADMIN_KEY)).expect(200);
    const listed = list.body.keys.find((k: { id: string }) => k.id === id);
    expect(Object.keys(listed).sort()).toEqual(['createdAt', 'createdBy', 'id', 'lastUsedAt', 'name', 'orgCode', 'prefix', 'revokedAt', 'role']);
    expect(JSON.stringify(list.body)).not.toContain(hashApiKey(key));
  });

  it('records who created a key and when a key was last used', async () => {
    const { key } = await createKey(svc, { name: 'made by a stored admin key', role: 'analyst' });
    const created = await request(svc.app.getHttpServer()).post('/admin/api-keys').set(bearer(keys.admin)).send({ name: 'by admin', role: 'analyst' }).expect(201);
    const [adminRow] = await query<{ id: string }>(svc.database.url, 'SELECT id FROM access.api_key WHERE key_hash = $1', [hashApiKey(keys.admin)]);
    expect(created.body.createdBy).toBe(adminRow.id);

    const lastUsed = () => query<{ last_used_at: Date | null }>(svc.database.url, 'SELECT last_used_at FROM access.api_key WHERE key_hash = $1', [hashApiKey(key)]);
    expect((await lastUsed())[0].last_used_at).toBeNull();
    await http().get('/runs').set(bearer(key)).expect(200);
    // Stamped in the background, so the request does not wait for it.
    await waitFor(async () => (await lastUsed())[0].last_used_at, { description: 'last_used_at set' });
  });

  it('rejects keys that make no sense: submitter without organisation, organisation on another role', async () => {
    const admin = () => http().post('/admin/api-keys').set(bearer(ADMIN_KEY));
    const noOrg = await admin().send({ name: 'x', role: 'submitter' }).expect(400);
    expect(noOrg.body.errors).toEqual([expect.objectContaining({ path: 'orgCode' })]);
    await admin().send({ name: 'x', role: 'analyst', orgCode: 'RXF' }).expect(400);
    await admin().send({ name: 'x', role: 'public' }).expect(400);
    await admin().send({ name: 'x', role: 'submitter', orgCode: 'not a code' }).expect(400);
  });

  it('refuses a submitter key for an organisation that is not in the trust list, and stores no key', async () => {
    const before = await query(svc.database.url, 'SELECT id FROM access.api_key ORDER BY id');
    const unknown = await http().post('/admin/api-keys').set(bearer(ADMIN_KEY)).send({ name: 'ghost uploads', role: 'submitter', orgCode: 'zz9' }).expect(422);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body).toMatchObject({ type: 'urn:nhsp:problem:unknown-trust', status: 422, errors: [{ path: 'orgCode', code: 'unknown_trust' }] });
    expect(unknown.body.detail).toBe('ZZ9 is not in the trust list; upload trusts.csv with it before making a submitter key for it');
    expect(await query(svc.database.url, 'SELECT id FROM access.api_key ORDER BY id')).toEqual(before);
  });

  it('refuses a revoked key with 401 at once, here and (after its cache period) on other services', async () => {
    const { id, key } = await createKey(svc, { name: 'to revoke', role: 'analyst' });
    // A second service on the same database, without the admin API and without lookup caching.
    const other = await startAccessTestService({
      database: svc.database,
      env: { ACCESS_ADMIN_API: 'false', ACCESS_CACHE_MS: '0', QUEUE_PREFIX: svc.env.QUEUE_PREFIX },
    });
    try {
      await http().get('/runs').set(bearer(key)).expect(200);
      await request(other.app.getHttpServer()).get('/runs').set(bearer(key)).expect(200);
      await request(other.app.getHttpServer()).post('/admin/api-keys').set(bearer(ADMIN_KEY)).send({ name: 'x', role: 'admin' }).expect(404);

      const revoked = await http().delete(`/admin/api-keys/${id}`).set(bearer(ADMIN_KEY)).expect(200);
      expect(revoked.body.revokedAt).not.toBeNull();
      expect((await http().get('/runs').set(bearer(key)).expect(401)).body.type).toBe('urn:nhsp:problem:unauthenticated');
      await request(other.app.getHttpServer()).get('/runs').set(bearer(key)).expect(401);
      // Revoking again changes nothing; an unknown id is a 404.
      const again = await http().delete(`/admin/api-keys/${id}`).set(bearer(ADMIN_KEY)).expect(200);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
      await http().delete('/admin/api-keys/00000000-0000-4000-8000-000000000000').set(bearer(ADMIN_KEY)).expect(404);
    } finally {
      await other.close();
    }
  });

  it('keeps failed jobs and the queue dashboard for admin keys', async () => {
    for (const path of ['/ops/failed-jobs', '/admin/queues', '/admin/queues/api/queues']) {
      const none = await http().get(path).expect(401);
      expect(none.body).toMatchObject({ type: 'urn:nhsp:problem:unauthenticated', status: 401 });
      await http().get(path).set(bearer('nhsp_unknown')).expect(401);
      for (const role of ['analyst', 'publisher', 'submitter'] as const) {
        const refused = await http().get(path).set(bearer(keys[role])).expect(403);
        expect(refused.body.type).toBe('urn:nhsp:problem:forbidden');
      }
      await http().get(path).set(bearer(keys.admin)).expect(200);
    }
    const page = await http().get('/admin/queues').set(bearer(ADMIN_KEY)).expect(200);
    expect(page.headers['content-type']).toContain('html');
  });

  it('stops start-up on an ADMIN_API_KEY too short to be secret', () => {
    expect(() => loadConfig(accessEnvSchema, { ADMIN_API_KEY: 'admin' })).toThrow(
      'Invalid configuration: ADMIN_API_KEY must be at least 24 characters',
    );
  });
});
