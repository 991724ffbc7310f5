// Benchmarks follow a productivity run through run.completed; the peer-group rows equal the
// golden benchmarks, custom peer sets are benchmarked too, and a repeated message rewrites
// nothing twice. Productivity's views are stand-ins holding the golden bundle's estimates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import request from 'supertest';
import { Exact } from '@nhsp/domain';
import { resolveSettings } from '@nhsp/methodology';
import { baseSchema, benchmarkingSchema } from '@nhsp/persistence';
import { BullMqClient, jobIdFor, PATTERNS, QUEUES, QueueRegistry } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { benchmarkingService } from '../src/main';
import { RunRepository } from '../src/repositories/run.repository';
import { GOLDEN, loadStandInInputs, readCsvRecords, standInInputsSchema, standInProductivitySchema, storeGoldenRun, withClient } from './stand-in-estimates';

const expected = readCsvRecords(readFileSync(join(GOLDEN, 'expected-2025-06/benchmarks.csv'), 'utf8'));
const registrations = [baseSchema, accessRegistration, standInProductivitySchema, standInInputsSchema, benchmarkingSchema];
/** Bootstrap admin key: peer sets are admin writes, benchmarks analyst reads. */
const ADMIN_KEY = 'benchmarking-test-admin-key-0123456789';
const runId = '6f1f9c1e-0000-4000-8000-000000000625';

interface Row {
  orgCode: string;
  peerGroup: string;
  groupKind: string;
  metric: string;
  value: string | null;
  benchmark: string | null;
  opportunityGbp: string | null;
  score: string | null;
  rank: number | null;
  groupSize: number;
}

describe('benchmarking service', () => {
  let benchmarking: TestService;

  beforeAll(async () => {
    benchmarking = await startTestService({ ...benchmarkingService, registrations, env: { ADMIN_API_KEY: ADMIN_KEY } });
    // What the run's packs and indicators read besides its estimates.
    await loadStandInInputs(benchmarking.database.url, join(GOLDEN, 'bundle'));
  });
  afterAll(() => benchmarking?.stop());

  const api = () => request.agent(benchmarking.app.getHttpServer()).set('Authorization', `Bearer ${ADMIN_KEY}`);

  it('keeps custom peer sets (create, list, refuse a duplicate, delete)', async () => {
    await api().post('/peer-sets').send({ name: 'north', orgCodes: ['rxf', 'RHU', 'R1D'] }).expect(201);
    await api().post('/peer-sets').send({ name: 'gone', orgCodes: ['RXF'] }).expect(201);
    await api().post('/peer-sets').send({ name: 'north', orgCodes: ['RXF'] }).expect(409);
    const bad = await api().post('/peer-sets').send({ name: '', orgCodes: ['not a code'] }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['name', 'orgCodes.0']);
    await api().delete('/peer-sets/gone').expect(204);
    await api().delete('/peer-sets/gone').expect(404);
    const { body } = await api().get('/peer-sets').expect(200);
    expect(body.peerSets.map((s: { name: string; orgCodes: string[] }) => [s.name, s.orgCodes])).toEqual([['north', ['R1D', 'RHU', 'RXF']]]);
  });

  it('benchmarks a completed run: peer-group rows equal the golden benchmarks', async () => {
    await storeGoldenRun(benchmarking.database.url, runId, '2025-06');
    await benchmarking.app.get(BullMqClient).emitEvent(PATTERNS.runCompleted, { runId, period: '2025-06', vintage: 'provisional' });
    const rows: Row[] = await waitFor(
      async () => (await api().get(`/runs/${runId}/benchmarks`)).body.benchmarks as Row[] | undefined,
      { timeoutMs: 60000, description: 'benchmarks of the run' },
    );
    // Emitted just after the rows are committed, so it may trail them by a moment.
    const publicationQueue = benchmarking.app.get(QueueRegistry).queue(QUEUES.publication);
    const announced = await waitFor(() => publicationQueue.getJob(jobIdFor(PATTERNS.benchmarksCompleted, runId)), { timeoutMs: 30000, description: 'benchmarks.completed' });
    expect(announced.data).toEqual({ runId, period: '2025-06' });

    const peerRows = rows.filter((r) => r.groupKind === 'peer_group');
    const key = (r: { org: string; group: string; metric: string }) => `${r.group}|${r.metric}|${r.org}`;
    expect(peerRows.map((r) => key({ org: r.orgCode, group: r.peerGroup, metric: r.metric })).sort()).toEqual(
      expected.map((e) => key({ org: e.org_code, group: e.peer_group, metric: e.metric })).sort(),
    );
    for (const want of expected) {
      const got = peerRows.find((r) => r.orgCode === want.org_code && r.peerGroup === want.peer_group && r.metric === want.metric)!;
      const what = `${want.org_code} ${want.peer_group} ${want.metric}`;
      for (const [column, field] of [['value', 'value'], ['benchmark', 'benchmark']] as const) {
        if (want[column] === '') expect({ what, [column]: got[field] }).toEqual({ what, [column]: null });
        else if (new Exact(got[field]!).minus(want[column]).abs().gt(new Exact(want[column]).abs().times(1e-9).plus('1e-15'))) {
          throw new Error(`${what} ${column}: ${got[field]} is not ${want[column]}`);
        }
      }
      expect({ what, opportunity: got.opportunityGbp === null ? '' : new Exact(got.opportunityGbp).toFixed(2) }).toEqual({ what, opportunity: want.opportunity_gbp });
      expect({ what, score: got.score === null ? '' : new Exact(got.score).toFixed(2) }).toEqual({ what, score: want.score });
    }
    expect(new Set(rows.map((r) => r.groupKind))).toEqual(new Set(['peer_group', 'sector', 'national', 'custom']));
    const custom = rows.filter((r) => r.groupKind === 'custom');
    // All three trusts of the custom set have an estimate for 2025-06: two metrics each, n = 3.
    expect(custom.map((r) => `${r.metric} ${r.orgCode} ${r.peerGroup} ${r.groupSize}`)).toEqual([
      'cost_per_wau R1D north 3', 'cost_per_wau RHU north 3', 'cost_per_wau RXF north 3',
      'productivity_growth R1D north 3', 'productivity_growth RHU north 3', 'productivity_growth RXF north 3',
    ]);

    const filtered = (await api().get(`/runs/${runId}/benchmarks?peer_group=Acute - Teaching&metric=cost_per_wau`).expect(200)).body.benchmarks as Row[];
    expect(filtered.length).toBe(expected.filter((e) => e.peer_group === 'Acute - Teaching' && e.metric === 'cost_per_wau').length);
    expect(filtered.every((r) => r.metric === 'cost_per_wau' && r.peerGroup === 'Acute - Teaching')).toBe(true);
  });

  it('is idempotent per run: a repeated run.completed leaves one set of rows', async () => {
    const count = () => withClient(benchmarking.database.url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM benchmarking.v_benchmarks WHERE run_id = $1`, [runId])).rows[0].n);
    const before = await count();
    expect(before).toBeGreaterThan(expected.length);
    const bus = benchmarking.app.get(BullMqClient);
    const reply = await lastValueFrom(bus.send(PATTERNS.runCompleted, { runId, period: '2025-06', vintage: 'provisional' }));
    expect(reply).toEqual({ runId, period: '2025-06', rows: before });
    expect(await count()).toBe(before);
  });

  it('benchmarks a run on its own settings, not the defaults (equalisation off, working days on)', async () => {
    const ownRunId = '6f1f9c1e-0000-4000-8000-000000000626';
    const settings = resolveSettings({ equalisation: 'none', workingDays: 'on' });
    const published = await storeGoldenRun(benchmarking.database.url, ownRunId, '2025-06', settings);
    // Announced without settings, as a message queued before they travelled: the run's own record gives them.
    await benchmarking.app.get(BullMqClient).emitEvent(PATTERNS.runCompleted, { runId: ownRunId, period: '2025-06', vintage: 'provisional' });
    const rows: Row[] = await waitFor(async () => (await api().get(`/runs/${ownRunId}/benchmarks`)).body.benchmarks as Row[] | undefined, {
      timeoutMs: 60000,
      description: 'benchmarks of the run with its own settings',
    });
    const run = await benchmarking.app.get(RunRepository).estimates(ownRunId);
    expect(run!.settings).toEqual(published.settings);
    expect(run!.settings).toMatchObject({ equalisation: 'none', workingDays: 'on' });
    expect(run!.estimates.every((e) => JSON.stringify(e.settings) === JSON.stringify(published.settings))).toBe(true);
    // Every core benchmark is the one of the figures the run published.
    const core = (metric: string) => metric === 'productivity_growth' || metric === 'cost_per_wau';
    const key = (org: string, group: string, kind: string, metric: string) => `${kind}|${group}|${metric}|${org}`;
    const wanted = new Map(published.benchmarks.filter((b) => core(b.metric)).map((b) => [key(b.orgCode, b.peerGroup, b.groupKind, b.metric), b.value!.toFixed()]));
    const got = rows.filter((r) => r.groupKind !== 'custom' && core(r.metric));
    expect(got.length).toBe(wanted.size);
    for (const r of got) expect({ r: key(r.orgCode, r.peerGroup, r.groupKind, r.metric), value: new Exact(r.value!).toFixed() }).toEqual({ r: key(r.orgCode, r.peerGroup, r.groupKind, r.metric), value: wanted.get(key(r.orgCode, r.peerGroup, r.groupKind, r.metric)) });
  });

  it('answers 404 for a run it has not benchmarked', async () => {
    await api().get('/runs/00000000-0000-4000-8000-000000000000/benchmarks').expect(404);
  });
});
