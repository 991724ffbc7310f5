// A productivity run on the golden bundle, read through stand-in views: results as expected,
// idempotent on repeated requests (HTTP and queue), a restatement makes a revised vintage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import request from 'supertest';
import { Exact } from '@nhsp/domain';
import { baseSchema, productivitySchema } from '@nhsp/persistence';
import { BullMqClient, jobIdFor, PATTERNS, QUEUES, QueueRegistry } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { AutoTriggerService } from '../src/auto-trigger.service';
import { productivityService } from '../src/main';
import { GOLDEN, loadGoldenBundle, readCsvRecords, restateFinance, standInSchema, withClient } from './stand-in-inputs';

const expected = readCsvRecords(readFileSync(join(GOLDEN, 'expected-2025-06/estimates.csv'), 'utf8'));

function expectClose(actual: string | null, wanted: string, relative: number, what: string) {
  if (wanted === '') return expect({ what, actual }).toEqual({ what, actual: null });
  expect(actual).not.toBeNull();
  const diff = new Exact(actual!).minus(wanted).abs();
  const tolerance = Exact.max(new Exact(wanted).abs().times(relative), new Exact('1e-15'));
  if (diff.gt(tolerance)) throw new Error(`${what}: ${actual} is not ${wanted}`);
}

async function counts(url: string, runId: string) {
  return withClient(url, async (c) => {
    const one = async (view: string) => (await c.query(`SELECT count(*)::int AS n FROM productivity.${view} WHERE run_id = $1`, [runId])).rows[0].n;
    return { estimates: await one('v_estimates'), aggregates: await one('v_aggregates'), contributions: await one('v_contributions') };
  });
}

/** Runs are admin writes and reads analyst (service-kit access guard): the bootstrap admin key does both. */
const ADMIN_KEY = 'productivity-test-admin-key-0123456789';

describe('productivity service', () => {
  let svc: TestService;
  let http: () => request.Agent;
  let firstRunId: string;

  beforeAll(async () => {
    svc = await startTestService({
      ...productivityService,
      registrations: [baseSchema, accessRegistration, standInSchema, productivitySchema],
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
    await loadGoldenBundle(svc.database.url);
    http = () => request.agent(svc.app.getHttpServer()).set('Authorization', `Bearer ${ADMIN_KEY}`);
  });
  afterAll(() => svc?.stop());

  it('computes 2025-06 from the views and stores estimates equal to the golden results', async () => {
    const res = await http().post('/runs').send({ period: '2025-06' }).expect(202);
    expect(res.body).toMatchObject({ created: true, run: { period: '2025-06', vintage: 'provisional', status: 'completed' } });
    expect(res.body.run.inputFingerprint).toMatch(/^[0-9a-f]{64}$/);
    firstRunId = res.body.run.id;

    const { body } = await http().get(`/runs/${firstRunId}/estimates`).expect(200);
    expect(body.estimates.map((e: { orgCode: string }) => e.orgCode)).toEqual(expected.map((e) => e.org_code));
    for (const [i, want] of expected.entries()) {
      const got = body.estimates[i];
      expect({ org: got.orgCode, sector: got.sector, peerGroup: got.peerGroup, months: got.months, flags: got.flags.join('|') }).toEqual({
        org: want.org_code, sector: want.sector, peerGroup: want.peer_group, months: Number(want.months), flags: want.flags,
      });
      for (const growth of ['output_growth', 'input_growth', 'productivity_growth'] as const) {
        const key = growth.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
        expectClose(got[key], want[growth], 1e-9, `${want.org_code} ${growth}`);
      }
      for (const money of ['cwa_base', 'cwa_current', 'real_spend_base', 'real_spend_current'] as const) {
        const key = money.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
        if (want[money] === '') expect(got[key]).toBeNull();
        else expect(new Exact(got[key]).toFixed(2)).toBe(new Exact(want[money]).toFixed(2));
      }
    }
    const announced = await svc.app.get(QueueRegistry).queue(QUEUES.benchmarking).getJob(jobIdFor(PATTERNS.runCompleted, firstRunId));
    // The run's settings travel with it, as the run recorded them.
    const { settings } = (await http().get(`/runs/${firstRunId}`).expect(200)).body;
    expect(announced?.data).toEqual({ runId: firstRunId, period: '2025-06', vintage: 'provisional', settings });

    const estimated = body.estimates.find((e: { status: string }) => e.status === 'estimated');
    expect(estimated.detail.byPod.length).toBeGreaterThan(0);

    const aggregates = (await http().get(`/runs/${firstRunId}/aggregates`).expect(200)).body.aggregates;
    const england = aggregates.find((a: { level: string }) => a.level === 'national');
    expectClose(england.productivityGrowth, '0.0501172255085433', 1e-9, 'England productivity growth');
    expect(england.contributions).toHaveLength(england.trusts);

    const contributions = (await http().get(`/runs/${firstRunId}/estimates/${estimated.orgCode}/contributions`).expect(200)).body.contributions;
    const output = contributions.filter((c: { side: string }) => c.side === 'output');
    const sum = output.reduce((acc: Exact, c: { contribution: string }) => acc.plus(c.contribution), new Exact(0));
    expectClose(sum.toFixed(), estimated.outputGrowth, 1e-12, 'POD contributions add up to output growth');
  });

  it('returns the existing run for the same inputs, by HTTP and by queue, without writing again', async () => {
    const before = await counts(svc.database.url, firstRunId);
    expect(before.estimates).toBe(expected.length);
    const again = await http().post('/runs').send({ period: '2025-06' }).expect(202);
    expect(again.body).toMatchObject({ created: false, run: { id: firstRunId, vintage: 'provisional' } });

    // New inputs announced: every complete period of FY 2025/26 is requested, 2025-06 included.
    const bus = svc.app.get(BullMqClient);
    await bus.emitEvent(PATTERNS.batchStored, { batchId: 'b-1', kind: 'finance', orgCode: null, sha256: 'x', months: ['2025-12'], rows: 1 });
    const periods = ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'];
    await waitFor(async () => {
      const runs = (await http().get('/runs')).body.runs as Array<{ period: string }>;
      expect([...new Set(runs.map((r) => r.period))]).toEqual(periods);
      return true;
    }, { timeoutMs: 60000, description: 'a run for every complete period' });
    // The duplicate request by queue, too (send waits for the handler's answer):
    const reply = await lastValueFrom(bus.send(PATTERNS.runRequested, { period: '2025-06', reason: 'operator retry' }));
    expect(reply).toEqual({ runId: firstRunId, vintage: 'provisional', created: false });

    const runs = (await http().get('/runs?period=2025-06').expect(200)).body.runs;
    expect(runs.map((r: { id: string }) => r.id)).toEqual([firstRunId]);
    expect(await counts(svc.database.url, firstRunId)).toEqual(before);
  });

  it('makes a provisional_revised run for a restated month, flags the trust and leaves the old run alone', async () => {
    const oldEstimates = (await http().get(`/runs/${firstRunId}/estimates`).expect(200)).body;
    const trust = expected.find((e) => e.flags === '')!.org_code;
    await restateFinance(svc.database.url, trust, '2025-05', '1.1');

    const res = await http().post('/runs').send({ period: '2025-06' }).expect(202);
    expect(res.body).toMatchObject({ created: true, run: { period: '2025-06', vintage: 'provisional_revised' } });
    const revisedId = res.body.run.id;
    expect(revisedId).not.toBe(firstRunId);

    expect((await http().get(`/runs/${firstRunId}/estimates`).expect(200)).body).toEqual(oldEstimates);
    const revised = (await http().get(`/runs/${revisedId}/estimates`).expect(200)).body.estimates as Array<{ orgCode: string; flags: string[] }>;
    expect(revised.filter((e) => e.flags.includes('RESTATED')).map((e) => e.orgCode)).toEqual([trust]);
    expect(revised.find((e) => e.orgCode === trust)!.flags).toEqual(['RESTATED']);

    const revision = (await http().get(`/revisions?period=2025-06&org=${trust}`).expect(200)).body;
    expect(revision).toMatchObject({ orgCode: trust, from: { runId: firstRunId, vintage: 'provisional' }, to: { runId: revisedId, vintage: 'provisional_revised' }, flagsAdded: ['RESTATED'], flagsRemoved: [] });
    const changed = revision.changes.map((c: { measure: string }) => c.measure);
    expect(changed).toEqual(expect.arrayContaining(['realSpendCurrent', 'inputGrowth', 'productivityGrowth']));
    expect(changed).not.toContain('cwaCurrent');
    const spend = revision.changes.find((c: { measure: string }) => c.measure === 'realSpendCurrent');
    expect(new Exact(spend.difference).gt(0)).toBe(true);
    expect(new Exact(spend.to).minus(spend.from).toFixed()).toBe(new Exact(spend.difference).toFixed());
  });

  it('makes a final_revised run only when asked', async () => {
    const res = await http().post('/runs').send({ period: '2025-06', vintage: 'final_revised' }).expect(202);
    expect(res.body).toMatchObject({ created: true, run: { vintage: 'final_revised' } });
    const vintages = (await http().get('/runs?period=2025-06').expect(200)).body.runs.map((r: { vintage: string }) => r.vintage);
    expect(vintages).toEqual(['provisional', 'provisional_revised', 'final_revised']);
  });

  it('stores one run when the same new inputs are requested twice at once', async () => {
    const settings = { workingDays: 'on' };
    const [a, b] = await Promise.all([
      http().post('/runs').send({ period: '2025-09', settings }).expect(202),
      http().post('/runs').send({ period: '2025-09', settings }).expect(202),
    ]);
    expect(a.body.run.id).toBe(b.body.run.id);
    expect([a.body.created, b.body.created].sort()).toEqual([false, true]);
    expect(a.body.run).toMatchObject({ vintage: 'provisional_revised', settings: { workingDays: 'on' } });
    const runs = (await http().get('/runs?period=2025-09').expect(200)).body.runs;
    expect(runs.map((r: { vintage: string }) => r.vintage)).toEqual(['provisional', 'provisional_revised']);
  });

  it('requests nothing while the deflator set lacks the financial year', async () => {
    const trigger = svc.app.get(AutoTriggerService);
    expect(await trigger.completePeriods()).toHaveLength(9);
    await withClient(svc.database.url, (c) => c.query(`DELETE FROM deflators.v_deflator_years WHERE year = 2025`));
    expect(await trigger.completePeriods()).toEqual([]);
    expect(await trigger.requestCompleteRuns('test')).toEqual([]);
  });

  it('answers problem details for bad requests and unknown runs', async () => {
    const bad = await http().post('/runs').send({ period: 'June', settings: { equalisation: 'sideways' } }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['period', 'settings.equalisation']);
    await http().get('/runs/00000000-0000-4000-8000-000000000000').expect(404);
    await http().get('/revisions?period=2024-01&org=RHU').expect(404);
    const month = await http().post('/runs').send({ period: '2025-13' }).expect(400);
    expect(month.body).toMatchObject({ type: 'urn:nhsp:problem:bad-period', detail: expect.stringContaining('1..12') });
  });
});
