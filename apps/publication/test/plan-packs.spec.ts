// The plan view and the packs of a release (issues 13 and 14): copied into the release when it
// is assembled, served by /v1 as JSON and as the data contract's CSV files, which equal what
// `nhsp compute` writes for the golden history bundle, and in the XLSX download; invisible to
// the public until the release is published.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { TestService } from '@nhsp/testing';
import { DataSource } from 'typeorm';
import { releasePlanRows, unstableBandOf } from '../src/release-plan-rows';
import { packPage } from '../src/report/pack-page';
import { englandParts, packParts, PlanReads, trustParts } from '../src/report/plan-reads';
import { englandPlanSection, trustPlanSection } from '../src/report/plan-sections';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleasePublishing } from '../src/release-publishing';
import { ReleaseVisibility } from '../src/release-visibility';
import { computeGoldenPeriod, loadComputedPlanAndPacks, PLAN_PACK_STAND_IN_DDL } from './plan-pack-stand-ins';
import { FakeRun, insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const PERIOD = '2025-10';
const FILES = ['targets', 'index', 'stability', 'opportunities', 'indicators'] as const;
const ADMIN_KEY = 'plan-packs-spec-admin-key-0123456789';

type Row = Record<string, string>;
const readCsv = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true });

let work: string;
let svc: TestService;
let run: FakeRun;
let releaseId: string;
let analystKey: string;
const http = () => request(svc.app.getHttpServer());
const computed = (file: string) => readFileSync(join(work, 'computed', `${file}.csv`), 'utf8');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nhsp-plan-packs-'));
  computeGoldenPeriod(PERIOD, join(work, 'computed'), join(work, 'sensitivity.csv'));
  svc = await startPublication({ AUTO_PUBLISH: 'false', ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true', ACCESS_CACHE_MS: '0' }, PLAN_PACK_STAND_IN_DDL);
  const key = await http().post('/admin/api-keys').set('Authorization', `Bearer ${ADMIN_KEY}`).send({ name: 'plan-packs analyst', role: 'analyst' }).expect(201);
  analystKey = key.body.key;
  run = await insertRun(svc.database.url, PERIOD, 'provisional', 1);
  await loadComputedPlanAndPacks(svc.database.url, run.id, PERIOD, join(work, 'computed'), join(work, 'sensitivity.csv'));
  releaseId = (await svc.app.get(ReleaseAssembly).assemble(run.id)).id;
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const ROUTES = [
  '/v1/targets', '/v1/index', '/v1/stability', '/v1/sensitivity', '/v1/opportunities', '/v1/opportunities/corporate',
  '/v1/trusts/RAE/pack', '/v1/indicators',
];

describe('before publication (embargo)', () => {
  it('the public gets 404 problem details from every plan and pack route, by period or by release id; an analyst key sees the draft', async () => {
    for (const route of ROUTES) {
      for (const url of [route, `${route}?period=${PERIOD}`, `${route}?release=${releaseId}`, `${route}?format=csv&period=${PERIOD}`]) {
        const res = await http().get(url);
        expect({ url, status: res.status, type: res.headers['content-type'] }).toEqual({ url, status: 404, type: expect.stringMatching(/application\/problem\+json/) });
      }
      const seen = await http().get(`${route}?period=${PERIOD}`).set('Authorization', `Bearer ${analystKey}`);
      expect({ route, status: seen.status }).toEqual({ route, status: 200 });
      expect(seen.body.release).toMatchObject({ id: releaseId, status: 'draft' });
      expect(seen.body.items.length).toBeGreaterThan(0);
      expect(seen.headers['cache-control']).toMatch(/^private/);
    }
    await http().get(`/v1/releases/${releaseId}/download.xlsx`).expect(404);
  });

  it('the manifest counts the rows copied into the release', async () => {
    const release = await svc.app.get(ReleaseVisibility).find(releaseId);
    const lines = (file: string) => readCsv(computed(file)).length;
    expect(release!.manifest.counts).toEqual({
      estimates: 2, aggregates: 4, benchmarks: 1, targets: lines('targets'), index: lines('index'), stability: lines('stability'),
      sensitivity: 5 * readCsv(readFileSync(join(work, 'sensitivity.csv'), 'utf8')).length, opportunities: lines('opportunities'), indicators: lines('indicators'),
    });
  });

  it('publishes', async () => {
    await svc.app.get(ReleasePublishing).publish(releaseId);
    await http().get(`/v1/targets?period=${PERIOD}`).expect(200);
  });
});

describe('the CSVs are the files nhsp compute writes for the period', () => {
  it.each(FILES)('%s.csv', async (file) => {
    const byQuery = await http().get(`/v1/${file}?period=${PERIOD}&format=csv`).expect(200).expect('Content-Type', /text\/csv/);
    expect(byQuery.headers['content-disposition']).toBe(`attachment; filename="${file}-${PERIOD}.csv"`);
    expect(byQuery.text).toBe(computed(file));
    const byAccept = await http().get('/v1/' + file).set('Accept', 'text/csv').expect(200);
    expect(byAccept.text).toBe(computed(file));
    expect(Number(byAccept.headers['x-total-count'])).toBe(readCsv(computed(file)).length);
  });

  it('sensitivity.csv is what nhsp sensitivity --out writes', async () => {
    const res = await http().get(`/v1/sensitivity?period=${PERIOD}&format=csv`).expect(200);
    expect(res.text).toBe(readFileSync(join(work, 'sensitivity.csv'), 'utf8'));
  });

  it('a published release keeps its figures when the source views change', async () => {
    await withClient(svc.database.url, async (c) => {
      await c.query(`UPDATE productivity.v_targets SET productivity_growth = 9, on_track = NOT on_track WHERE run_id = $1`, [run.id]);
      await c.query(`DELETE FROM benchmarking.v_opportunities WHERE run_id = $1`, [run.id]);
    });
    expect((await http().get(`/v1/targets?period=${PERIOD}&format=csv&limit=5000`).expect(200)).text).toBe(computed('targets'));
    expect((await http().get(`/v1/opportunities?release=${releaseId}&format=csv`).expect(200)).text).toBe(computed('opportunities'));
  });
});

describe('JSON and filters', () => {
  const file = (name: string) => readCsv(computed(name));

  it('targets: the file\'s cells under its column names, on_track a boolean; filters level, group, on_track', async () => {
    const all = await http().get('/v1/targets?limit=5000').expect(200).expect('Content-Type', /application\/json/);
    expect(all.body.release).toMatchObject({ id: releaseId, period: PERIOD, status: 'published' });
    const rows = file('targets');
    expect(all.body.total).toBe(rows.length);
    expect(all.body.items[0]).toEqual({ ...rows[0], on_track: rows[0].on_track === 'true', required_output_growth_rest: rows[0].required_output_growth_rest || null,
      required_productivity_growth_rest: rows[0].required_productivity_growth_rest || null, savings_needed_gbp: rows[0].savings_needed_gbp || null,
      projected_full_year_growth: rows[0].projected_full_year_growth || null });
    const onTrack = await http().get('/v1/targets?level=trust&on_track=true').expect(200);
    const expected = rows.filter((r) => r.level === 'trust' && r.on_track === 'true').map((r) => r.group);
    expect(expected.length).toBeGreaterThan(0);
    expect(onTrack.body.items.map((t: Row) => t.group)).toEqual(expected);
    const notOnTrack = await http().get('/v1/targets?level=trust&on_track=false').expect(200);
    expect(notOnTrack.body.total + onTrack.body.total).toBe(rows.filter((r) => r.level === 'trust').length);
    const england = await http().get('/v1/targets?level=national&group=England').expect(200);
    expect(england.body.items).toHaveLength(1);
    expect(england.body.items[0].savings_needed_gbp).toBe(rows.find((r) => r.level === 'national')!.savings_needed_gbp);
  });

  it('targets page and sort like /v1/estimates', async () => {
    const page = await http().get('/v1/targets?limit=2&offset=1').expect(200);
    expect(page.body).toMatchObject({ total: file('targets').length, limit: 2, offset: 1 });
    expect(page.body.items.map((t: Row) => t.group)).toEqual(file('targets').slice(1, 3).map((r) => r.group));
    const sorted = await http().get('/v1/targets?level=trust&sort=productivity_growth&order=desc&limit=5000').expect(200);
    const growths = sorted.body.items.map((t: Row) => Number(t.productivity_growth));
    expect(growths).toEqual([...growths].sort((a, b) => b - a));
  });

  it('index: one trust\'s or group\'s series, the year in progress last', async () => {
    // A trust whose chain runs unbroken to the year in progress (the bundle breaks one early).
    const org = file('index').find((r) => r.level === 'trust' && r.year === '2025/26')!.group;
    const trust = await http().get(`/v1/index?level=trust&group=${org}`).expect(200);
    const expected = file('index').filter((r) => r.level === 'trust' && r.group === org);
    expect(trust.body.items.map((i: Row) => [i.year, i.index])).toEqual(expected.map((r) => [r.year, r.index]));
    expect(trust.body.items[0]).toMatchObject({ year: '2019/20', index: '100', output_growth: null, in_progress: false });
    expect(trust.body.items.at(-1)).toMatchObject({ year: '2025/26', in_progress: true });
    const national = await http().get('/v1/index?level=national').expect(200);
    expect(national.body.items.every((i: Row) => i.group === 'England')).toBe(true);
    expect(national.body.total).toBe(file('index').filter((r) => r.level === 'national').length);
  });

  it('stability: trust rows, England\'s rank stability last and at the top of the answer; one trust', async () => {
    const rows = file('stability');
    const all = await http().get('/v1/stability?limit=5000').expect(200);
    expect(all.body.rank_stability).toBe(rows.at(-1)!.band);
    expect(all.body.items.at(-1)).toMatchObject({ org_code: 'England', band: rows.at(-1)!.band, productivity_growth: null });
    const one = await http().get('/v1/stability?org=RAE').expect(200);
    expect(one.body.items).toEqual([{ ...rows.find((r) => r.org_code === 'RAE')! }]);
  });

  it('sensitivity per trust: each variant\'s growth and the spread', async () => {
    const sens = readCsv(readFileSync(join(work, 'sensitivity.csv'), 'utf8')).find((r) => r.org_code === 'RAE')!;
    const one = await http().get('/v1/sensitivity?org=RAE').expect(200);
    expect(one.body.items).toEqual([{ org_code: 'RAE', period: PERIOD, spread: sens.spread, variants: {
      base: sens.base, equalisation_none: sens.equalisation_none, working_days_on: sens.working_days_on, no_exclusions: sens.no_exclusions, combined_deflator: sens.combined_deflator,
    } }]);
    const widest = await http().get('/v1/sensitivity?sort=spread&order=desc&limit=1').expect(200);
    const spreads = readCsv(readFileSync(join(work, 'sensitivity.csv'), 'utf8')).map((r) => Number(r.spread || -1));
    expect(Number(widest.body.items[0].spread)).toBe(Math.max(...spreads));
  });

  it('a trust\'s pack, and 404 for a trust without one', async () => {
    const pack = await http().get('/v1/trusts/RAE/pack?limit=5000').expect(200);
    const expected = file('opportunities').filter((r) => r.org_code === 'RAE');
    expect(pack.body).toMatchObject({ org_code: 'RAE', total: expected.length });
    expect(pack.body.items.map((o: Row) => `${o.metric}|${o.dimension ?? ''}|${o.opportunity_gbp ?? ''}`)).toEqual(expected.map((r) => `${r.metric}|${r.dimension}|${r.opportunity_gbp}`));
    const csv = await http().get('/v1/trusts/RAE/pack?format=csv').expect(200);
    expect(readCsv(csv.text)).toEqual(expected);
    const missing = await http().get('/v1/trusts/ZZZ99/pack').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body.detail).toBe(`No organisation ZZZ99 in the opportunity packs of the release of ${PERIOD}`);
    expect(missing.body).toMatchObject({ type: 'urn:nhsp:problem:unknown-organisation', org: 'ZZZ99' });
    // Codes match in any case; a filter that finds nothing for a held trust is an empty list, an unheld trust a 404.
    expect((await http().get('/v1/trusts/rae/pack?limit=1').expect(200)).body.org_code).toBe('RAE');
    expect((await http().get('/v1/trusts/RAE/pack?metric=mh_los').expect(200)).body.items).toEqual([]);
    for (const url of ['/v1/opportunities?org=ZZZ99', '/v1/opportunities?org=ZZZ99&metric=corporate', '/v1/stability?org=ZZZ99', '/v1/sensitivity?org=ZZZ99']) {
      const res = await http().get(url);
      expect({ url, status: res.status, type: res.body.type, detail: res.body.detail }).toEqual({ url, status: 404, type: 'urn:nhsp:problem:unknown-organisation', detail: expect.stringContaining('No organisation ZZZ99') });
    }
    expect((await http().get('/v1/stability?org=england').expect(200)).body.items).toHaveLength(1);
  });

  it('a category across trusts with the benchmarks it is measured against', async () => {
    const hr = await http().get('/v1/opportunities/corporate?dimension=hr').expect(200);
    const expected = file('opportunities').filter((r) => r.metric === 'corporate' && r.dimension === 'hr');
    expect(hr.body.metric).toBe('corporate');
    expect(hr.body.items.map((o: Row) => o.org_code)).toEqual(expected.map((r) => r.org_code));
    expect(hr.body.benchmarks).toEqual([{ dimension: 'hr', benchmark_group: 'England', benchmark: expected[0].benchmark, trusts: expected.filter((r) => r.benchmark).length }]);
    const peer = await http().get('/v1/opportunities/cost_index?dimension=elective').expect(200);
    expect(new Set(peer.body.benchmarks.map((b: Row) => b.benchmark_group))).toEqual(new Set(['Acute - Teaching', 'Acute - Large']));
    const filtered = await http().get('/v1/opportunities?metric=mh_los&sector=mental_health&format=csv').expect(200);
    expect(readCsv(filtered.text)).toEqual(file('opportunities').filter((r) => r.metric === 'mh_los' && r.sector === 'mental_health'));
  });

  it('indicators: filters level, group, indicator, window', async () => {
    const theatre = await http().get('/v1/indicators?indicator=theatre_utilisation&level=trust&limit=5000').expect(200);
    const expected = file('indicators').filter((r) => r.indicator === 'theatre_utilisation' && r.level === 'trust');
    expect(expected.length).toBeGreaterThan(0);
    expect(theatre.body.items.map((i: Row) => [i.group, i.window, i.current, i.change, i.change_kind])).toEqual(expected.map((r) => [r.group, r.window, r.current, r.change, r.change_kind]));
    const month = await http().get('/v1/indicators?window=month&limit=5000').expect(200);
    expect(month.body.total).toBe(file('indicators').filter((r) => r.window === 'month').length);
  });
});

describe("the report's rows of a release (releasePlanRows)", () => {
  it('are the release\'s copy, named as the owners\' views name their columns', async () => {
    const release = (await svc.app.get(ReleaseVisibility).find(releaseId))!;
    const reads = releasePlanRows(svc.app.get(DataSource), release);
    const targets = await reads.targets();
    expect(targets.map((t) => `${t.level}|${t.group_name}|${t.on_track}`)).toEqual(readCsv(computed('targets')).map((r) => `${r.level}|${r.group}|${r.on_track}`));
    const org = readCsv(computed('index')).find((r) => r.level === 'trust' && r.year === '2025/26')!.group;
    const index = await reads.index('trust', org);
    expect(index.map((i) => i.index_value)).toEqual(readCsv(computed('index')).filter((r) => r.level === 'trust' && r.group === org).map((r) => r.index));
    expect(index.at(-1)).toMatchObject({ period: PERIOD, group_name: org, in_progress: true });
    expect(await reads.stability('RAE')).toMatchObject({ org_code: 'RAE', period: PERIOD, band: readCsv(computed('stability')).find((r) => r.org_code === 'RAE')!.band });
    expect(await reads.stability('England')).toBeNull();
    expect(await reads.rankStability()).toEqual({ period: PERIOD, rank_stability: readCsv(computed('stability')).at(-1)!.band });
    expect((await reads.sensitivity('RAE')).map((r) => r.variant).sort()).toEqual(['base', 'combined_deflator', 'equalisation_none', 'no_exclusions', 'working_days_on']);
    expect((await reads.opportunities('RAE')).map((o) => o.metric)).toEqual(readCsv(computed('opportunities')).filter((r) => r.org_code === 'RAE').map((r) => r.metric));
    const indicators = await reads.indicators('trust', 'RAE');
    expect(indicators.map((i) => `${i.indicator}|${i.window}`)).toEqual(
      readCsv(computed('indicators')).filter((r) => r.level === 'trust' && r.group === 'RAE').map((r) => `${r.indicator}|${r.window}`));
    // The stand-in run's settings name no threshold: it ran with the default.
    expect(await reads.unstableBand()).toBe('0.02');
    expect(unstableBandOf({ manifest: { settings: { thresholds: { unstableBand: 0.019 } } } as never })).toBe('0.019');
  });
});

describe("the report's parts read the release through releasePlanRows (PlanReads)", () => {
  it('England, a trust and its pack are assembled from the release and render', async () => {
    const release = (await svc.app.get(ReleaseVisibility).find(releaseId))!;
    const reads: PlanReads = releasePlanRows(svc.app.get(DataSource), release);
    const england = await englandParts(reads, PERIOD);
    expect(england.plan.targets).toHaveLength(readCsv(computed('targets')).length);
    expect(england.plan.index.map((r) => r.year).at(-1)).toBe('2025/26');
    expect(englandPlanSection(england.plan).toString()).toContain('plan');
    const trust = { org_code: 'RAE', name: 'BRADFORD TEACHING HOSPITALS NHS FOUNDATION TRUST', sector: 'acute', peer_group: 'Acute - Teaching' };
    const { plan } = await trustParts(reads, PERIOD, trust);
    expect(plan.target?.group_name).toBe('RAE');
    expect(plan.sensitivity.length).toBe(5);
    expect(new Set(plan.peerIndex.map((r) => r.group_name))).toEqual(new Set(['Acute - Teaching']));
    expect(trustPlanSection(plan).toString().length).toBeGreaterThan(0);
    const pack = await packParts(reads, PERIOD, trust);
    expect(pack.rows.length).toBe(readCsv(computed('opportunities')).filter((r) => r.org_code === 'RAE').length);
    expect(packPage(pack).toString()).toContain('RAE');
  });
});

describe('bad input is a 400 problem, never a 500', () => {
  it.each([
    ['/v1/targets?level=county', 'level'],
    ['/v1/targets?on_track=yes', 'on_track'],
    ['/v1/targets?level=trust&level=national', 'level'],
    ['/v1/targets?group[a]=b', 'group[a]'],
    ['/v1/targets?colour=blue', 'colour'],
    ['/v1/targets?sort=constructor', 'sort'],
    ['/v1/targets?sort=__proto__', 'sort'],
    ['/v1/index?order=desc', 'order'],
    ['/v1/index?limit=0', 'limit'],
    ['/v1/index?offset=-1', 'offset'],
    ['/v1/stability?period=2025-13', 'period'],
    ['/v1/stability?period=2025-10&period=2025-09', 'period'],
    ['/v1/stability?release=nope', 'release'],
    ['/v1/stability?org=R%27%3B--', 'org'],
    ['/v1/sensitivity?format=xml', 'format'],
    ['/v1/opportunities?metric=cost_per_widget', 'metric'],
    ['/v1/opportunities?sector=dental', 'sector'],
    ['/v1/opportunities/cost_per_widget', 'metric'],
    ['/v1/opportunities/corporate?org=RAE', 'org'],
    ['/v1/trusts/R%20AE/pack', 'org'],
    ['/v1/trusts/RAE/pack?metric=toString', 'metric'],
    ['/v1/indicators?indicator=happiness', 'indicator'],
    ['/v1/indicators?window=week', 'window'],
    [`/v1/indicators?group=${'x'.repeat(201)}`, 'group'],
  ])('%s', async (url, path) => {
    const res = await http().get(url);
    expect({ url, status: res.status, type: res.headers['content-type'] }).toEqual({ url, status: 400, type: expect.stringMatching(/application\/problem\+json/) });
    expect(res.body).toMatchObject({ type: 'urn:nhsp:problem:validation', status: 400 });
    expect(res.body.errors[0].path).toBe(path);
  });
});

describe('the XLSX download', () => {
  it('has Target, Index, Opportunities and Indicators sheets with the numbers of the CSVs', async () => {
    const res = await http().get(`/v1/releases/${releaseId}/download.xlsx`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Trusts', 'Sectors', 'Target', 'Index', 'Opportunities', 'Indicators', 'Notes', 'Manifest']);
    for (const [sheetName, file] of [['Target', 'targets'], ['Index', 'index'], ['Opportunities', 'opportunities'], ['Indicators', 'indicators']] as const) {
      const sheet = book.getWorksheet(sheetName)!;
      const [header, ...rows] = parse(computed(file), { skip_empty_lines: true }) as string[][];
      expect(sheet.getRow(1).values).toEqual([undefined, ...header]);
      expect(sheet.rowCount).toBe(rows.length + 1);
      for (const [i, row] of rows.entries()) {
        const cells = (sheet.getRow(i + 2).values as unknown[]).slice(1);
        const asCsv = header.map((_, c) => (cells[c] === undefined || cells[c] === null ? '' : cells[c]));
        // Numbers are numbers (the CSV's text read as a number), everything else the CSV's text.
        expect({ sheetName, row: i, cells: asCsv }).toEqual({ sheetName, row: i, cells: row.map((cell, c) => (typeof asCsv[c] === 'number' ? Number(cell) : cell)) });
      }
      // Each column at least as wide as its longest text (within the 80-character bound), every
      // font named and sized, the header bold.
      const narrow: unknown[] = [];
      header.forEach((name, c) => {
        const texts = rows.map((_, i) => sheet.getRow(i + 2).getCell(c + 1).value).filter((v): v is string => typeof v === 'string');
        const longest = Math.max(name.length, ...texts.map((t) => t.length));
        const width = sheet.getColumn(c + 1).width;
        if (!(width! >= Math.min(80, longest))) narrow.push({ sheetName, name, width, longest });
        expect(sheet.getRow(1).getCell(c + 1).font).toEqual({ name: 'Arial', size: 10, bold: true });
        expect(sheet.getRow(2).getCell(c + 1).font).toEqual({ name: 'Arial', size: 10 });
      });
      expect(narrow).toEqual([]);
      const numeric = rows.flatMap((row, i) => row.filter((_, c) => typeof (sheet.getRow(i + 2).values as unknown[])[c + 1] === 'number'));
      expect({ sheetName, numbers: numeric.length > 0 }).toEqual({ sheetName, numbers: true });
    }
    // Shown as a board reads them: growth as percentages, pounds with separators.
    const target = book.getWorksheet('Target')!;
    expect(target.getRow(2).getCell(4).numFmt).toBe('0.00%');
    expect(target.getRow(2).getCell(9).numFmt).toBe('#,##0.00');
  });
});

describe('the OpenAPI document', () => {
  it('describes every plan and pack route with its filters', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }> };
    for (const path of ['/v1/targets', '/v1/index', '/v1/stability', '/v1/sensitivity', '/v1/opportunities', '/v1/opportunities/{metric}', '/v1/trusts/{org}/pack', '/v1/indicators']) {
      expect({ path, get: Boolean(doc.paths[path]?.get) }).toEqual({ path, get: true });
    }
    const names = (path: string) => doc.paths[path].get!.parameters!.map((p) => p.name);
    expect(names('/v1/targets')).toEqual(expect.arrayContaining(['level', 'group', 'on_track', 'period', 'release', 'format', 'sort', 'order', 'limit', 'offset']));
    expect(names('/v1/indicators')).toEqual(expect.arrayContaining(['level', 'group', 'indicator', 'window']));
  });
});

// Last: the latest period becomes 2026-03, which the default-period answers above must not see.
describe('Month 12', () => {
  it('the CSVs equal compute\'s files at 2026-03 (no year in progress, no rest of year)', async () => {
    const year = await insertRun(svc.database.url, '2026-03', 'provisional', 1);
    const dir = join(work, 'computed-2026-03');
    computeGoldenPeriod('2026-03', dir);
    await loadComputedPlanAndPacks(svc.database.url, year.id, '2026-03', dir);
    const assembly = svc.app.get(ReleaseAssembly);
    const publishing = svc.app.get(ReleasePublishing);
    await publishing.publish((await assembly.assemble(year.id)).id);
    for (const file of FILES) {
      const res = await http().get(`/v1/${file}?period=2026-03&format=csv`).expect(200);
      expect({ file, text: res.text }).toEqual({ file, text: readFileSync(join(dir, `${file}.csv`), 'utf8') });
    }
    // The earlier period's release is unchanged beside it.
    expect((await http().get(`/v1/targets?period=${PERIOD}&format=csv`).expect(200)).text).toBe(computed('targets'));

    // Its sensitivity comes after the release (productivity computes it at low priority): none
    // yet, then copied in once it is there, then never changed.
    const pending = await http().get('/v1/sensitivity?period=2026-03&org=RAE').expect(200);
    expect(pending.body).toMatchObject({ total: 0, items: [] });
    await withClient(svc.database.url, (c) => c.query(
      `INSERT INTO productivity.v_sensitivity VALUES ($1, 'RAE', 'base', 0.01, 0.004), ($1, 'RAE', 'no_exclusions', 0.014, 0.004)`, [year.id]));
    const arrived = await http().get('/v1/sensitivity?period=2026-03&org=RAE').expect(200);
    expect(arrived.body.items).toEqual([{ org_code: 'RAE', period: '2026-03', variants: { base: '0.01', no_exclusions: '0.014' }, spread: '0.004' }]);
    await withClient(svc.database.url, (c) => c.query(`UPDATE productivity.v_sensitivity SET spread = 0.5 WHERE run_id = $1`, [year.id]));
    expect((await http().get('/v1/sensitivity?period=2026-03&format=csv').expect(200)).text).toBe('org_code,period,base,no_exclusions,spread\nRAE,2026-03,0.01,0.014,0.004\n');
  }, 60_000);
});
