// Requests the service refuses before storing anything: too large, empty, header-only files, or
// a folder it may not read (outside DATA_ROOTS, through a symbolic link).
import { mkdtemp, mkdir, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ACCESS_ENV, asAdmin, GOLDEN, tableCounts } from './helpers';

const SECRET = 'root:$6$notarealhash$but-it-must-never-be-echoed:19000:0:99999:7:::';

describe('ingestion: refused requests', () => {
  let svc: TestService;
  let work: string;
  let root: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ingestion-limits-'));
    root = join(work, 'root');
    await mkdir(join(root, 'bundle'), { recursive: true });
    await mkdir(join(root, 'empty'));
    await mkdir(join(work, 'outside'));
    await writeFile(join(work, 'outside', 'shadow'), `${SECRET}\n`);
    await copyFile(join(GOLDEN, 'trusts.csv'), join(work, 'outside', 'trusts.csv'));
    await copyFile(join(GOLDEN, 'trusts.csv'), join(root, 'bundle', 'trusts.csv'));
    // A link to a secret, named as a data-contract file, inside the root.
    await mkdir(join(root, 'linked-file'));
    await symlink(join(work, 'outside', 'shadow'), join(root, 'linked-file', 'trusts.csv'));
    // A link to a folder outside the root, and a link that stays inside it.
    await symlink(join(work, 'outside'), join(root, 'linked-folder'));
    await symlink(join(root, 'bundle'), join(root, 'inner-link'));
    await mkdir(join(root, 'header-only'));
    await writeFile(join(root, 'header-only', 'finance.csv'), 'org_code,month,category,amount_gbp\r\n');
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: { ...ACCESS_ENV, UPLOAD_MAX_BYTES: '100000', DATA_ROOTS: root } });
  });
  afterAll(async () => {
    await svc?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

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
    const missing = await http.post('/bundles/folder').send({ path: join(root, 'no-such-dir') }).expect(422);
    expect(missing.body.detail).toContain('not a readable directory');
    const empty = await http.post('/bundles/folder').send({ path: join(root, 'empty') }).expect(422);
    expect(empty.body.detail).toContain('no data-contract files');
  });

  it.each([
    ['a folder outside DATA_ROOTS', () => join(work, 'outside'), /is outside the folders this service reads \(DATA_ROOTS: /],
    ['a way out of the root by ..', () => join(root, '..', 'outside'), /is outside the folders this service reads/],
    ['a data-contract name linked to a secret', () => join(root, 'linked-file'), /trusts\.csv in .*symbolic link\(s\); folder reads follow no links/],
    ['a link to a folder outside the root', () => join(root, 'linked-folder'), /is or passes through a symbolic link/],
    ['a link that stays inside the root', () => join(root, 'inner-link'), /is or passes through a symbolic link/],
    ['a path through a link', () => join(root, 'linked-folder', '.'), /is or passes through a symbolic link/],
  ])('refuses %s with 403, reads nothing and quotes nothing', async (_what, path, detail) => {
    const res = await asAdmin(svc).post('/bundles/folder').send({ path: path() }).expect(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: 'urn:nhsp:problem:path-not-allowed', status: 403, detail: expect.stringMatching(detail) });
    expect(JSON.stringify(res.body)).not.toContain('root:$6$');
    expect((await tableCounts(svc.database.url)).batch).toBe(0);
  });

  it('refuses a NUL in the folder path with 400 before touching the file system', async () => {
    const res = await asAdmin(svc).post('/bundles/folder').send({ path: `${root}/bundle\u0000` }).expect(400);
    expect(res.body).toMatchObject({ type: 'urn:nhsp:problem:validation', errors: [{ path: 'body.path' }] });
  });

  it('refuses a header-only data file with a clear message, by upload or by folder, storing nothing', async () => {
    const headerOnly = Buffer.from('org_code,month,category,amount_gbp\r\n');
    const uploaded = await asAdmin(svc).post('/bundles').attach('files', join(GOLDEN, 'trusts.csv')).attach('files', headerOnly, 'finance.csv').expect(422);
    expect(uploaded.body).toMatchObject({ type: 'urn:nhsp:problem:ingestion:bad-bundle', issueCount: 1 });
    expect(uploaded.body.errors).toEqual([{ file: 'finance.csv', line: null, column: null, value: null, reason: 'the file has a header but no data rows: there is nothing to store' }]);
    await asAdmin(svc).post('/bundles/folder').send({ path: join(root, 'header-only') }).expect(422);
    expect((await tableCounts(svc.database.url)).batch).toBe(0);
  });

  it('still reads a plain folder below the root', async () => {
    const res = await asAdmin(svc).post('/bundles/folder').send({ path: join(root, 'bundle') }).expect(201);
    expect(res.body.batches.map((b: { kind: string }) => b.kind)).toEqual(['trusts']);
  });
});
