// The packs (§11) and key indicators (§12) benchmarking computes for every run: stored with the
// run's benchmarks in one transaction, equal to the methodology on the golden bundle (and, by
// hand, a worked share), served in the files' order, stored once however often the run is
// benchmarked, and never announced when they could not be computed. Other services' views are
// stand-ins holding the golden bundle.
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import request from 'supertest';
import { Exact, formatMissing } from '@nhsp/domain';
import { computePacks, keyIndicators, packInputsOf, PeriodResult } from '@nhsp/methodology';
import { baseSchema, benchmarkingSchema } from '@nhsp/persistence';
import { BullMqClient, jobIdFor, PATTERNS, QUEUES, QueueRegistry } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { benchmarkingService } from '../src/main';
import { bundleInputs, GOLDEN, loadStandInInputs, standInInputsSchema, standInProductivitySchema, storeRun, withClient } from './stand-in-estimates';

const ADMIN_KEY = 'benchmarking-packs-admin-key-0123456789';
const runId = '6f1f9c1e-0000-4000-8000-000000000731';
const PERIOD = '2025-06';
const text = (d: { toFixed(): string } | null | undefined) => (d ? d.toFixed() : null);
const exact = (v: string | null) => (v === null ? null : new Exact(v).toFixed());

interface Opportunity {
  orgCode: string;
  sector: string;
  metric: string;
  dimension: string | null;
  value: string | null;
  benchmark: string | null;
  benchmarkGroup: string | null;
  opportunityUnits: string | null;
  unit: string | null;
  opportunityGbp: string | null;
  missing: string | null;
}

interface Indicator {
  level: string;
  group: string;
  indicator: string;
  window: string;
  base: string;
  current: string;
  change: string | null;
  changeKind: string;
}

describe('benchmarking: packs and key indicators of a run', () => {
  let svc: TestService;
  let golden: PeriodResult;
  let inputs: ReturnType<typeof bundleInputs>;
  const get = (path: string) => request(svc.app.getHttpServer()).get(path).set('Authorization', `Bearer ${ADMIN_KEY}`);
  const counts = (id: string) =>
    withClient(svc.database.url, async (c) => (await c.query(
      `SELECT (SELECT count(*)::int FROM benchmarking.v_benchmarks WHERE run_id = $1) AS benchmarks,
              (SELECT count(*)::int FROM benchmarking.v_opportunities WHERE run_id = $1) AS opportunities,
              (SELECT count(*)::int FROM benchmarking.v_indicators WHERE run_id = $1) AS indicators`,
      [id],
    )).rows[0]);

  beforeAll(async () => {
    svc = await startTestService({
      ...benchmarkingService,
      registrations: [baseSchema, accessRegistration, standInProductivitySchema, standInInputsSchema, benchmarkingSchema],
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
    inputs = bundleInputs(await loadStandInInputs(svc.database.url, join(GOLDEN, 'bundle')));
    golden = await storeRun(svc.database.url, runId, PERIOD);
    await svc.app.get(BullMqClient).emitEvent(PATTERNS.runCompleted, { runId, period: PERIOD, vintage: 'provisional' });
    await waitFor(() => svc.app.get(QueueRegistry).queue(QUEUES.publication).getJob(jobIdFor(PATTERNS.benchmarksCompleted, runId)), {
      timeoutMs: 60000,
      description: 'benchmarks.completed of the run',
    });
  });
  afterAll(() => svc?.stop());

  it('stores every pack row as the methodology computes it, in its order', async () => {
    const wanted = computePacks(packInputsOf(inputs, golden.settings), PERIOD).map((r) => ({
      orgCode: r.orgCode, sector: r.sector, metric: r.metric, dimension: r.dimension, value: text(r.value), benchmark: text(r.benchmark),
      benchmarkGroup: r.benchmarkGroup, opportunityUnits: text(r.opportunityUnits), unit: r.unit, opportunityGbp: text(r.opportunityGbp),
      missing: formatMissing(r.missing) || null,
    }));
    const { body } = await get(`/runs/${runId}/opportunities`).expect(200);
    expect(body.period).toBe(PERIOD);
    const got = (body.opportunities as Opportunity[]).map((r) => ({ ...r, value: exact(r.value), benchmark: exact(r.benchmark), opportunityUnits: exact(r.opportunityUnits), opportunityGbp: exact(r.opportunityGbp) }));
    expect(got).toEqual(wanted);
    // The golden bundle has no returns: every acute trust's cost index names the trust costs it lacks.
    const rxf = got.filter((r) => r.orgCode === 'RXF' && r.metric === 'cost_index');
    expect(rxf.map((r) => r.dimension)).toEqual(['non_elective_long_stay', 'ae_short_stay', 'elective', 'outpatient', 'other']);
    expect(rxf.every((r) => r.value === null && r.missing?.startsWith('trust_costs.csv'))).toBe(true);
  });

  it('stores the key indicators as the methodology computes them; a worked share agrees', async () => {
    const wanted = keyIndicators(PERIOD, golden.estimates, inputs).map((r) => ({
      level: r.level, group: r.group, indicator: r.indicator, window: r.window, base: text(r.base), current: text(r.current), change: text(r.change), changeKind: r.changeKind,
    }));
    // The golden bundle has no bed days and no operations or workforce return: only the indicators
    // its activity and finance carry, for the trusts that have that data in both windows.
    expect([...new Set(wanted.map((r) => r.indicator))].sort()).toEqual(['agency_spend', 'bank_spend', 'non_elective_overnight_spells', 'same_day_elective_share']);
    const estimated = golden.estimates.filter((e) => e.measures).map((e) => e.trust);
    const groups = (key: (t: (typeof estimated)[number]) => string) => new Set(estimated.map(key)).size;
    expect(wanted.filter((r) => r.indicator === 'agency_spend')).toHaveLength(estimated.length + 1 + groups((t) => t.peerGroup) + groups((t) => t.region) + groups((t) => t.sector));
    const { body } = await get(`/runs/${runId}/indicators`).expect(200);
    expect((body.indicators as Indicator[]).map((r) => ({ ...r, base: exact(r.base), current: exact(r.current), change: exact(r.change) }))).toEqual(wanted);

    // Worked: RXF's same-day elective share = DC / (DC + EL) spells of June 2025 (a share is for the month itself), change in points.
    const spells = (pod: string) => [...inputs.activity.cells('RXF', PERIOD)].filter((c) => c.pod === pod).reduce((n, c) => n + c.count, 0);
    const one = (await get(`/runs/${runId}/indicators?level=trust&group=rxf`).expect(200)).body.indicators as Indicator[];
    expect(one).toHaveLength(4);
    const share = one.find((r) => r.indicator === 'same_day_elective_share')!;
    expect(share).toMatchObject({ window: 'month', changeKind: 'points' });
    expect(new Exact(share.current).minus(new Exact(spells('DC')).div(spells('DC') + spells('EL'))).abs().lt('1e-30')).toBe(true);
    const england = (await get(`/runs/${runId}/indicators?level=national`).expect(200)).body.indicators as Indicator[];
    expect(england.map((r) => r.group)).toEqual(Array(4).fill('England'));
  });

  it('exposes them through the views the contract names, numbered in the files order', async () => {
    const view = await withClient(svc.database.url, (c) =>
      c.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'benchmarking' AND table_name = $1 ORDER BY ordinal_position`, ['v_opportunities']),
    );
    expect(view.rows.map((r) => r.column_name)).toEqual([
      'run_id', 'period', 'org_code', 'sector', 'metric', 'dimension', 'value', 'benchmark', 'benchmark_group', 'opportunity_units', 'unit', 'opportunity_gbp', 'missing', 'seq',
    ]);
    const indicators = await withClient(svc.database.url, (c) =>
      c.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'benchmarking' AND table_name = $1 ORDER BY ordinal_position`, ['v_indicators']),
    );
    expect(indicators.rows.map((r) => r.column_name)).toEqual(['run_id', 'period', 'level', 'group_name', 'indicator', 'window', 'base', 'current', 'change', 'change_kind', 'seq']);
    const seqs = await withClient(svc.database.url, (c) => c.query(`SELECT array_agg(seq ORDER BY seq) AS seqs, count(*)::int AS n FROM benchmarking.v_opportunities WHERE run_id = $1`, [runId]));
    expect(seqs.rows[0].seqs).toEqual(Array.from({ length: seqs.rows[0].n }, (_, i) => i + 1));
  });

  it('answers one trust or category, and refuses what it does not know', async () => {
    const rxf = (await get(`/runs/${runId}/opportunities?org=rxf&metric=temporary_staffing`).expect(200)).body.opportunities as Opportunity[];
    expect(rxf.map((r) => [r.orgCode, r.metric])).toEqual([['RXF', 'temporary_staffing']]);
    await get(`/runs/${runId}/opportunities?metric=cost_per_wau_elective`).expect(400);
    // An organisation the run does not hold: 404 naming it, in any case (the rule of every route that filters by org).
    const unknown = await get(`/runs/${runId}/opportunities?org=rzz`).expect(404);
    expect(unknown.body).toMatchObject({ type: 'urn:nhsp:problem:unknown-organisation', org: 'RZZ' });
    await get(`/runs/${runId}/indicators?level=county`).expect(400);
    await get(`/runs/${runId}/indicators?level=trust&group=RZZ`).expect(404);
    await get('/runs/00000000-0000-4000-8000-000000000000/opportunities').expect(404);
    await get('/runs/00000000-0000-4000-8000-000000000000/indicators').expect(404);
  });

  it('stores a run benchmarked again once: the same rows, not twice as many', async () => {
    const before = await counts(runId);
    expect(before.opportunities).toBeGreaterThan(0);
    expect(before.indicators).toBeGreaterThan(0);
    const first = (await get(`/runs/${runId}/opportunities`).expect(200)).body;
    const reply = await lastValueFrom(svc.app.get(BullMqClient).send(PATTERNS.runCompleted, { runId, period: PERIOD, vintage: 'provisional' }));
    expect(reply).toEqual({ runId, period: PERIOD, rows: before.benchmarks });
    expect(await counts(runId)).toEqual(before);
    expect((await get(`/runs/${runId}/opportunities`).expect(200)).body).toEqual(first);
  });

  it('stores nothing and announces nothing for a run whose inputs name no cost-weight set', async () => {
    const orphan = '6f1f9c1e-0000-4000-8000-000000000732';
    await storeRun(svc.database.url, orphan, PERIOD);
    await withClient(svc.database.url, (c) => c.query(`UPDATE productivity.v_runs SET inputs = '{}' WHERE id = $1`, [orphan]));
    const reply = lastValueFrom(svc.app.get(BullMqClient).send(PATTERNS.runCompleted, { runId: orphan, period: PERIOD, vintage: 'provisional' }));
    // A request's failure comes back as the job's failed reason.
    await expect(reply).rejects.toEqual(expect.stringMatching(/recorded no cost-weight or deflator set/));
    expect(await counts(orphan)).toEqual({ benchmarks: 0, opportunities: 0, indicators: 0 });
    expect(await svc.app.get(QueueRegistry).queue(QUEUES.publication).getJob(jobIdFor(PATTERNS.benchmarksCompleted, orphan))).toBeUndefined();
  });
});
