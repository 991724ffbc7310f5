// `npm run demo -- --once --out DIR` as a user runs it (a child process), on its own database
// and ports: it must exit 0 and leave the published CSVs of 2026-03, which must be exactly what
// `nhsp compute` writes for the history bundle it published (which it leaves in DIR/bundle), and
// the release's other published artefacts (downloads, API description, report pages), each
// agreeing with those CSVs.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, TestDatabase } from '@nhsp/testing';
import { PUBLISHED_FILES } from './run-demo';

const ROOT = resolve(__dirname, '..', '..');
let work: string;
let database: TestDatabase;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nhsp-demo-'));
  database = await createTestDatabase('nhsp_demo');
});
afterAll(async () => {
  await database?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer().once('error', () => done(false));
    server.listen(port, '0.0.0.0', () => server.close(() => done(true)));
  });
}

/** Seven consecutive free ports (dashboard + six services). */
async function freePortRange(): Promise<number> {
  for (let base = 23101; base < 40000; base += 17) {
    const ports = Array.from({ length: 7 }, (_, i) => base - 1 + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no 7 consecutive free ports');
}

it('npm run demo -- --once --out DIR publishes the history it needs and writes the latest month as nhsp compute does', async () => {
  const firstPort = await freePortRange();
  const out = join(work, 'out');
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = execFile(
      process.execPath,
      [join(ROOT, 'tools/scripts/demo.mjs'), '--once', '--out', out],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url, DEMO_FIRST_PORT: String(firstPort), REDIS_URL: '', DB_POOL_SIZE: '5', WORKER_CONCURRENCY: '2' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
  expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
  // Every month of FY 2025/26 and Month 12 of 2020/21 to 2024/25 (DEMO_PERIODS of run-demo.ts).
  expect(stdout).toContain('releases published 17/17');
  // 194 trusts, one of them without activity for 2025-08.
  expect(stdout).toMatch(/national\s+England\s+193/);
  expect(stdout).toContain(`http://127.0.0.1:${firstPort + 5}/docs`);

  // The bundle it published: the history, with every optional return.
  expect(readdirSync(join(out, 'bundle')).sort()).toEqual(
    ['README.md', 'activity.csv', 'cost_weights.csv', 'deflators.csv', 'finance.csv', 'medicines.csv', 'operations.csv', 'trust_costs.csv', 'trusts.csv', 'unit_costs.csv', 'workforce.csv'],
  );
  expect(readFileSync(join(out, 'bundle', 'README.md'), 'utf8')).toContain('--from 2019-04 --to 2026-03');
  execFileSync(process.execPath, [join(ROOT, 'tools/cli/bin/nhsp.js'), 'compute', '--data', join(out, 'bundle'), '--period', '2026-03', '--out', join(work, 'computed')], { cwd: ROOT, stdio: 'pipe' });
  // The plan view (targets, index, stability) and the packs (opportunities, indicators) too.
  for (const file of PUBLISHED_FILES.map((name) => `${name}.csv`)) {
    expect({ file, text: readFileSync(join(out, file), 'utf8') }).toEqual({ file, text: readFileSync(join(work, 'computed', file), 'utf8') });
  }
  expect(readFileSync(join(out, 'targets.csv'), 'utf8').trim().split('\n').length).toBeGreaterThan(100);
  expect(readFileSync(join(out, 'opportunities.csv'), 'utf8').trim().split('\n').length).toBeGreaterThan(194);

  // The release in NHS England's layout has the same trusts and growths as estimates.csv.
  const estimates = readFileSync(join(out, 'estimates.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const orgs = estimates.map((cells) => cells[0]);
  const release = readFileSync(join(out, 'release.csv'), 'utf8').trim().split('\n');
  expect(release[0]).toBe('Org code,Org name,Region,Peer group,Cost weighted activity growth,Real terms resource growth,Productivity growth estimate,Vintage,Notes');
  expect(release.slice(1).map((line) => line.split(',')[0])).toEqual(orgs);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(join(out, 'release.xlsx')) as unknown as ArrayBuffer);
  expect(book.worksheets.map((w) => w.name)).toEqual(['Trusts', 'Sectors', 'Target', 'Index', 'Opportunities', 'Indicators', 'Notes', 'Manifest']);
  for (const [sheet, file] of [['Target', 'targets.csv'], ['Index', 'index.csv'], ['Opportunities', 'opportunities.csv'], ['Indicators', 'indicators.csv']]) {
    expect({ sheet, rows: book.getWorksheet(sheet)!.rowCount }).toEqual({ sheet, rows: readFileSync(join(out, file), 'utf8').trim().split('\n').length });
  }
  expect(book.getWorksheet('Trusts')!.rowCount).toBe(orgs.length + 1);
  const openapi = JSON.parse(readFileSync(join(out, 'openapi.json'), 'utf8'));
  expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/estimates', '/v1/releases/{id}/download.xlsx', '/report', '/report/trusts/{org}']));
  expect(readFileSync(join(out, 'england.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  const pages = readdirSync(out).filter((f) => /^trust-.+\.html$/.test(f)).sort();
  expect(pages).toEqual(orgs.map((org) => `trust-${org}.html`).sort());
  expect(readFileSync(join(out, `trust-${orgs[0]}.html`), 'utf8')).toContain(orgs[0]);
}, 400_000);
