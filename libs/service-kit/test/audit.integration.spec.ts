// Every write of a service leaves one access.audit_log row - refused, failed and unknown-path
// writes included - with who (key, role), what (method, path, entity) and the outcome (status).
import request from 'supertest';
import { TestService, waitFor } from '@nhsp/testing';
import { ADMIN_KEY, bearer, createKey, query, startAccessTestService } from './access-test-app';

interface AuditRow {
  key_id: string | null;
  role: string | null;
  method: string;
  path: string;
  status: number;
  service: string;
  entity: Record<string, unknown> | null;
  detail: Record<string, unknown>;
}

describe('audit log of writes', () => {
  let svc: TestService;
  const http = () => request(svc.app.getHttpServer());
  let analyst: { id: string; key: string };
  let submitter: { id: string; key: string };

  beforeAll(async () => {
    svc = await startAccessTestService();
    analyst = await createKey(svc, { name: 'analyst', role: 'analyst' });
    submitter = await createKey(svc, { name: 'RXF', role: 'submitter', orgCode: 'RXF' });
  });
  afterAll(() => svc?.stop());

  /**
   * Rows written for `path` once `count` of them are there. Rows are written after each
   * response, so their order among themselves is not asserted.
   */
  async function rowsFor(path: string, count: number): Promise<AuditRow[]> {
    const read = () =>
      query<AuditRow>(svc.database.url, 'SELECT key_id, role, method, path, status, service, entity, detail FROM access.audit_log WHERE path = $1 ORDER BY id', [path]);
    await waitFor(async () => (await read()).length >= count, { description: `${count} audit row(s) for ${path}` });
    return read();
  }

  it('records an accepted write with the key, role, status and the entity it created', async () => {
    const created = await http().post('/runs').set(bearer(ADMIN_KEY)).expect(201);
    const [row] = await rowsFor('/runs', 1);
    expect(row).toMatchObject({ key_id: null, role: 'admin', method: 'POST', status: 201, service: 'access-test' });
    expect(row.entity).toEqual({ route: '/runs', params: {}, id: String(created.body.id) });
    expect(row.detail).toMatchObject({ credential: 'ADMIN_API_KEY' });
  });

  it('records refused writes: no key (401), unknown key (401), wrong role (403), other organisation (403)', async () => {
    await http().post('/releases/2025-09/publish').expect(401);
    await http().post('/releases/2025-09/publish').set(bearer('nhsp_not-a-real-key')).expect(401);
    await http().post('/releases/2025-09/publish').set(bearer(analyst.key)).expect(403);
    const rows = await rowsFor('/releases/2025-09/publish', 3);
    expect(rows.map((r) => [r.status, r.role, r.key_id, r.detail.credential ?? null]).sort()).toEqual([
      [401, null, null, 'none'],
      [401, null, null, 'unknown'],
      [403, 'analyst', analyst.id, null],
    ]);
    const wrongRole = rows.find((r) => r.status === 403)!;
    expect(wrongRole.entity).toEqual({ route: '/releases/:id/publish', params: { id: '2025-09' } });
    expect(wrongRole.detail.problem).toEqual({ type: 'urn:nhsp:problem:forbidden', detail: 'This needs role publisher or admin; the key has role analyst' });

    await http().post('/notifications').set(bearer(submitter.key)).send({ orgCode: 'RR8', note: 'x' }).expect(403);
    const [foreign] = await rowsFor('/notifications', 1);
    expect(foreign).toMatchObject({ role: 'submitter', key_id: submitter.id, status: 403 });
  });

  it('records writes that fail after the guard and writes to paths that do not exist, but no reads', async () => {
    await http().post('/admin/api-keys').set(bearer(ADMIN_KEY)).send({ name: '', role: 'nobody' }).expect(400);
    await http().delete('/no/such/thing?force=1').set(bearer(ADMIN_KEY)).expect(404);
    await http().get('/runs').set(bearer(ADMIN_KEY)).expect(200);
    await http().get('/releases/drafts').expect(401);

    // Two keys created in beforeAll, then the invalid request: one row each.
    const keyWrites = await rowsFor('/admin/api-keys', 3);
    expect(keyWrites.map((r) => r.status).sort()).toEqual([201, 201, 400]);
    const invalid = keyWrites.find((r) => r.status === 400)!;
    expect(invalid).toMatchObject({ role: 'admin', key_id: null });
    expect(invalid.detail.problem).toMatchObject({ type: 'urn:nhsp:problem:validation' });
    const [missing] = await rowsFor('/no/such/thing', 1);
    expect(missing).toMatchObject({ method: 'DELETE', status: 404, role: 'admin' });
    expect(missing.detail.query).toBe('force=1');
    const reads = await query(svc.database.url, "SELECT 1 FROM access.audit_log WHERE method IN ('GET', 'HEAD')");
    expect(reads).toEqual([]);
  });

  it('records a revoked key by its id, so misuse can be traced', async () => {
    const { id, key } = await createKey(svc, { name: 'leaked', role: 'analyst' });
    await http().delete(`/admin/api-keys/${id}`).set(bearer(ADMIN_KEY)).expect(200);
    await http().post('/runs').set(bearer(key)).expect(401);
    const rows = await rowsFor('/runs', 2);
    expect(rows.find((r) => r.status === 401)).toMatchObject({ status: 401, key_id: id, role: null, detail: expect.objectContaining({ credential: 'revoked' }) });
    // Revoking is a write like any other: recorded with the revoked key as its entity.
    const [revocation] = await rowsFor(`/admin/api-keys/${id}`, 1);
    expect(revocation).toMatchObject({ method: 'DELETE', status: 200, entity: { route: '/admin/api-keys/:id', params: { id }, id } });
  });

  it('records writes through the queue dashboard, refused or not', async () => {
    await http().put('/admin/queues/api/queues/access-test/pause').expect(401);
    await http().put('/admin/queues/api/queues/access-test/pause').set(bearer(analyst.key)).expect(403);
    const rows = await rowsFor('/admin/queues/api/queues/access-test/pause', 2);
    expect(rows.map((r) => [r.method, r.status, r.role]).sort()).toEqual([
      ['PUT', 401, null],
      ['PUT', 403, 'analyst'],
    ]);
  });
});
