// The plan view, Table 1 and the opportunity pack on the report's pages (issues 13.5 and 14.6),
// served by the real service from a release assembled over stand-in views filled with what `nhsp
// compute` writes for the golden history bundle's 2025-10 (20 trusts of all four sectors). Every figure the
// pages carry must equal what /v1 answers for the same release; the pack page follows the trust
// page's rules (400, 404, embargo, preview, headers); a second read draws nothing again.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { TestService } from '@nhsp/testing';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { planPartsRendered } from '../src/report/plan-parts';
import { cell, fact, unescapeHtml } from './plan-markup';
import { computeGoldenPeriod, GOLDEN_HISTORY_BUNDLE, loadComputedPlanAndPacks, PLAN_PACK_STAND_IN_DDL } from './plan-pack-stand-ins';
import { withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const BUNDLE = GOLDEN_HISTORY_BUNDLE;
const PERIOD = '2025-10';
const ADMIN_KEY = 'report-plan-pages-admin-key-0123456789';
/** A trust of each sector in the bundle. */
const BY_SECTOR = { acute: 'RAE', mental_health: 'RHA', community: 'RY6', ambulance: 'RX7' } as const;
const SECTORS = Object.entries(BY_SECTOR).map(([sector, org]) => ({ sector, org, label: sector.replace('_', ' ') }));

type Row = Record<string, string>;
const read = (dir: string, file: string): Row[] => parse(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true });
const v = (cell: string | undefined): string | null => (cell === undefined || cell === '' ? null : cell);

let work: string;
let computed: string;
let svc: TestService;
let analystKey: string;
let releaseId: string;
const http = () => request(svc.app.getHttpServer());

/** A run of 2025-10 whose estimates and aggregates are compute's, each trust's region from the bundle's trusts.csv. */
async function insertComputedRun(url: string): Promise<string> {
  const runId = randomUUID();
  const names = new Map(read(BUNDLE, 'trusts.csv').map((t) => [t.org_code, t]));
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO productivity.v_runs VALUES ($1, $2, 'provisional', $3, $4, $5, now())`, [runId, PERIOD, { target: 0.02 }, { batches: ['b-1'] }, `fp-${runId}`]);
    for (const e of read(computed, 'estimates.csv')) {
      const t = names.get(e.org_code)!;
      await c.query(`INSERT INTO productivity.v_estimates VALUES ($1,$2,$3,$4,$5,$6,$7,'estimated',$8,$9,$10,$11,$12,$13,$14,$15)`, [
        runId, e.org_code, e.name, e.sector, t.region, e.peer_group, Number(e.months), v(e.cwa_base), v(e.cwa_current), v(e.output_growth),
        v(e.real_spend_base), v(e.real_spend_current), v(e.input_growth), v(e.productivity_growth), e.flags ? e.flags.split(/[;|]/) : [],
      ]);
    }
    for (const a of read(computed, 'aggregates.csv')) {
      await c.query(`INSERT INTO productivity.v_aggregates (run_id, level, group_name, trusts, output_growth, input_growth, productivity_growth) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [
        runId, a.level, a.group, Number(a.trusts), v(a.output_growth), v(a.input_growth), v(a.productivity_growth),
      ]);
    }
  });
  return runId;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nhsp-report-plan-pages-'));
  computed = join(work, 'computed');
  computeGoldenPeriod(PERIOD, computed);
  svc = await startPublication({ AUTO_PUBLISH: 'false', ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', ACCESS_CACHE_MS: '0' }, PLAN_PACK_STAND_IN_DDL);
  analystKey = (await http().post('/admin/api-keys').set('Authorization', `Bearer ${ADMIN_KEY}`).send({ name: 'report plan analyst', role: 'analyst' }).expect(201)).body.key;
  const runId = await insertComputedRun(svc.database.url);
  await loadComputedPlanAndPacks(svc.database.url, runId, PERIOD, computed);
  // The owners' views hold numerics unrounded; /v1 publishes them as the data contract's files
  // write them (17 significant digits, money to the penny): the pages must show the published ones.
  await withClient(svc.database.url, async (c) => {
    await c.query(`UPDATE benchmarking.v_opportunities SET value = value + 0.000000000000000000000123, opportunity_gbp = opportunity_gbp + 0.0031 WHERE org_code = 'RX7' AND value IS NOT NULL AND opportunity_gbp IS NOT NULL`);
    await c.query(`UPDATE productivity.v_targets SET savings_needed_gbp = savings_needed_gbp + 0.0049 WHERE level = 'trust' AND group_name = 'RAE'`);
    await c.query(`UPDATE productivity.v_stability SET band = band + 0.000000000000000000000123 WHERE org_code = 'RHA'`);
  });
  releaseId = (await svc.app.get(ReleaseAssembly).assemble(runId)).id;
}, 120_000);
afterAll(async () => {
  await svc?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('before publication (embargo)', () => {
  it('the public cannot see the pack page of an unpublished release; an analyst key sees it marked as a preview, never cached for others', async () => {
    for (const url of [`/report/trusts/RAE/pack`, `/report/trusts/RAE/pack?period=${PERIOD}`]) {
      const res = await http().get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(res.text).not.toContain('Opportunity pack: BRADFORD');
    }
    const seen = await http().get(`/report/trusts/RAE/pack?period=${PERIOD}`).set('Authorization', `Bearer ${analystKey}`).expect(200);
    expect(seen.text).toContain('id="pack-preview"');
    expect(seen.text).toContain('Preview, not published (draft)');
    expect(seen.headers['cache-control']).toMatch(/^private/);
    expect(seen.headers.vary).toMatch(/Authorization/);
  });
});

describe('published', () => {
  beforeAll(() => svc.app.get(ReleasePublishing).publish(releaseId));

  it('the England page shows the trusts on track and England’s needs for the rest of the year as /v1/targets answers them, and England’s Table 1', async () => {
    const targets = (await http().get(`/v1/targets?period=${PERIOD}&limit=1000`).expect(200)).body.items as Array<Record<string, unknown>>;
    const trusts = targets.filter((t) => t.level === 'trust');
    const england = targets.find((t) => t.level === 'national')!;
    const res = await http().get(`/report?period=${PERIOD}`).expect(200);
    const onTrack = /data-figure="trusts_on_track" data-value="(\d+)">([^<]*)</.exec(res.text)!;
    expect(onTrack[1]).toBe(String(trusts.filter((t) => t.on_track === true).length));
    expect(onTrack[2]).toBe(`${onTrack[1]} of ${trusts.length} trusts`);
    for (const code of ['productivity_growth', 'required_output_growth_rest', 'required_productivity_growth_rest', 'savings_needed_gbp', 'projected_full_year_growth']) {
      expect({ code, value: fact(res.text, code).value }).toEqual({ code, value: england[code] });
    }
    expect(res.text).toContain('id="plan-england"');
    expect(res.text.indexOf('id="plan-england"')).toBeGreaterThan(res.text.indexOf('id="headline-heading"'));
    const indicators = (await http().get(`/v1/indicators?period=${PERIOD}&level=national&limit=1000`).expect(200)).body.items as Array<Record<string, string>>;
    expect(indicators.length).toBeGreaterThan(0);
    for (const i of indicators) expect({ i: i.indicator, change: cell(res.text, i.indicator, 'change').value }).toEqual({ i: i.indicator, change: i.change });
  });

  it.each(SECTORS)('the page of the $label trust ($org) shows its band, on track and £ as /v1/targets and /v1/stability answer them, its Table 1 and a link to its pack', async ({ org }) => {
    const [target] = (await http().get(`/v1/targets?period=${PERIOD}&level=trust&group=${org}`).expect(200)).body.items;
    const [stability] = (await http().get(`/v1/stability?period=${PERIOD}&org=${org}`).expect(200)).body.items;
    const res = await http().get(`/report/trusts/${org}?period=${PERIOD}`).expect(200);
    expect(fact(res.text, 'band').value).toBe(stability.band);
    expect(fact(res.text, 'on_track').value).toBe(String(target.on_track));
    expect(fact(res.text, 'savings_needed_gbp').value).toBe(target.savings_needed_gbp);
    expect(fact(res.text, 'productivity_growth').value).toBe(target.productivity_growth);
    expect(res.text).toContain(`id="table1-trust-${org.toLowerCase()}"`);
    expect(unescapeHtml(res.text)).toContain(`href="/report/trusts/${org}/pack?period=${PERIOD}"`);
  });

  it.each(SECTORS)('the pack page of the $label trust ($org) shows every row of /v1/trusts/:org/pack with its figures', async ({ sector, org }) => {
    const pack = (await http().get(`/v1/trusts/${org}/pack?period=${PERIOD}&limit=1000`).expect(200)).body.items as Array<Record<string, string | null>>;
    expect(pack.length).toBeGreaterThan(0);
    const res = await http().get(`/report/trusts/${org.toLowerCase()}/pack?period=${PERIOD}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toMatch(/^public/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toContain(`data-sector="${sector}"`);
    expect(res.text).toContain('@media print');
    let checked = 0;
    for (const r of pack) {
      if (r.metric === 'cost_index_detail') continue;
      const key = `${r.metric}${r.dimension ? `:${r.dimension}` : ''}`;
      for (const col of ['value', 'benchmark', 'opportunity_units', 'opportunity_gbp'] as const) {
        expect({ key, col, value: cell(res.text, key, col).value }).toEqual({ key, col, value: r[col] });
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    // A bare ratio (the cost index, "1.02") names its unit in the column header.
    if (pack.some((r) => r.metric === 'cost_index')) expect(unescapeHtml(res.text)).toContain('Trust’s figure (1 = national average)');
  });

  it('answers 400 for a bad period or org code and 404 for a trust not in the release or a month not published', async () => {
    for (const [url, status] of [
      [`/report/trusts/RAE/pack?period=2025-13`, 400],
      [`/report/trusts/RAE/pack?period=Oct`, 400],
      [`/report/trusts/R-AE/pack`, 400],
      [`/report/trusts/ZZZ9/pack?period=${PERIOD}`, 404],
      [`/report/trusts/RAE/pack?period=2025-09`, 404],
    ] as const) {
      const res = await http().get(url);
      expect({ url, status: res.status, type: res.headers['content-type'], cache: res.headers['cache-control'] }).toEqual({ url, status, type: expect.stringMatching(/^text\/html/), cache: 'no-store' });
      expect(res.text).toMatch(status === 400 ? /Bad request/ : /Not found|Not published/);
    }
  });

  it('renders a release’s plan parts and pack once: reading the pages again renders nothing anew', async () => {
    const urls = [`/report?period=${PERIOD}`, ...Object.values(BY_SECTOR).flatMap((org) => [`/report/trusts/${org}?period=${PERIOD}`, `/report/trusts/${org}/pack?period=${PERIOD}`])];
    for (const url of urls) await http().get(url).expect(200);
    const before = planPartsRendered();
    const first = await http().get(`/report/trusts/RX7/pack?period=${PERIOD}`).expect(200);
    for (const url of urls) await http().get(url).expect(200);
    expect(planPartsRendered()).toBe(before);
    expect((await http().get(`/report/trusts/RX7/pack?period=${PERIOD}`).expect(200)).text).toBe(first.text);
  });

  it('the layout’s stylesheet carries the plan parts’ CSS once; the pack page adds only its print rules', async () => {
    const page = (await http().get(`/report/trusts/RAE/pack?period=${PERIOD}`).expect(200)).text;
    const css = (await http().get(/href="(\/report\/assets\/report\.[^"]+\.css)"/.exec(page)![1]).expect(200)).text;
    expect(css.split('.nhsp-caveat{border-left').length - 1).toBe(1);
    expect(css).toContain('.nhsp-chart-pair--beside');
    const inline = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('');
    expect(inline).toContain('@media print');
    expect(inline).not.toContain('.nhsp-caveat{border-left');
  });

  it('is documented in the OpenAPI document like the other report routes', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body;
    const op = doc.paths['/report/trusts/{org}/pack']?.get;
    expect(op).toBeDefined();
    expect(op.tags).toContain('report');
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['org', 'period']);
  });
});
