// The newest release's trust pages rendered ahead and held (src/report/held-trust-pages.ts),
// answered ahead of Express: byte for byte, header for header, the page the routed path renders
// on request for the same request (plain, `?period=` of the newest release, gzip and br, a
// matching If-None-Match → 304), on two periods of the golden history bundle (20 trusts, the plan
// view and packs through plan-pack-stand-ins.ts). Requests the routed path must decide (a key,
// other queries, HEAD, another Accept) are not taken, nor a page that failed to render; a page
// still to render when asked (or asked while its release loads) is rendered next and answered then; a change of the releases (a publication)
// drops the held pages at once, and they are held again for the new release once it settles.
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Counter, Registry } from 'prom-client';
import { TestService, waitFor, withClient } from '@nhsp/testing';
import { PublishedReleases } from '../src/quick-reads/published-releases';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { HeldTrustPages } from '../src/report/held-trust-pages';
import { ReportData } from '../src/report/report-data';
import { ReportReleaseModels } from '../src/report/report-release-model';
import { GoldenHistory, startWithGoldenHistory } from './golden-history';
import { RawAnswer, rawRequest, RawRequest } from './raw-http';

jest.setTimeout(240_000);
const PERIODS = ['2026-02', '2026-03'];
const LATEST = PERIODS[PERIODS.length - 1];
let golden: GoldenHistory;
let svc: TestService;
let key: string;
const orgs: string[] = [];

const get = (path: string, options?: RawRequest): Promise<RawAnswer> => rawRequest(svc.url, path, options);
const held = () => svc.app.get(HeldTrustPages);

async function quickAnswers(): Promise<number> {
  const metric = svc.app.get(Registry).getSingleMetric('http_quick_answers_total') as Counter;
  return (await metric.get()).values.reduce((sum, x) => sum + x.value, 0);
}

/** Every header but the ones that differ per request, in the order sent (the quick path adds X-Request-Id last, Express first). */
const comparable = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([name]) => !['date', 'x-request-id'].includes(name)));

beforeAll(async () => {
  golden = await startWithGoldenHistory({
    name: 'held-pages',
    env: { CACHE_MAX_AGE: '60' },
    periods: PERIODS,
    onLatestEstimate: (e) => orgs.push(e.org_code),
  });
  ({ svc, key } = golden);
  // The second publication renders once the releases have settled (PRELOAD_SETTLE_MS), one page per turn.
  await waitFor(() => held().size().pages === orgs.length, { description: 'every trust page of the latest release held', timeoutMs: 120_000 });
});
afterAll(() => golden?.stop());

describe('held trust pages', () => {
  it('are the routed path\'s answer to the same request: bytes and every header, plain, by period, compressed and 304', async () => {
    expect(held().size().bytes).toBeGreaterThan(orgs.length * 1024);
    const trusts = [orgs[0], orgs[5], orgs[11], orgs[orgs.length - 1]];
    const requests: Array<[string, Record<string, string>]> = [];
    for (const org of trusts) {
      requests.push([`/report/trusts/${org}`, {}], [`/report/trusts/${org}?period=${LATEST}`, {}], [`/report/trusts/${org}`, { 'accept-encoding': 'gzip' }], [`/report/trusts/${org}`, { 'accept-encoding': 'br, gzip' }]);
      requests.push([`/report/trusts/${org}`, { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }]);
    }
    const heldAnswers: RawAnswer[] = [];
    for (const [url, headers] of requests) {
      const before = await quickAnswers();
      heldAnswers.push(await get(url, { headers }));
      expect([url, headers, await quickAnswers()]).toEqual([url, headers, before + 1]);
    }
    // Conditional requests against each answer's own ETag (strong as sent, and in a list): 304, held too.
    const conditional: Array<[string, Record<string, string>]> = [];
    for (const [i, [url, headers]] of requests.entries()) {
      const etag = String(heldAnswers[i].headers.etag);
      conditional.push(
        [url, { ...headers, 'if-none-match': etag }],
        [url, { ...headers, 'if-none-match': `"other", ${etag}` }],
        [url, { ...headers, 'if-none-match': '"other"' }],
        // A reload: Express sends the page whatever the ETag.
        [url, { ...headers, 'if-none-match': etag, 'cache-control': 'no-cache' }],
      );
    }
    const heldConditional: RawAnswer[] = [];
    for (const [url, headers] of conditional) {
      const before = await quickAnswers();
      heldConditional.push(await get(url, { headers }));
      expect(await quickAnswers()).toBe(before + 1);
    }
    expect(heldConditional.map((a) => a.status)).toEqual(conditional.map((_, i) => (i % 4 < 2 ? 304 : 200)));

    // The same requests rendered on request: nothing held, so the routed path answers each.
    held().drop();
    const differing: string[] = [];
    for (const [i, [url, headers]] of [...requests, ...conditional].entries()) {
      const before = await quickAnswers();
      const routed = await get(url, { headers });
      expect(await quickAnswers()).toBe(before);
      const mine = i < requests.length ? heldAnswers[i] : heldConditional[i - requests.length];
      expect(routed.status).toBe(mine.status);
      if (!routed.body.equals(mine.body) || JSON.stringify(comparable(routed.headers)) !== JSON.stringify(comparable(mine.headers))) {
        differing.push(`${url} ${JSON.stringify(headers)}: ${JSON.stringify(comparable(mine.headers))} vs ${JSON.stringify(comparable(routed.headers))}`);
      }
    }
    expect(differing).toEqual([]);
    expect(heldAnswers[0].headers['content-type']).toBe('text/html; charset=utf-8');
    expect(heldAnswers[0].headers['cache-control']).toBe('public, max-age=60');
    expect(heldAnswers[2].headers['content-encoding']).toBe('gzip');
    expect(heldAnswers[3].headers['content-encoding']).toBe('br');
  });

  it('answer a reader of a page still to be rendered once it is, rendered ahead of the others, as the routed path would', async () => {
    const last = orgs[orgs.length - 1];
    // Every other trust's reads take 100 ms: the rendering takes seconds, the asked one's page does not wait for them.
    const data = svc.app.get(ReportData);
    const trust = data.trust.bind(data);
    const spy = jest.spyOn(data, 'trust').mockImplementation(async (org, period, principal) => {
      if (org !== last) await new Promise((done) => setTimeout(done, 100));
      return trust(org, period, principal);
    });
    let early: RawAnswer;
    try {
      held().renderAgain();
      await waitFor(() => spy.mock.calls.length > 0, { description: 'a rendering under way', timeoutMs: 120_000 });
      const before = await quickAnswers();
      early = await get(`/report/trusts/${last}`);
      expect(await quickAnswers()).toBe(before + 1);
      expect(held().size().pages).toBeLessThan(orgs.length / 2);
      await held().rendered(120_000);
    } finally {
      spy.mockRestore();
    }
    expect(held().size().pages).toBe(orgs.length);
    held().drop();
    const routed = await get(`/report/trusts/${last}`);
    expect(early.status).toBe(200);
    expect(early.body.equals(routed.body)).toBe(true);
    expect(JSON.stringify(comparable(early.headers))).toBe(JSON.stringify(comparable(routed.headers)));
  });

  it('answer a reader who comes while a rendering loads its release, once the pages are held', async () => {
    const models = svc.app.get(ReportReleaseModels);
    const load = models.get.bind(models);
    const spy = jest.spyOn(models, 'get').mockImplementation(async (release) => {
      await new Promise((done) => setTimeout(done, 300));
      return load(release);
    });
    try {
      held().renderAgain();
      expect(held().size().pages).toBe(0);
      const before = await quickAnswers();
      const page = await get(`/report/trusts/${orgs[1]}`);
      expect(await quickAnswers()).toBe(before + 1);
      expect(page.status).toBe(200);
      await held().rendered(120_000);
    } finally {
      spy.mockRestore();
    }
  });

  it('leave to the routed path what it must decide: a key, another period or query, HEAD, another Accept, another spelling', async () => {
    // Dropped by the test before: rendered again as a change of the releases would.
    held().renderAgain();
    await waitFor(() => held().size().pages === orgs.length, { description: 'held again', timeoutMs: 120_000 });
    const org = orgs[2];
    const plain = await get(`/report/trusts/${org}`);
    const declined: Array<[string, RawRequest, number]> = [
      [`/report/trusts/${org}`, { headers: { 'x-api-key': key } }, 200],
      [`/report/trusts/${org}`, { headers: { authorization: `Bearer ${key}` } }, 200],
      [`/report/trusts/${org}?period=${PERIODS[0]}`, {}, 200],
      [`/report/trusts/${org}?period=`, {}, 200],
      [`/report/trusts/${org}?period=${LATEST}&period=${LATEST}`, {}, 400],
      [`/report/trusts/${org}?utm=x`, {}, 200],
      [`/report/trusts/${org.toLowerCase()}`, {}, 200],
      [`/report/trusts/${org}`, { method: 'HEAD' }, 200],
      [`/report/trusts/${org}`, { headers: { accept: 'application/json' } }, 406],
      [`/report/trusts/${org}`, { headers: { accept: 'text/html;q=0.5' } }, 200],
      ['/report/trusts/ZZZ', {}, 404],
    ];
    for (const [url, options, status] of declined) {
      const before = await quickAnswers();
      const answer = await get(url, options);
      expect([url, options, answer.status, await quickAnswers()]).toEqual([url, options, status, before]);
    }
    // A key holder's page is the same page, but private to the key.
    const keyed = await get(`/report/trusts/${org}`, { headers: { 'x-api-key': key } });
    expect(keyed.body.equals(plain.body)).toBe(true);
    expect(keyed.headers['cache-control']).toBe('private, max-age=60');
  });

  it('hold every other trust\'s page when one trust\'s fails to render; that one is the routed path\'s', async () => {
    const failing = orgs[4];
    const data = svc.app.get(ReportData);
    const trust = data.trust.bind(data);
    const spy = jest.spyOn(data, 'trust').mockImplementation((org, period, principal) => (org === failing ? Promise.reject(new Error('drawing failed')) : trust(org, period, principal)));
    try {
      held().renderAgain();
      await held().rendered(120_000);
    } finally {
      spy.mockRestore();
    }
    expect(held().size().pages).toBe(orgs.length - 1);
    const before = await quickAnswers();
    expect((await get(`/report/trusts/${failing}`)).status).toBe(200);
    expect(await quickAnswers()).toBe(before);
    expect((await get(`/report/trusts/${orgs[3]}`)).status).toBe(200);
    expect(await quickAnswers()).toBe(before + 1);
  });

  it('are dropped when the releases change, not shown an embargoed release, and held again for the new release once it settles', async () => {
    const org = orgs[3];
    const runId = randomUUID();
    await withClient(svc.database.url, async (c) => {
      await c.query(`INSERT INTO productivity.v_runs VALUES ($1, '2026-04', 'provisional', '{}', '{}', $2, now())`, [runId, `fp-${runId}`]);
      await c.query(`INSERT INTO productivity.v_estimates SELECT $1, org_code, name, sector, region, peer_group, months, status, cwa_base, cwa_current * 2,
                       output_growth, real_spend_base, real_spend_current, input_growth, productivity_growth, flags FROM productivity.v_estimates WHERE run_id = (
                       SELECT run_id::uuid FROM publication.release WHERE period = $2 AND status = 'published')`, [runId, LATEST]);
    });
    const april = await svc.app.get(ReleaseAssembly).assemble(runId);
    await svc.app.get(ReleasePublishing).schedule(april.id, new Date(Date.now() + 3_600_000));
    // Under embargo: the held March page is still the public's, and shows nothing of April.
    let before = await quickAnswers();
    const march = await get(`/report/trusts/${org}`);
    expect(await quickAnswers()).toBe(before + 1);
    expect(march.body.toString()).not.toContain('2026-04');

    await svc.app.get(ReleasePublishing).publish(april.id);
    // Not answered from the moment this process has published (the release list is reloading), dropped when it is reloaded.
    before = await quickAnswers();
    expect((await get(`/report/trusts/${org}`)).status).toBe(200);
    expect(await quickAnswers()).toBe(before);
    await waitFor(() => svc.app.get(PublishedReleases).choose({})?.runId === runId, { description: 'the quick path knows April' });
    expect(held().size().pages).toBe(0);
    before = await quickAnswers();
    const routed = await get(`/report/trusts/${org}`);
    expect(await quickAnswers()).toBe(before);
    expect(routed.body.toString()).toContain('?period=2026-04');
    expect(routed.body.equals(march.body)).toBe(false);

    await waitFor(() => held().size().pages === orgs.length, { description: 'April\'s pages held', timeoutMs: 120_000 });
    before = await quickAnswers();
    const heldApril = await get(`/report/trusts/${org}`);
    expect(await quickAnswers()).toBe(before + 1);
    expect(heldApril.body.equals(routed.body)).toBe(true);
    expect(JSON.stringify(comparable(heldApril.headers))).toBe(JSON.stringify(comparable(routed.headers)));
    // March's page is the routed path's now (?period= of an older release is not held), and is
    // not the page held before: its series goes on to April, which is why every held page went.
    before = await quickAnswers();
    const marchNow = await get(`/report/trusts/${org}?period=${LATEST}`);
    expect(await quickAnswers()).toBe(before);
    expect(marchNow.body.toString()).toContain('?period=2026-04');
    expect(marchNow.body.equals(march.body)).toBe(false);
  });
});
