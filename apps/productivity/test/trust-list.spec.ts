// The trust list is one of a run's inputs: a new trusts.csv (names, regions, peer groups, sectors)
// announced as batch.stored re-runs every period already run and every complete one as a new
// vintage carrying the new names and peer groups, with the change named in the revision's causes.
// Unchanged inputs stay one run, including a run stored before the trust list was recorded.
import { lastValueFrom } from 'rxjs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { resolveSettings } from '@nhsp/methodology';
import { baseSchema, productivitySchema } from '@nhsp/persistence';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { productivityService } from '../src/main';
import { inputFingerprint, readRunInputs } from '../src/run-inputs';
import { ADMIN_KEY } from './board-stand-ins';
import { loadGoldenBundle, standInSchema, withClient } from './stand-in-inputs';

interface Run {
  id: string;
  period: string;
  vintage: string;
  inputs: { trusts?: Record<string, { name: string; peerGroup: string }> };
}
interface Estimate {
  orgCode: string;
  name: string;
  peerGroup: string;
  region: string;
  flags: string[];
  productivityGrowth: string | null;
}
interface Aggregate {
  level: string;
  group: string;
  trusts: number;
}

const PERIOD = '2025-06';
const OLD_NAME = 'MID YORKSHIRE TEACHING NHS TRUST';
const NEW_NAME = 'MID YORKSHIRE HOSPITALS NHS TRUST';

describe('productivity: the trust list as an input', () => {
  let svc: TestService;
  let first: Run;
  const get = (path: string) => request(svc.app.getHttpServer()).get(path).set('Authorization', `Bearer ${ADMIN_KEY}`);
  const post = (path: string, body: object) => request(svc.app.getHttpServer()).post(path).set('Authorization', `Bearer ${ADMIN_KEY}`).send(body);
  const runs = async (period?: string): Promise<Run[]> => (await get(`/runs${period ? `?period=${period}` : ''}`).expect(200)).body.runs;
  const estimates = async (runId: string): Promise<Estimate[]> => (await get(`/runs/${runId}/estimates`).expect(200)).body.estimates;
  const peerGroupSizes = async (runId: string) =>
    Object.fromEntries(
      ((await get(`/runs/${runId}/aggregates`).expect(200)).body.aggregates as Aggregate[]).filter((a) => a.level === 'peer_group').map((a) => [a.group, a.trusts]),
    );
  const trustsStored = () => lastValueFrom(svc.app.get(BullMqClient).send(PATTERNS.batchStored, { batchId: 'trusts-batch', kind: 'trusts', orgCode: null, sha256: 'x', months: [], rows: 15 }));
  const idle = (runCount: number) =>
    waitFor(
      async () => {
        const all = await runs();
        const done = await withClient(svc.database.url, (c) => c.query(`SELECT count(*)::int AS n FROM productivity.sensitivity_run`));
        return all.length === runCount && done.rows[0].n === runCount ? all : undefined;
      },
      { timeoutMs: 180000, description: `${runCount} runs and their sensitivity` },
    );

  beforeAll(async () => {
    svc = await startTestService({
      ...productivityService,
      registrations: [baseSchema, standInSchema, productivitySchema, accessRegistration],
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
    await loadGoldenBundle(svc.database.url);
    // Data up to the period only: three complete periods (2025-04..06) to re-run, not nine.
    await withClient(svc.database.url, async (c) => {
      for (const view of ['v_current_submissions', 'v_current_activity', 'v_current_finance']) await c.query(`DELETE FROM ingestion.${view} WHERE month > $1`, [PERIOD]);
    });
    first = (await post('/runs', { period: PERIOD }).expect(202)).body.run;
  });
  afterAll(() => svc?.stop());

  it('records the trust list with the run; the same inputs asked again are the same run', async () => {
    expect(first.vintage).toBe('provisional');
    expect(Object.keys(first.inputs.trusts!)).toHaveLength(15);
    expect(first.inputs.trusts!.RXF).toEqual({ name: OLD_NAME, region: 'North East and Yorkshire', trustType: 'Acute trust', peerGroup: 'Acute - Teaching', sector: 'acute' });
    const again = (await post('/runs', { period: PERIOD }).expect(202)).body;
    expect(again).toMatchObject({ created: false, run: { id: first.id } });
    const queued = await lastValueFrom(svc.app.get(BullMqClient).send(PATTERNS.runRequested, { period: PERIOD, reason: 'retried job' }));
    expect(queued).toMatchObject({ runId: first.id, created: false });
  });

  it('keeps a run stored before the trust list was recorded as the run of unchanged inputs', async () => {
    // As such a run was stored: no trust list in its inputs, a fingerprint without one.
    const manager = svc.app.get(DataSource).manager;
    const inputs = await manager.transaction('REPEATABLE READ', (m) => readRunInputs(m, PERIOD));
    const settings = { ...resolveSettings(), deflatorSeries: inputs.deflatorSeries };
    await withClient(svc.database.url, (c) =>
      c.query(`UPDATE productivity.run SET inputs = inputs - 'trusts', input_fingerprint = $2 WHERE id = $1`, [first.id, inputFingerprint({ ...inputs, trusts: undefined }, settings)]),
    );
    expect((await post('/runs', { period: PERIOD }).expect(202)).body).toMatchObject({ created: false, run: { id: first.id } });
    expect(await runs()).toHaveLength(1);
  });

  it('re-runs every period already run and every complete one when the trust list changes, as new vintages with the new names and peer groups', async () => {
    const before = await estimates(first.id);
    await withClient(svc.database.url, (c) =>
      c.query(`UPDATE ingestion.v_trusts SET name = $1, peer_group = 'Acute - Large' WHERE org_code = 'RXF'`, [NEW_NAME]),
    );
    const periods = (await trustsStored()) as string[];
    expect(periods).toEqual(['2025-04', '2025-05', PERIOD]);
    const all = await idle(periods.length + 1);
    expect([...new Set(all.map((r) => r.period))].sort()).toEqual(periods);

    const [earlier, revised] = await runs(PERIOD);
    expect([earlier.id, earlier.vintage, revised.vintage]).toEqual([first.id, 'provisional', 'provisional_revised']);
    expect(revised.inputs.trusts!.RXF).toMatchObject({ name: NEW_NAME, peerGroup: 'Acute - Large' });
    const after = await estimates(revised.id);
    expect(after.find((e) => e.orgCode === 'RXF')).toMatchObject({ name: NEW_NAME, peerGroup: 'Acute - Large' });
    expect(before.find((e) => e.orgCode === 'RXF')).toMatchObject({ name: OLD_NAME, peerGroup: 'Acute - Teaching' });
    // The list moved names and groups, not figures, and restated nothing.
    expect(after.map((e) => [e.orgCode, e.productivityGrowth])).toEqual(before.map((e) => [e.orgCode, e.productivityGrowth]));
    expect(after.filter((e) => e.flags.includes('RESTATED'))).toEqual([]);
    // Peer groups follow: RXF (which has an estimate) left Acute - Teaching for Acute - Large.
    const [sizesBefore, sizesAfter] = [await peerGroupSizes(first.id), await peerGroupSizes(revised.id)];
    expect(sizesAfter['Acute - Teaching']).toBe(sizesBefore['Acute - Teaching'] - 1);
    expect(sizesAfter['Acute - Large']).toBe(sizesBefore['Acute - Large'] + 1);
  });

  it('names what changed in the trust list as the cause of the revision', async () => {
    const rxf = (await get(`/revisions?period=${PERIOD}&org=RXF`).expect(200)).body;
    expect(rxf.changes).toEqual([]);
    expect(rxf.causes).toMatchObject({ submissions: [], otherTrustsSubmissions: [], settings: [], weightSet: null, deflatorSet: null, notificationsAdded: [] });
    expect(rxf.causes.trustList).toEqual([
      {
        orgCode: 'RXF',
        change: 'changed',
        fields: [
          { field: 'name', from: OLD_NAME, to: NEW_NAME },
          { field: 'peerGroup', from: 'Acute - Teaching', to: 'Acute - Large' },
        ],
      },
    ]);
    expect(rxf.causes.summary).toEqual([`trust list changed: RXF's name from "${OLD_NAME}" to "${NEW_NAME}", peer group from "Acute - Teaching" to "Acute - Large"`]);
    const ryr = (await get(`/revisions?period=${PERIOD}&org=RYR`).expect(200)).body;
    expect(ryr.causes.summary).toEqual(["trust list changed for 1 other trust(s) (RXF: name, peer group); they move group figures and peer benchmarks, not RYR's own"]);
  });

  it('makes no further vintage for the same trust list announced again', async () => {
    const count = (await runs()).length;
    expect(await trustsStored()).toEqual([]);
    expect((await post('/runs', { period: PERIOD }).expect(202)).body.created).toBe(false);
    expect(await runs()).toHaveLength(count);
  });
});
