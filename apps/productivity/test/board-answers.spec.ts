// The board's questions answered through productivity's API on the golden bundle (stand-in
// views; the key indicators are benchmarking's now): method sensitivity is computed once by the
// run's follow-up job and its spread is max − min of the variants; an explanation's
// contributions add up to the growth and its flags carry their evidence.
import request from 'supertest';
import { Exact } from '@nhsp/domain';
import { explainEstimate } from '@nhsp/board-answers';
import { PeriodResult, resolveSettings, sensitivity, standardVariants } from '@nhsp/methodology';
import { baseSchema, productivitySchema } from '@nhsp/persistence';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { productivityService } from '../src/main';
import { ADMIN_KEY, boardStandInSchema, goldenInputs, goldenResult, storeBenchmarks } from './board-stand-ins';
import { loadGoldenBundle, standInSchema, withClient } from './stand-in-inputs';

const text = (d: { toFixed(): string } | null) => (d ? d.toFixed() : null);
const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Exact(0));

describe('productivity: board answers', () => {
  let svc: TestService;
  let runId: string;
  let golden: PeriodResult;
  const get = (path: string) => request(svc.app.getHttpServer()).get(path).set('Authorization', `Bearer ${ADMIN_KEY}`);
  const post = (path: string, body: object = {}) => request(svc.app.getHttpServer()).post(path).set('Authorization', `Bearer ${ADMIN_KEY}`).send(body);

  beforeAll(async () => {
    svc = await startTestService({
      ...productivityService,
      registrations: [baseSchema, standInSchema, boardStandInSchema, productivitySchema, accessRegistration],
      env: { ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true' },
    });
    await loadGoldenBundle(svc.database.url);
    golden = await goldenResult('2025-06');
    runId = (await post('/runs', { period: '2025-06' }).expect(202)).body.run.id;
  });
  afterAll(() => svc?.stop());

  it('computes method sensitivity once, after the run, as the methodology does; spread = max − min of the variants', async () => {
    // The run's follow-up job stores it without anyone asking.
    const computedAt = await waitFor(
      async () => (await withClient(svc.database.url, (c) => c.query(`SELECT computed_at FROM productivity.sensitivity_run WHERE run_id = $1`, [runId]))).rows[0]?.computed_at,
      { timeoutMs: 60000, description: 'the sensitivity job of the run' },
    );
    const again = await post(`/runs/${runId}/sensitivity`).expect(200);
    expect(again.body).toMatchObject({ computed: false, runId, period: '2025-06', computedAt: new Date(computedAt).toISOString() });
    const stored = (await get(`/runs/${runId}/sensitivity`).expect(200)).body;
    expect(stored.variants).toEqual(['base', 'equalisation_none', 'working_days_on', 'no_exclusions', 'combined_deflator']);

    const inputs = await goldenInputs();
    const wanted = sensitivity(inputs, '2025-06', standardVariants(resolveSettings(), inputs.deflators));
    expect(stored.trusts.map((t: { orgCode: string }) => t.orgCode)).toEqual(wanted.map((w) => w.orgCode));
    for (const [i, w] of wanted.entries()) {
      const got = stored.trusts[i];
      expect(got.growth).toEqual(Object.fromEntries(Object.entries(w.growth).map(([k, v]) => [k, text(v)])));
      const values = Object.values(got.growth as Record<string, string | null>).filter((v): v is string => v !== null);
      if (!values.length) expect(got.spread).toBeNull();
      else expect(new Exact(got.spread).eq(Exact.max(...values).minus(Exact.min(...values)))).toBe(true);
    }
    // The base variant is the run itself.
    const estimates = (await get(`/runs/${runId}/estimates`).expect(200)).body.estimates;
    for (const e of estimates) {
      const growth = stored.trusts.find((t: { orgCode: string }) => t.orgCode === e.orgCode).growth.base;
      expect(growth === null ? null : new Exact(growth).toFixed()).toBe(e.productivityGrowth === null ? null : new Exact(e.productivityGrowth).toFixed());
    }
    const rows = await withClient(svc.database.url, (c) => c.query(`SELECT count(*)::int AS n FROM productivity.v_sensitivity WHERE run_id = $1`, [runId]));
    expect(rows.rows[0].n).toBe(wanted.length * 5);
    await get('/runs/00000000-0000-4000-8000-000000000000/sensitivity').expect(404);
  });

  it('explains a trust: contributions add up to its growth, flags carry their evidence, peers come from the run benchmarks', async () => {
    await storeBenchmarks(svc.database.url, runId, golden);
    const x = (await get(`/runs/${runId}/estimates/ryr/explanation`).expect(200)).body;
    const expected = explainEstimate(golden, 'RYR');
    expect(x).toMatchObject({ runId, period: '2025-06', vintage: 'provisional', orgCode: 'RYR', status: 'estimated' });
    expect(new Exact(x.productivityGrowth).minus(expected.productivityGrowth!).abs().lt('1e-30')).toBe(true);

    const contributions = (await get(`/runs/${runId}/estimates/RYR/contributions`).expect(200)).body.contributions;
    for (const side of ['output', 'input'] as const) {
      const growth = new Exact(side === 'output' ? x.outputGrowth : x.inputGrowth);
      const mine = x.contributions[side].map((c: { contribution: string }) => c.contribution);
      expect(sum(mine).minus(growth).abs().lt('1e-30')).toBe(true);
      expect(new Exact(x.contributions[`${side}Total`]).eq(sum(mine))).toBe(true);
      const table = contributions.filter((c: { side: string }) => c.side === side).map((c: { contribution: string }) => c.contribution);
      expect(sum(table).minus(growth).abs().lt('1e-30')).toBe(true);
    }
    const movers = x.largestMovers.map((m: { contribution: string }) => new Exact(m.contribution).abs());
    expect(movers.length).toBe(5);
    movers.slice(1).forEach((m: Exact, i: number) => expect(m.lte(movers[i])).toBe(true));

    expect(x.flags.map((f: { code: string }) => f.code)).toEqual(['POD_SHIFT', 'OUTLIER']);
    const shift = x.flags[0];
    expect(shift.evidence).toBe(expected.flags[0].evidence);
    expect(shift.details.threshold).toBe(0.05);
    expect(shift.details.shifts.length).toBeGreaterThan(0);
    for (const s of shift.details.shifts) {
      expect(new Exact(s.currentShare).minus(s.baseShare).toFixed()).toBe(new Exact(s.change).toFixed());
      expect(new Exact(s.change).abs().gt(0.05)).toBe(true);
    }
    expect(x.flags[1].details).toMatchObject({ threshold: 0.1, productivityGrowth: x.productivityGrowth });

    expect(x.peersAvailable).toBe(true);
    expect(x.peers).toEqual(expected.peers.map((p) => ({ ...p, score: text(p.score), benchmarkCostPerWau: text(p.benchmarkCostPerWau), costPerWau: text(p.costPerWau) })));
    expect(x.peers.map((p: { kind: string }) => p.kind)).toEqual(['peer_group', 'sector', 'national']);
    expect(x.vintages).toEqual([expect.objectContaining({ runId, vintage: 'provisional', isThisRun: true, changeFromPrevious: null, flags: ['POD_SHIFT', 'OUTLIER'] })]);
  });

  it('gives the unweighted share and the missing months as evidence, and answers for the latest run of a period', async () => {
    const rxf = (await get(`/explanations/RXF?period=2025-06`).expect(200)).body;
    expect(rxf.runId).toBe(runId);
    const unweighted = rxf.flags.find((f: { code: string }) => f.code === 'UNWEIGHTED_ACTIVITY');
    const estimate = golden.estimates.find((e) => e.trust.orgCode === 'RXF')!;
    expect(unweighted.details).toEqual({ unweightedShare: estimate.unweighted.share.toFixed(), unweightedCwa: estimate.unweighted.cwa.toFixed(), threshold: 0.005 });
    expect(new Exact(unweighted.details.unweightedShare).gt(0.005)).toBe(true);

    const ran = (await get(`/runs/${runId}/estimates/RAN/explanation`).expect(200)).body;
    expect(ran).toMatchObject({ status: 'missing_data', productivityGrowth: null, contributions: { output: [], input: [], outputTotal: null, inputTotal: null } });
    expect(ran.flags).toEqual([{ code: 'MISSING_DATA', evidence: expect.stringContaining('2025-06: no activity'), details: { missing: [{ month: '2025-06', missing: ['activity', 'finance'] }] } }]);

    await get('/explanations/RXF').expect(400);
    await get('/explanations/RXF?period=2024-06').expect(404);
    await get(`/runs/${runId}/estimates/RZZ/explanation`).expect(404);
  });

  it('lets an analyst key read the answers and ask for sensitivity, but not start runs; no key reads nothing', async () => {
    const analyst = (await post('/admin/api-keys', { name: 'board analyst', role: 'analyst' }).expect(201)).body.key;
    const as = (key: string) => (path: string) => request(svc.app.getHttpServer()).get(path).set('Authorization', `Bearer ${key}`);
    await as(analyst)(`/runs/${runId}/estimates/RXF/explanation`).expect(200);
    await request(svc.app.getHttpServer()).post(`/runs/${runId}/sensitivity`).set('Authorization', `Bearer ${analyst}`).expect(200);
    await request(svc.app.getHttpServer()).post('/runs').set('Authorization', `Bearer ${analyst}`).send({ period: '2025-06' }).expect(403);
    await request(svc.app.getHttpServer()).get('/explanations/RXF?period=2025-06').expect(401);
  });
});
