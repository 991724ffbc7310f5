// The cost-weights service on the real database and queue: the golden NCC schedule in, weight
// sets, weights and anomalies out, by HTTP and by ingestion's reference.stored message.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { jobIdFor, PATTERNS, QueueRegistry, QUEUES } from '@nhsp/queue';
import { ReferenceSetService, startReferenceSetService, waitFor } from '@nhsp/testing';
import { AppModule } from '../src/app.module';

const SCHEDULE = resolve(__dirname, '../../../tools/fixtures/golden/bundle/cost_weights.csv');
const HEADER = 'Service Code,Dept or Currency Code,Dept or Currency Desc,Activity,Unit cost,Cost';

describe('cost-weights service', () => {
  let svc: ReferenceSetService;

  beforeAll(async () => {
    svc = await startReferenceSetService({ name: 'cost-weights', module: AppModule, queues: [QUEUES.costWeights], schema: 'cost_weights', env: { DATA_ROOTS: resolve(SCHEDULE, '..') } });
  });
  afterAll(() => svc?.stop());

  let setId: string;

  it('loads the golden schedule: every row stored, weights exact, published after commit', async () => {
    const res = await svc.http().post('/weight-sets').attach('file', SCHEDULE).expect(201);
    setId = res.body.id;
    expect(res.body).toMatchObject({ name: 'cost_weights.csv', version: 1, rows: 11303, duplicate: false });
    const [row] = await svc.db.query(`SELECT count(*)::int AS n FROM cost_weights.v_schedule_rows WHERE weight_set_id = $1`, [setId]);
    expect(row.n).toBe(11303);

    const weights = await svc.http().get(`/weight-sets/${setId}/weights?equalisation=none&pod=AMB`).expect(200);
    const amb01 = weights.body.weights.find((w: { currency: string }) => w.currency === '01');
    expect(Math.abs(Number(amb01.weight) - 75251062.92 / 1147817)).toBeLessThan(1e-9);
    expect(weights.body.podMeans).toHaveLength(1);

    const published = await svc.app.get(QueueRegistry).queue(QUEUES.productivity).getJob(jobIdFor(PATTERNS.weightsPublished, setId));
    expect(published?.data).toEqual({ weightSetId: setId, name: 'cost_weights.csv' });
  });

  it('equalises an OPPROC/DC currency under opproc-dc only', async () => {
    const set = await svc.http().get(`/weight-sets/${setId}`).expect(200);
    const { equalisedCurrencies } = set.body.anomalies;
    expect(equalisedCurrencies.length).toBeGreaterThan(0);
    const { currency } = equalisedCurrencies[0];
    const weightsOf = async (equalisation: string) => {
      const res = await svc.http().get(`/weight-sets/${setId}/weights?equalisation=${equalisation}`).expect(200);
      return res.body.weights.filter((w: { currency: string; pod: string }) => w.currency === currency && ['OPPROC', 'DC'].includes(w.pod));
    };
    const [dc, opproc] = await weightsOf('opproc-dc');
    expect(dc.weight).toBe(opproc.weight);
    expect([dc.equalised, opproc.equalised]).toEqual([true, true]);
    const [dcNone, opprocNone] = await weightsOf('none');
    expect(dcNone.weight).not.toBe(opprocNone.weight);
    expect(dcNone.equalised).toBe(false);
  });

  it('reports anomalies of the golden schedule and lists the set', async () => {
    const set = await svc.http().get(`/weight-sets/${setId}`).expect(200);
    expect(set.body.anomalies.unmappedServiceCodes).toEqual([]);
    expect(set.body.anomalies.zeroCostCurrencies).toContainEqual({ pod: 'DC', currency: 'RD97Z' });
    const list = await svc.http().get('/weight-sets').expect(200);
    expect(list.body.map((s: { id: string }) => s.id)).toContain(setId);
    const [view] = await svc.db.query('SELECT name, sha256 FROM cost_weights.v_weight_sets WHERE id = $1', [setId]);
    expect(view.sha256).toBe(createHash('sha256').update(readFileSync(SCHEDULE)).digest('hex'));
  });

  it('treats loading the same file again (by path) as a no-op returning the existing set', async () => {
    const res = await svc.http().post('/weight-sets').send({ path: SCHEDULE }).expect(200);
    expect(res.body).toMatchObject({ id: setId, duplicate: true });
    expect(await svc.count('weight_set')).toBe(1);
    expect(await svc.count('schedule_row')).toBe(11303);
  });

  it('stores one set when the same new file is posted twice at once', async () => {
    const before = await svc.count('weight_set');
    const small = Buffer.from(`${HEADER}\nAmbulance,09,Concurrent,5,2,10\n`);
    const post = () => svc.http().post('/weight-sets').attach('file', small, 'concurrent.csv');
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(await svc.count('weight_set')).toBe(before + 1);
  });

  it('rejects a malformed schedule with 422 naming line and column, storing nothing', async () => {
    const bad = `${HEADER}\nAmbulance,01,Hear & Treat,12x,1,5\nAmbulance,02,See & Treat,10,1,10\n`;
    const res = await svc.http().post('/weight-sets').attach('file', Buffer.from(bad), 'bad_schedule.csv').expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ file: 'bad_schedule.csv', line: 2, column: 'Activity', value: '12x' }),
    ]);
    expect(await svc.count('weight_set')).toBe(2);
    expect(await svc.count('schedule_row')).toBe(11304);
  });

  it('answers 400 for a request with neither file nor path, 404 for an unknown set', async () => {
    const neither = await svc.http().post('/weight-sets').send({}).expect(400);
    expect(neither.body).toMatchObject({
      type: 'urn:nhsp:problem:validation',
      detail: 'send a multipart file or JSON { "path": "/abs/file.csv" }',
      errors: [expect.objectContaining({ path: 'path' })],
    });
    await svc.http().get(`/weight-sets/${randomUUID()}`).expect(404);
    const badQuery = await svc.http().get(`/weight-sets/${setId}/weights?equalisation=both`).expect(400);
    expect(badQuery.body).toMatchObject({
      type: 'urn:nhsp:problem:validation',
      title: 'Invalid request',
      detail: 'equalisation must be opproc-dc or none',
      errors: [expect.objectContaining({ path: 'equalisation', code: 'invalid_value' })],
    });
  });

  describe('reference.stored.v1 from ingestion', () => {
    const costWeightsJob = (kind: string, sha256: string) =>
      svc.app.get(QueueRegistry).queue(QUEUES.costWeights).getJob(jobIdFor(PATTERNS.referenceStored, kind, sha256));

    it('loads the stored schedule into a new set', async () => {
      const schedule = `${HEADER}\nAmbulance,01,Hear & Treat,4,2.5,10\nDaycase,AA32Z,x,2,3,6\nOutpatient Procedures,AA32Z,x,2,5,10\n`;
      const { sha256 } = await svc.storeReference('cost_weights', 'ncc_small.csv', Buffer.from(schedule));
      const set = await waitFor(
        async () => (await svc.db.query('SELECT id, source FROM cost_weights.weight_set WHERE sha256 = $1', [sha256]))[0],
        { description: 'weight set loaded from the message' },
      );
      const res = await svc.http().get(`/weight-sets/${set.id}/weights?equalisation=opproc-dc`).expect(200);
      expect(res.body.weights.map((w: { pod: string; weight: string }) => [w.pod, Number(w.weight)])).toEqual([
        ['AMB', 2.5],
        ['DC', 4],
        ['OPPROC', 4],
      ]);
      expect(set.source).toMatch(/^reference:/);
    });

    it('fails the job at once, storing nothing, when the stored schedule is malformed', async () => {
      const before = await svc.count('weight_set');
      const { sha256 } = await svc.storeReference('cost_weights', 'broken.csv', Buffer.from(`${HEADER}\nAmbulance,01,x,1,1,abc\n`));
      await waitFor(async () => (await costWeightsJob('cost_weights', sha256))?.isFailed(), { description: 'job failed' });
      // Fetched after the failure: a job read while still active carries no failedReason.
      const job = (await costWeightsJob('cost_weights', sha256))!;
      expect(job.failedReason).toContain('broken.csv:2:Cost');
      expect(job.attemptsMade).toBe(1);
      expect(await svc.count('weight_set')).toBe(before);
    });

    it('ignores the deflators kind', async () => {
      const before = await svc.count('weight_set');
      const { sha256 } = await svc.storeReference('deflators', 'deflators.csv', Buffer.from('year,prices,pay\n2024,1%,2%\n'));
      await waitFor(async () => (await costWeightsJob('deflators', sha256))?.isCompleted(), { description: 'job completed' });
      expect(await svc.count('weight_set')).toBe(before);
    });
  });

  it('loads only with an admin key and lets analysts read; without a key nothing (401)', async () => {
    await svc.expectAdminLoadsAnalystReads({ route: '/weight-sets', file: SCHEDULE, setId, setTable: 'weight_set' });
  });
});
