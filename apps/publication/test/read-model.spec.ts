// The read models (apps/publication/src/read-model) answer the /v1 lists (estimates, aggregates,
// benchmarks, targets, index, opportunities, indicators), a trust's pack and its series without
// SQL; this compares them with the SQL path URL by URL over two periods of the golden history
// bundle computed by `nhsp compute` (20 trusts, real names, nulls and tied scores; the plan view
// and packs through the stand-ins of plan-pack-stand-ins.ts). The public's answer comes from the model (the
// quick-answer counter says so); a key holder's goes the routed way, through SourceViews, and
// with CACHE_MAX_AGE=0 neither is kept, so each request renders afresh. The bytes and every
// header but Cache-Control (private for a key) must be the same.
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Counter, Registry } from 'prom-client';
import { TestService, waitFor, withClient } from '@nhsp/testing';
import { PublishedReleases } from '../src/quick-reads/published-releases';
import { ExplanationModels } from '../src/read-model/explanation-models';
import { ReleaseModels } from '../src/read-model/release-models';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { SORTABLE } from '../src/source-views';
import { PLAN_PACK_SORTABLE } from '../src/plan-pack.reads';
import { GoldenHistory, readCsv, startWithGoldenHistory } from './golden-history';
import { RawAnswer, rawRequest, RawRequest } from './raw-http';

jest.setTimeout(180_000);
const PERIODS = ['2026-02', '2026-03'];
let golden: GoldenHistory;
let svc: TestService;
let key: string;
const orgs: string[] = [];
const groups = { sector: new Set<string>(), region: new Set<string>(), peer_group: new Set<string>(), metric: new Set<string>() };
/** What the plan view and packs of the latest period hold, for their URLs. */
const plan = { targetGroups: new Set<string>(), packMetrics: new Set<string>(), indicators: new Set<string>(), dimensions: new Set<string>() };

beforeAll(async () => {
  golden = await startWithGoldenHistory({
    name: 'read-model',
    env: { CACHE_MAX_AGE: '0' },
    periods: PERIODS,
    // Rows reversed: the SQL order must come from the query.
    reversed: true,
    opportunityUnits: (at) => (at % 3 ? null : '12.5'),
    onLatestEstimate: (e, region) => {
      orgs.push(e.org_code);
      groups.sector.add(e.sector);
      groups.region.add(region);
      groups.peer_group.add(e.peer_group);
    },
    onBenchmark: (b) => groups.metric.add(b.metric),
    onComputed: (dir) => {
      for (const t of readCsv(join(dir, 'targets.csv'))) plan.targetGroups.add(t.group);
      for (const o of readCsv(join(dir, 'opportunities.csv'))) {
        plan.packMetrics.add(o.metric);
        if (o.dimension) plan.dimensions.add(o.dimension);
      }
      for (const i of readCsv(join(dir, 'indicators.csv'))) plan.indicators.add(i.indicator);
    },
  });
  ({ svc, key } = golden);
});
afterAll(() => golden?.stop());

type Answer = RawAnswer;

const get = (path: string, options?: RawRequest): Promise<Answer> => rawRequest(svc.url, path, options);

async function quickAnswers(): Promise<number> {
  const metric = svc.app.get(Registry).getSingleMetric('http_quick_answers_total') as Counter;
  return (await metric.get()).values.reduce((sum, x) => sum + x.value, 0);
}

const PER_REQUEST = ['date', 'x-request-id', 'cache-control'];
const comparable = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_REQUEST.includes(name)));

/** The bench's kinds of URL (tools/bench/src/api-cold-mix.ts) and every sortable column in both directions. */
function urls(): string[] {
  const q = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, x]): [string, string] => [k, String(x)])).toString();
  const out: string[] = ['/v1/estimates', '/v1/aggregates', '/v1/benchmarks', '/v1/estimates?format=csv', '/v1/benchmarks?limit=5000'];
  for (const org of orgs) {
    out.push(`/v1/trusts/${org}/series`, `/v1/trusts/${org}/series?format=csv`, `/v1/benchmarks?${q({ org, format: 'csv' })}`);
    for (const period of PERIODS) out.push(`/v1/estimates?${q({ org, period })}`, `/v1/benchmarks?${q({ org, period })}`);
  }
  for (const period of PERIODS) {
    for (const sort of Object.keys(SORTABLE.estimates)) {
      for (const order of ['asc', 'desc']) {
        out.push(`/v1/estimates?${q({ period, sort, order, limit: 7, offset: 3 })}`, `/v1/estimates?${q({ period, sort, order, format: 'csv' })}`);
        for (const [name, values] of Object.entries(groups).filter(([n]) => n !== 'metric')) {
          for (const value of values) out.push(`/v1/estimates?${q({ period, [name]: value, sort, order, limit: 10 })}`);
        }
      }
    }
    for (const sort of Object.keys(SORTABLE.benchmarks)) {
      for (const order of ['asc', 'desc']) {
        for (const metric of groups.metric) out.push(`/v1/benchmarks?${q({ period, metric, sort, order, limit: 20 })}`);
        out.push(`/v1/benchmarks?${q({ period, sort, order, limit: 50, offset: 25 })}`);
      }
    }
    for (const sort of Object.keys(SORTABLE.aggregates)) {
      for (const order of ['asc', 'desc']) out.push(`/v1/aggregates?${q({ period, sort, order })}`);
    }
    for (const level of ['national', 'sector', 'region', 'peer_group']) out.push(`/v1/aggregates?${q({ period, level })}`, `/v1/aggregates?${q({ period, level, format: 'csv' })}`);
    out.push(`/v1/estimates?${q({ period, limit: 5, offset: 500 })}`, `/v1/estimates?${q({ period, sort: 'name' })}`);
    for (const [list, sortable] of Object.entries(PLAN_PACK_SORTABLE).filter(([l]) => ['targets', 'index', 'opportunities', 'indicators'].includes(l))) {
      out.push(`/v1/${list}?${q({ period })}`, `/v1/${list}?${q({ period, format: 'csv' })}`, `/v1/${list}?${q({ period, limit: 5000 })}`);
      for (const sort of Object.keys(sortable)) for (const order of ['asc', 'desc']) out.push(`/v1/${list}?${q({ period, sort, order, limit: 30, offset: 10 })}`);
    }
    for (const level of ['national', 'region', 'trust']) out.push(`/v1/targets?${q({ period, level })}`, `/v1/index?${q({ period, level, format: 'csv' })}`, `/v1/indicators?${q({ period, level, window: 'ytd' })}`);
    for (const group of plan.targetGroups) out.push(`/v1/targets?${q({ period, group })}`, `/v1/index?${q({ period, group })}`);
    out.push(`/v1/targets?${q({ period, on_track: 'true', sort: 'savings_needed_gbp', order: 'desc' })}`, `/v1/targets?${q({ period, on_track: 'false' })}`);
    for (const indicator of plan.indicators) out.push(`/v1/indicators?${q({ period, indicator, sort: 'change', order: 'desc', limit: 10 })}`);
    for (const metric of plan.packMetrics) {
      out.push(`/v1/opportunities?${q({ period, metric, sort: 'opportunity_gbp', order: 'desc', limit: 20 })}`, `/v1/opportunities?${q({ period, metric, format: 'csv' })}`);
      for (const sector of groups.sector) out.push(`/v1/opportunities?${q({ period, metric, sector })}`);
    }
    for (const dimension of plan.dimensions) out.push(`/v1/opportunities?${q({ period, dimension })}`);
    for (const org of orgs) {
      out.push(`/v1/trusts/${org}/pack?${q({ period })}`, `/v1/trusts/${org.toLowerCase()}/pack?${q({ period, format: 'csv' })}`, `/v1/opportunities?${q({ period, org: org.toLowerCase(), sort: 'value' })}`);
      out.push(`/v1/trusts/${org}/pack?${q({ period, metric: [...plan.packMetrics][0], sort: 'opportunity_gbp', order: 'desc' })}`);
    }
  }
  out.push('/v1/targets', '/v1/trusts/' + orgs[0] + '/pack', '/v1/indicators?format=csv');
  return [...new Set(out)];
}

describe('the read models answer as the SQL path does', () => {
  it('byte for byte, with the same headers, for every URL of the bench\'s kinds over two golden periods', async () => {
    const all = urls();
    expect(all.length).toBeGreaterThan(1000);
    expect(plan.packMetrics.size * plan.targetGroups.size * plan.indicators.size).toBeGreaterThan(0);
    const differing: string[] = [];
    const before = await quickAnswers();
    for (const url of all) {
      const model = await get(url);
      const sql = await get(url, { headers: { 'x-api-key': key } });
      expect([url, model.status]).toEqual([url, 200]);
      if (!model.body.equals(sql.body) || JSON.stringify(comparable(model.headers)) !== JSON.stringify(comparable(sql.headers))) differing.push(url);
      expect(model.headers['cache-control']).toBe('public, max-age=0');
    }
    expect(differing).toEqual([]);
    // Every public answer came from a read model, none through the routed path.
    expect(await quickAnswers()).toBe(before + all.length);
    expect(svc.app.get(ReleaseModels).size).toBe(PERIODS.length);
  });

  it('explanations: the public\'s from one load per release (explanation-models.ts) ahead of Express, byte for byte the key holder\'s SQL answer', async () => {
    const lowerCase = `/v1/trusts/${orgs[0].toLowerCase()}/explanation`;
    const all = [...orgs.flatMap((org) => [`/v1/trusts/${org}/explanation`, ...PERIODS.map((period) => `/v1/trusts/${org}/explanation?period=${period}`)]), `/v1/trusts/${orgs[1]}/explanation?period=`, lowerCase];
    const differing: string[] = [];
    let flagged = 0;
    const before = await quickAnswers();
    for (const url of all) {
      const model = await get(url);
      const sql = await get(url, { headers: { 'x-api-key': key } });
      expect([url, model.status]).toEqual([url, 200]);
      if (!model.body.equals(sql.body) || JSON.stringify(comparable(model.headers)) !== JSON.stringify(comparable(sql.headers))) differing.push(url);
      flagged += JSON.parse(model.body.toString()).flags.length;
    }
    expect(differing).toEqual([]);
    expect(flagged).toBeGreaterThan(0);
    expect(svc.app.get(ExplanationModels).size).toBe(PERIODS.length);
    // Every public answer but the lower-case code's (the routed path resolves other spellings) came ahead of Express.
    expect(await quickAnswers()).toBe(before + all.length - 1);
    // A client's copy is confirmed (304) with the routed path's headers.
    const first = await get(all[0]);
    const again = await get(all[0], { headers: { 'if-none-match': String(first.headers.etag) } });
    const routedAgain = await get(all[0], { headers: { 'if-none-match': String(first.headers.etag), 'x-api-key': key } });
    expect([again.status, again.body.length, routedAgain.status]).toEqual([304, 0, 304]);
    expect(comparable(again.headers)).toEqual(comparable(routedAgain.headers));
    // A trust the release lacks, a period not published and a bad period are still the routed path's problem details.
    for (const [url, status] of [['/v1/trusts/ZZZ/explanation', 404], ['/v1/trusts/ZZZ/explanation?period=2026-04', 404], [`/v1/trusts/${orgs[0]}/explanation?period=2026-13`, 400], [`/v1/trusts/${orgs[0]}/explanation?period=2026-04`, 404]] as const) {
      const before = await quickAnswers();
      const answer = await get(url);
      expect([url, answer.status, answer.headers['content-type']]).toEqual([url, status, expect.stringMatching(/^application\/problem\+json/)]);
      expect(await quickAnswers()).toBe(before);
    }
  });

  it('trust report pages: the public\'s from one load per release (report/report-release-model.ts), byte for byte the key holder\'s SQL page', async () => {
    const all = [...orgs.flatMap((org) => [`/report/trusts/${org}`, ...PERIODS.map((period) => `/report/trusts/${org}?period=${period}`)]), `/report/trusts/${orgs[1].toLowerCase()}`];
    const differing: string[] = [];
    for (const url of all) {
      const model = await get(url);
      const sql = await get(url, { headers: { 'x-api-key': key } });
      expect([url, model.status, model.headers['cache-control']]).toEqual([url, 200, 'public, max-age=0']);
      if (!model.body.equals(sql.body) || JSON.stringify(comparable(model.headers)) !== JSON.stringify(comparable(sql.headers))) differing.push(url);
    }
    expect(differing).toEqual([]);
    expect((await get('/report/trusts/ZZZ')).status).toBe(404);
  });

  it.each([
    ['/v1/estimates?org=ZZZ', 404],
    ['/v1/trusts/ZZZ/series', 404],
    ['/v1/estimates?sort=bogus', 400],
    ['/v1/aggregates?level=trust', 400],
    ['/v1/estimates?limit=0', 400],
    ['/v1/estimates?period=2026-13', 400],
    ['/v1/estimates?period=2026-04', 404],
    ['/v1/trusts/ZZZ/pack', 404],
    ['/v1/opportunities?org=ZZZ', 404],
    ['/v1/targets?level=county', 400],
    ['/v1/opportunities?metric=bogus', 400],
    ['/v1/targets?colour=red', 400],
    ['/v1/trusts/R-A/pack', 400],
  ])('%s is left to the routed path, which answers %i with problem details', async (url, status) => {
    const before = await quickAnswers();
    const answer = await get(url);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await quickAnswers()).toBe(before);
  });

  it('a later release under embargo is in no model and in no series until it is published', async () => {
    const assembly = svc.app.get(ReleaseAssembly);
    const publishing = svc.app.get(ReleasePublishing);
    const runId = randomUUID();
    await withClient(svc.database.url, async (c) => {
      await c.query(`INSERT INTO productivity.v_runs VALUES ($1, '2026-04', 'provisional', '{}', '{}', $2, now())`, [runId, `fp-${runId}`]);
      await c.query(`INSERT INTO productivity.v_estimates SELECT $1, org_code, name, sector, region, peer_group, months, status, cwa_base, cwa_current * 2,
                       output_growth, real_spend_base, real_spend_current, input_growth, productivity_growth, flags FROM productivity.v_estimates WHERE run_id = (
                       SELECT run_id::uuid FROM publication.release WHERE period = '2026-03' AND status = 'published')`, [runId]);
    });
    const embargoed = await assembly.assemble(runId);
    await publishing.schedule(embargoed.id, new Date(Date.now() + 3_600_000));
    const series = `/v1/trusts/${orgs[0]}/series`;
    const periodsOf = async (headers?: Record<string, string>) => JSON.parse((await get(series, { headers })).body.toString()).items.map((e: { period: string }) => e.period);
    expect(await periodsOf()).toEqual(PERIODS);
    expect(await periodsOf({ 'x-api-key': key })).toEqual([...PERIODS, '2026-04']);
    expect((await get('/v1/estimates?period=2026-04')).status).toBe(404);
    await publishing.publish(embargoed.id);
    await waitFor(() => svc.app.get(PublishedReleases).choose({})?.runId === runId, { description: 'the quick path knows the April release' });
    const before = await quickAnswers();
    expect(await periodsOf()).toEqual([...PERIODS, '2026-04']);
    expect(await quickAnswers()).toBe(before + 1);
  });
});
