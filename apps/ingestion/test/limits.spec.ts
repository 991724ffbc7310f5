// Requests the service refuses before reading any file: too large, empty, or a folder it cannot use.
import { join } from 'node:path';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ACCESS_ENV, asAdmin, GOLDEN, tableCounts } from './helpers';

describe('ingestion: refused requests', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: { ...ACCESS_ENV, UPLOAD_MAX_BYTES: '100000' } });
  });
  afterAll(() => svc?.stop());

  it('answers 413 for a file over UPLOAD_MAX_BYTES and stores nothing', async () => {
    const res = await asAdmin(svc)
      .post('/bundles')
      .attach('files', join(GOLDEN, 'trusts.csv'))
      .attach('files', join(GOLDEN, 'cost_weights.csv'));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await tableCounts(svc.database.url)).batch).toBe(0);
  });

  it('answers 422 for an upload without files', async () => {
    const res = await asAdmin(svc).post('/bundles').field('note', 'nothing attached').expect(422);
    expect(res.body.detail).toBe('The upload contains no files');
  });

  it('answers 400 without a path and 422 for a relative, missing or empty folder', async () => {
    const http = asAdmin(svc);
    await http.post('/bundles/folder').send({}).expect(400);
    const relative = await http.post('/bundles/folder').send({ path: 'tools/fixtures' }).expect(422);
    expect(relative.body.detail).toContain('must be absolute');
    const missing = await http.post('/bundles/folder').send({ path: '/no/such/dir' }).expect(422);
    expect(missing.body.detail).toContain('not a readable directory');
    const empty = await http.post('/bundles/folder').send({ path: join(GOLDEN, '..') }).expect(422);
    expect(empty.body.detail).toContain('no data-contract files');
  });
});
