// Downloads of a published release in NHS England's layout: CSV and XLSX, read back as a user
// would (the XLSX with exceljs), with a hostile trust name in the stand-in data.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { TestService } from '@nhsp/testing';
import { dosDateTime, entryTimes } from '../src/downloads/zip-times';
import { ReleaseAssembly } from '../src/release-assembly';
import { ReleaseVisibility } from '../src/release-visibility';
import { FakeRun, insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const ADMIN_KEY = 'downloads-spec-admin-key-0123456789ab';
const HOSTILE = '=HYPERLINK("http://evil.example","Click")';
let svc: TestService;
let run: FakeRun;
let releaseId: string;
const http = () => request(svc.app.getHttpServer());

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'true', ADMIN_API_KEY: ADMIN_KEY, GIT_SHA: 'feedbee' });
  run = await insertRun(svc.database.url, '2025-06', 'provisional', 1);
  await withClient(svc.database.url, (c) =>
    c.query(
      `INSERT INTO productivity.v_estimates VALUES ($1,'RCC',$2,'acute','@London','-peer',3,'valid',1000,990,'-0.01',1000,1000,'0','-0.01',ARRAY['OUTLIER','TRUST_NOTIFICATION'])`,
      [run.id, HOSTILE],
    ),
  );
  await withClient(svc.database.url, async (c) => {
    await c.query(`INSERT INTO productivity.v_aggregates VALUES ($1, 'peer_group', '@SUM(1+1)', 1, '1000', '990', '-0.01', '1000', '1000', '0', '-0.01')`, [run.id]);
    await c.query(`INSERT INTO benchmarking.v_benchmarks VALUES ($1, 'RCC', '+1+2', 'peer_group', 'cost_per_wau', '1.9', '1.5', '10', null, '50', 1, 2)`, [run.id]);
  });
  releaseId = (await svc.app.get(ReleaseAssembly).assemble(run.id)).id;
});
afterAll(() => svc?.stop());

const dosKey = (at: Date) => {
  const { dosDate, dosTime } = dosDateTime(at);
  return `${dosDate}:${dosTime}`;
};

/** supertest parser that keeps the body as bytes (the XLSX is a zip). */
const binary = (res: request.Response, done: (error: Error | null, body: unknown) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('downloads', () => {
  it('CSV: NHS England columns, growth as exact fractions, flags in words, formulas neutralised', async () => {
    const res = await http().get(`/v1/releases/${releaseId}/download.csv`).expect(200).expect('Content-Type', /text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="productivity-2025-06-provisional.csv"');
    expect(res.text).toBe([
      'Org code,Org name,Region,Peer group,Cost weighted activity growth,Real terms resource growth,Productivity growth estimate,Vintage,Notes',
      'RAA,"Alpha, ""General"" Hospital",London,large_acute,0.1,0.05,0.047619047619047619,provisional,Restated: the trust resubmitted activity or finance for a month since the previous vintage',
      // A code without words (not in methodology.md §6) is kept as the code rather than dropped.
      'RBB,Beta Trust,North West,mental_health,,,,provisional,"Missing data: a month of the period or of the year before has no activity or no finance, so no estimate is published; LOW_COVERAGE"',
      // Text a spreadsheet would run gets a leading apostrophe; -0.01 stays a number.
      `RCC,"'=HYPERLINK(""http://evil.example"",""Click"")",'@London,'-peer,-0.01,0,-0.01,provisional,Outlier: productivity growth outside plus or minus 10%; The trust raised a data notification about this period`,
      '',
    ].join('\n'));
  });

  it('every CSV of the public API neutralises such text too, and only the CSV: JSON keeps it as it is', async () => {
    const rows = (text: string): Record<string, string>[] => parse(text, { columns: true });
    const estimates = rows((await http().get('/v1/estimates?format=csv').expect(200)).text).find((r) => r.org_code === 'RCC')!;
    expect([estimates.name, estimates.peer_group, estimates.productivity_growth]).toEqual([`'${HOSTILE}`, "'-peer", '-0.01']);
    const series = rows((await http().get('/v1/trusts/RCC/series').set('Accept', 'text/csv').expect(200)).text);
    expect(series.map((r) => [r.name, r.peer_group])).toEqual([[`'${HOSTILE}`, "'-peer"]]);
    const aggregates = rows((await http().get('/v1/aggregates?format=csv&level=peer_group').expect(200)).text);
    expect(aggregates.map((r) => r.group)).toContain("'@SUM(1+1)");
    const benchmarks = rows((await http().get('/v1/benchmarks?format=csv&org=RCC').expect(200)).text);
    expect(benchmarks.map((r) => [r.peer_group, r.value])).toEqual([["'+1+2", '1.9']]);
    const json = (await http().get('/v1/estimates?org=RCC').expect(200)).body.items[0];
    expect([json.name, json.peer_group]).toEqual([HOSTILE, '-peer']);
  });

  it('XLSX: sheets Trusts, Sectors, the plan view and packs (plan-packs.spec.ts checks them) and Notes; no cell is a formula; growth is a number shown as a percentage', async () => {
    const res = await http().get(`/v1/releases/${releaseId}/download.xlsx`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Trusts', 'Sectors', 'Target', 'Index', 'Opportunities', 'Indicators', 'Notes', 'Manifest']);

    const formulas: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula || cell.formula) formulas.push(`${sheet.name}!${cell.address}`);
    })));
    expect(formulas).toEqual([]);

    const trusts = book.getWorksheet('Trusts')!;
    expect(trusts.getRow(1).values).toEqual([undefined, 'Org code', 'Org name', 'Region', 'Peer group', 'Cost weighted activity growth',
      'Real terms resource growth', 'Productivity growth estimate', 'Vintage', 'Notes']);
    const raa = trusts.getRow(2);
    expect(raa.getCell(1).value).toBe('RAA');
    expect(raa.getCell(5).value).toBe(0.1);
    expect(raa.getCell(7).value).toBeCloseTo(1 / 21, 15);
    expect(raa.getCell(7).numFmt).toBe('0.00%');
    expect(trusts.getRow(3).getCell(5).value).toBeNull();
    const rcc = trusts.getRow(4);
    expect(rcc.getCell(2).value).toBe(`'${HOSTILE}`);
    expect(rcc.getCell(3).value).toBe(`'@London`);
    expect(rcc.getCell(7).value).toBe(-0.01);

    // Every aggregate the release has (/v1/aggregates): England, sectors, regions, peer groups, broad to narrow.
    const aggregates = (await http().get('/v1/aggregates?limit=1000').expect(200)).body.items as Array<{ level: string; group: string; trusts: number }>;
    const order = ['national', 'sector', 'region', 'peer_group'];
    const expected = order.flatMap((level) => aggregates.filter((a) => a.level === level).map((a) => [a.level, a.group, a.trusts]));
    expect(expected.map((r) => r[0])).toEqual(expect.arrayContaining(['national', 'sector', 'peer_group']));
    expect(expected).toHaveLength(aggregates.length);
    const sectors = book.getWorksheet('Sectors')!;
    const sectorCells = sectors.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1, 4).map((v) => (typeof v === 'string' ? v.replace(/^'/, '') : v)));
    expect(sectorCells).toEqual(expected);
    expect(sectors.getRow(2).getCell(6).value).toBeCloseTo(1 / 21, 15);

    const lines = (name: string) => {
      const out = new Map<string, string>();
      let label = '';
      book.getWorksheet(name)!.eachRow((row) => {
        label = row.getCell(1).value === null ? label : String(row.getCell(1).value);
        out.set(row.getCell(1).value === null ? `${label} ${row.number}` : label, String(row.getCell(2).value ?? ''));
      });
      return out;
    };
    const notes = lines('Notes');
    expect(notes.get('Method')).toMatch(/^Productivity growth = \(1 \+ cost weighted activity growth\)/);
    // Only methodology §5's vintages are named (there is no plain "final").
    const vintages = [...notes.values()].find((line) => line.startsWith('Vintages:'))!;
    expect([...vintages.matchAll(/(\w+) \(/g)].map((m) => m[1])).toEqual(['provisional', 'provisional_revised', 'final_revised']);
    expect(vintages.replace(/final_revised/g, '')).not.toMatch(/\bfinal\b/);
    expect(notes.get('Caveats')).toMatch(/empty growth rate/);
    expect([...notes.values()]).toContain('Outlier: productivity growth outside plus or minus 10%.');
    expect(Object.fromEntries(['Release id', 'Productivity run', 'Code version', 'Weight set id', 'Deflator set id', 'Setting equalisation', 'Input fingerprint'].map((k) => [k, notes.get(k)]))).toEqual({
      'Release id': releaseId,
      'Productivity run': run.id,
      'Code version': 'feedbee',
      'Weight set id': 'ws-1',
      'Deflator set id': 'ds-1',
      'Setting equalisation': 'opproc-dc',
      'Input fingerprint': `fp-${run.id}`,
    });
    // The run's inputs (every submission hash) are in Manifest, and only there.
    expect([...notes.keys()].filter((k) => k.startsWith('Input ') && k !== 'Input fingerprint')).toEqual([]);
    expect([...notes.values()]).not.toContain('abc');
    expect(Object.fromEntries(lines('Manifest'))).toEqual({ Input: 'Value', 'Input batches': 'b-1, b-2', 'Input weightSetId': 'ws-1', 'Input deflatorSetId': 'ds-1', 'Input submissions RAA|2025-04': 'abc' });
  });

  it('XLSX: every font named and sized (headers bold), columns as wide as their content, empty cells blank', async () => {
    const res = await http().get(`/v1/releases/${releaseId}/download.xlsx`).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const unnamed: string[] = [];
    const empty: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell({ includeEmpty: true }, (cell) => {
      if (!cell.font?.name || !cell.font?.size) unnamed.push(`${sheet.name}!${cell.address}`);
      if (cell.value === '') empty.push(`${sheet.name}!${cell.address}`);
    })));
    expect(unnamed).toEqual([]);
    expect(empty).toEqual([]);
    for (const name of ['Trusts', 'Sectors', 'Target', 'Index', 'Opportunities', 'Indicators', 'Manifest']) {
      const header = book.getWorksheet(name)!.getRow(1);
      header.eachCell((cell) => expect({ name, at: cell.address, font: cell.font }).toEqual({ name, at: cell.address, font: { name: 'Arial', size: 10, bold: true } }));
    }
    const trusts = book.getWorksheet('Trusts')!;
    expect(trusts.getCell('B2').font).toEqual({ name: 'Arial', size: 10 });
    const orgNames = trusts.getColumn(2).values.slice(2).map((v) => String(v));
    expect(Math.max(...orgNames.map((n) => n.length))).toBe(HOSTILE.length + 1);
    expect(trusts.getColumn(2).width).toBeGreaterThanOrEqual(HOSTILE.length + 1);
    expect(trusts.getColumn(2).width).toBeLessThanOrEqual(80);
    expect(trusts.getColumn(1).width).toBeLessThan(trusts.getColumn(2).width!);
    // RBB has no estimate: its growth cells are blanks, with no value at all (not an empty string).
    expect([trusts.getCell('E3').value, trusts.getCell('E3').type]).toEqual([null, ExcelJS.ValueType.Null]);
    const notes = book.getWorksheet('Notes')!;
    expect([notes.getCell('A2').value, notes.getCell('A2').type, notes.getCell('B2').type]).toEqual([null, ExcelJS.ValueType.Null, ExcelJS.ValueType.String]);
  });

  it('the same release gives the same file: ETag and 304, however long after the first download', async () => {
    const first = await http().get(`/v1/releases/${releaseId}/download.xlsx`).buffer(true).parse(binary).expect(200);
    // Zip entry times have a two-second resolution: past it, a file stamped with the request's
    // time could no longer come out the same.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const again = await http().get(`/v1/releases/${releaseId}/download.xlsx`).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(again.body as Buffer, first.body as Buffer)).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    await http().get(`/v1/releases/${releaseId}/download.xlsx`).set('If-None-Match', first.headers.etag).expect(304);

    // Every entry carries the release's time, not the request's.
    const release = (await svc.app.get(ReleaseVisibility).visibleRelease({ releaseId }, undefined))!;
    const times = entryTimes(first.body as Buffer);
    expect(times.length).toBeGreaterThan(5);
    expect(new Set(times.map((t) => `${t.dosDate}:${t.dosTime}`))).toEqual(new Set([dosKey(new Date(release.publishedAt ?? release.createdAt))]));
  });

  it('unknown and malformed release ids are problem details', async () => {
    const missing = await http().get('/v1/releases/00000000-0000-4000-8000-000000000000/download.csv').expect(404);
    expect(missing.body).toMatchObject({ type: 'urn:nhsp:problem:not-found', status: 404 });
    await http().get('/v1/releases/nope/download.xlsx').expect(400);
  });
});
