// The deflators service on the real database and queue: the golden deflators.csv in, deflator
// sets out, by HTTP and by ingestion's reference.stored message.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BullMqClient, jobIdFor, PATTERNS, QueueRegistry, QUEUES } from '@nhsp/queue';
import { ReferenceSetService, startReferenceSetService, waitFor } from '@nhsp/testing';
import { AppModule } from '../src/app.module';

const DEFLATORS = resolve(__dirname, '../../../tools/fixtures/golden/bundle/deflators.csv');

describe('deflators service', () => {
  let svc: ReferenceSetService;
  /** DATA_ROOTS of the service: loads by path are read below it only. */
  let root: string;
  let outside: string;

  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'deflators-root-')));
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'deflators-outside-')));
    svc = await startReferenceSetService({ name: 'deflators', module: AppModule, queues: [QUEUES.deflators], schema: 'deflators', env: { DATA_ROOTS: `${resolve(DEFLATORS, '..')},${root}` } });
  });
  afterAll(async () => {
    await svc?.stop();
    for (const dir of [root, outside]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let setId: string;

  it('loads the golden series as exact fractions and publishes the set', async () => {
    const res = await svc.http().post('/deflator-sets').attach('file', DEFLATORS).expect(201);
    setId = res.body.id;
    expect(res.body).toMatchObject({ name: 'nhs-cost-inflation-index', fileName: 'deflators.csv', duplicate: false });
    const set = await svc.http().get(`/deflator-sets/${setId}`).expect(200);
    expect(set.body.years).toHaveLength(11);
    expect(set.body.years.find((y: { year: number }) => y.year === 2025)).toEqual({
      year: 2025,
      prices: '0.039',
      pay: '0.0477',
      payAndPrices: '0.032',
    });
    const [view] = await svc.db.query('SELECT pay FROM deflators.v_deflator_years WHERE deflator_set_id = $1 AND year = 2025', [setId]);
    expect(view.pay).toBe('0.0477');
    const published = await svc.app.get(QueueRegistry).queue(QUEUES.productivity).getJob(jobIdFor(PATTERNS.deflatorsPublished, setId));
    expect(published?.data).toEqual({ deflatorSetId: setId, name: 'nhs-cost-inflation-index' });
  });

  it('treats the same file again (by path, with another name) as a no-op returning the existing set', async () => {
    const res = await svc.http().post('/deflator-sets').send({ path: DEFLATORS, name: 'other' }).expect(200);
    expect(res.body).toMatchObject({ id: setId, name: 'nhs-cost-inflation-index', duplicate: true });
    expect(await svc.count('deflator_set')).toBe(1);
    const list = await svc.http().get('/deflator-sets').expect(200);
    expect(list.body.map((s: { id: string }) => s.id)).toEqual([setId]);
  });

  it('rejects a malformed percent with 422 naming line and column, storing nothing', async () => {
    const bad = 'year,prices,pay,pay&prices\n2024,2.74%,3.58%,3.50%\n2025,3.90%,4,77%,3.20%\n';
    const res = await svc.http().post('/deflator-sets').attach('file', Buffer.from(bad), 'deflators_bad.csv').expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: 'deflators_bad.csv', line: 3 })]),
    );
    const malformed = 'year,prices,pay\n2024,2.74%,3.5x%\n';
    const res2 = await svc.http().post('/deflator-sets').attach('file', Buffer.from(malformed), 'd.csv').expect(422);
    expect(res2.body.errors).toEqual([expect.objectContaining({ file: 'd.csv', line: 2, column: 'pay', value: '3.5x%' })]);
    expect(await svc.count('deflator_set')).toBe(1);
    expect(await svc.count('deflator_year')).toBe(11);
  });

  it('answers 404 for an unknown set and 400 for a non-uuid id', async () => {
    await svc.http().get(`/deflator-sets/${randomUUID()}`).expect(404);
    await svc.http().get('/deflator-sets/not-a-uuid').expect(400);
  });

  it('loads a series ingestion stored, on reference.stored.v1', async () => {
    const content = Buffer.from('year,prices,pay\n2030,1.00%,2.50%\n');
    const { batchId, sha256 } = await svc.storeReference('deflators', 'deflators.csv', content);
    const set = await waitFor(
      async () => (await svc.db.query('SELECT id, source FROM deflators.deflator_set WHERE sha256 = $1', [sha256]))[0],
      { description: 'deflator set loaded from the message' },
    );
    expect(set.source).toBe(`reference:${batchId}`);
    const res = await svc.http().get(`/deflator-sets/${set.id}`).expect(200);
    expect(res.body.years).toEqual([{ year: 2030, prices: '0.01', pay: '0.025', payAndPrices: null }]);
  });

  it('loads a series from an operator path on schedule.load.v1', async () => {
    const dir = mkdtempSync(join(root, 'deflators-'));
    try {
      const path = join(dir, 'deflators_2031.csv');
      writeFileSync(path, 'year,prices,pay\n2031,1.50%,2.00%\n');
      await svc.app.get(BullMqClient).emitEvent(PATTERNS.scheduleLoad, { path, kind: 'deflators' }, { to: QUEUES.deflators });
      const set = await waitFor(
        async () => (await svc.db.query('SELECT id, file_name FROM deflators.deflator_set WHERE source = $1', [`path:${path}`]))[0],
        { description: 'deflator set loaded from the path' },
      );
      expect(set.file_name).toBe('deflators_2031.csv');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a path only below DATA_ROOTS and never through a link: 403, nothing read, nothing quoted, nothing stored', async () => {
    const secret = join(outside, 'shadow');
    writeFileSync(secret, 'root:$6$notarealhash:19000:0:99999:7:::\n');
    writeFileSync(join(outside, 'deflators.csv'), 'year,prices,pay\n2040,1.00%,1.00%\n');
    symlinkSync(secret, join(root, 'deflators-link.csv'));
    const before = await svc.count('deflator_set');
    for (const path of [join(outside, 'deflators.csv'), join(root, 'deflators-link.csv'), join(root, '..', outside.split('/').pop()!, 'deflators.csv')]) {
      const res = await svc.http().post('/deflator-sets').send({ path }).expect(403);
      expect(res.body).toMatchObject({ type: 'urn:nhsp:problem:path-not-allowed', status: 403 });
      expect(JSON.stringify(res.body)).not.toContain('root:$6$');
    }
    // The same rule on the message path: the job fails for good, nothing is loaded.
    await svc.app.get(BullMqClient).emitEvent(PATTERNS.scheduleLoad, { path: join(outside, 'deflators.csv'), kind: 'deflators' }, { to: QUEUES.deflators });
    const job = await waitFor(async () => {
      const jobs = await svc.app.get(QueueRegistry).queue(QUEUES.deflators).getFailed();
      return jobs.find((j) => j.data?.path === join(outside, 'deflators.csv'));
    }, { description: 'the schedule.load job failed' });
    expect(job.failedReason).toMatch(/is outside the folders this service reads/);
    expect(job.attemptsMade).toBe(1);
    expect(await svc.count('deflator_set')).toBe(before);
  });

  it('refuses a header-only series and a set name or file name holding control characters, storing nothing', async () => {
    const before = await svc.count('deflator_set');
    const headerOnly = await svc.http().post('/deflator-sets').attach('file', Buffer.from('year,prices,pay\n'), 'deflators.csv').expect(422);
    expect(headerOnly.body.errors).toEqual([expect.objectContaining({ line: null, reason: 'the file has a header but no data rows: there is nothing to store' })]);
    const series = Buffer.from('year,prices,pay\n2041,1.00%,1.00%\n');
    const badName = await svc.http().post('/deflator-sets').field('name', 'index\u0000v2').attach('file', series, 'deflators.csv').expect(400);
    expect(badName.body).toMatchObject({ type: 'urn:nhsp:problem:validation', errors: [expect.objectContaining({ path: 'name' })] });
    await svc.http().post('/deflator-sets').attach('file', series, { filename: 'deflators\u0007.csv' }).expect(400);
    expect(await svc.count('deflator_set')).toBe(before);
  });

  it('loads only with an admin key and lets analysts read; without a key nothing (401)', async () => {
    await svc.expectAdminLoadsAnalystReads({ route: '/deflator-sets', file: DEFLATORS, setId, setTable: 'deflator_set' });
  });
});
