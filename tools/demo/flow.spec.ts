// The whole flow in one process, as a user runs it: a generated bundle uploaded to ingestion,
// cost weights, deflators, productivity, benchmarking and publication reacting to each other's
// messages, and the published estimates, benchmarks, plan view and packs checked against `nhsp
// compute` on the same bundle.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createTestDatabase, TestDatabase, testEnv } from '@nhsp/testing';
import { dataOf, publicationClient } from '../openapi/publication-client';
import { getCsv } from './client';
import { runPipeline } from './pipeline';
import { demoAddresses } from './run-demo';
import { startStack, Stack } from './stack';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'tools/cli/bin/nhsp.js');
const PERIODS = ['2025-04', '2025-05', '2025-06'];
const GROWTHS = ['output_growth', 'input_growth', 'productivity_growth'] as const;

type Row = Record<string, string>;
const readCsv = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true });

let work: string;
let database: TestDatabase;
let stack: Stack | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nhsp-flow-'));
  execFileSync(process.execPath, [CLI, 'generate', '--out', join(work, 'bundle'), '--trusts', '12', '--from', '2024-04', '--to', '2025-06'], { cwd: ROOT, stdio: 'pipe' });
  execFileSync(process.execPath, [CLI, 'compute', '--data', join(work, 'bundle'), '--period', '2025-06', '--out', join(work, 'computed')], { cwd: ROOT, stdio: 'pipe' });
  database = await createTestDatabase('nhsp_flow');
  // Small pools: this stack shares the test server with other suites (100 connections).
  stack = await startStack({ env: testEnv(database.url, { AUTO_PUBLISH: 'true', SWAGGER: 'false', DB_POOL_SIZE: '3', WORKER_CONCURRENCY: '2' }) });

}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await database?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('publishes, for an uploaded bundle, the estimates that nhsp compute gives for the same bundle', async () => {
  await runPipeline(stack!, { bundleDir: join(work, 'bundle'), periods: PERIODS, timeoutMs: 150_000 });

  const published = readCsv(await getCsv(`${stack!.urls.publication}/v1/estimates?period=2025-06`));
  const computed = readCsv(readFileSync(join(work, 'computed', 'estimates.csv'), 'utf8'));
  expect(published.map((r) => r.org_code)).toEqual(computed.map((r) => r.org_code));
  expect(published).toHaveLength(12);
  for (const [i, pub] of published.entries()) {
    const exp = computed[i];
    for (const column of GROWTHS) {
      if (exp[column] === '') expect({ org: pub.org_code, column, value: pub[column] }).toEqual({ org: exp.org_code, column, value: '' });
      else expect(Math.abs(Number(pub[column]) - Number(exp[column]))).toBeLessThan(1e-9);
    }
    expect({ org: pub.org_code, flags: pub.flags }).toEqual({ org: exp.org_code, flags: exp.flags });
    expect(pub.vintage).toBe('provisional');
  }
  // Some trusts must have figures, or the comparison above proves little.
  expect(published.filter((r) => r.productivity_growth !== '').length).toBeGreaterThan(6);

  const aggregates = readCsv(await getCsv(`${stack!.urls.publication}/v1/aggregates?period=2025-06`));
  const key = (r: Row) => `${r.level}|${r.group}`;
  const expected = new Map(readCsv(readFileSync(join(work, 'computed', 'aggregates.csv'), 'utf8')).map((r) => [key(r), r]));
  expect(aggregates.map(key).sort()).toEqual([...expected.keys()].sort());
  for (const row of aggregates) {
    for (const column of GROWTHS) {
      const exp = expected.get(key(row))![column];
      if (exp === '') expect(row[column]).toBe('');
      else expect(Math.abs(Number(row[column]) - Number(exp))).toBeLessThan(1e-9);
    }
  }
  // Benchmarks: everything benchmarking stored for the run is published, and it is what nhsp
  // compute's benchmarks.csv holds, category for category.
  const release = dataOf(await publicationClient(stack!.urls.publication).GET('/v1/releases/latest'));
  const benchmarks = readCsv(await getCsv(`${stack!.urls.publication}/v1/benchmarks?period=2025-06`));
  expect(benchmarks.length).toBeGreaterThan(0);
  expect(benchmarks).toHaveLength(release.manifest!.counts.benchmarks);
  const bkey = (r: Row) => `${r.org_code}|${r.peer_group}|${r.metric}`;
  const computedBenchmarks = new Map(readCsv(readFileSync(join(work, 'computed', 'benchmarks.csv'), 'utf8')).map((r) => [bkey(r), r]));
  expect(benchmarks.map(bkey).sort()).toEqual([...computedBenchmarks.keys()].sort());
  for (const row of benchmarks) {
    const exp = computedBenchmarks.get(bkey(row))!;
    for (const column of ['value', 'benchmark', 'opportunity_gbp', 'score']) {
      if (exp[column] === '' || row[column] === '') expect({ key: bkey(row), column, value: row[column] }).toEqual({ key: bkey(row), column, value: exp[column] });
      else expect(Math.abs(Number(row[column]) - Number(exp[column]))).toBeLessThanOrEqual(column === 'opportunity_gbp' ? 0.01 : 1e-9 * Math.max(1, Math.abs(Number(exp[column]))));
    }
  }
}, 180_000);

/** Columns given to 2 dp (money and units): they agree to a penny; every other measure to 1e-9 relative. */
const TWO_DP = new Set(['savings_needed_gbp', 'opportunity_units', 'opportunity_gbp']);
const TEXT = new Set(['level', 'group', 'period', 'year', 'on_track', 'org_code', 'sector', 'metric', 'dimension', 'benchmark_group', 'unit', 'missing', 'indicator', 'window', 'change_kind']);

/** The published CSV against compute's file: same columns, same rows in the same order, the same figures. */
function expectSameFile(file: string, published: string, computedText: string): void {
  const [pubHeader] = published.split('\n');
  expect({ file, header: pubHeader }).toEqual({ file, header: computedText.split('\n')[0] });
  const pub = readCsv(published);
  const exp = readCsv(computedText);
  expect({ file, rows: pub.length }).toEqual({ file, rows: exp.length });
  const differences: string[] = [];
  for (const [i, row] of pub.entries()) {
    for (const [column, expected] of Object.entries(exp[i])) {
      const value = row[column];
      const same = TEXT.has(column) || expected === '' || value === ''
        ? value === expected
        : Math.abs(Number(value) - Number(expected)) <= (TWO_DP.has(column) ? 0.01 : 1e-9 * Math.max(1, Math.abs(Number(expected))));
      if (!same) differences.push(`${file} row ${i + 2} ${column}: published ${value}, computed ${expected}`);
    }
  }
  expect(differences.slice(0, 20)).toEqual([]);
}

it('publishes the packs and indicators (issue 14) that nhsp compute writes for the same bundle', async () => {
  for (const file of ['opportunities', 'indicators']) {
    const published = await getCsv(`${stack!.urls.publication}/v1/${file}?period=2025-06`);
    const computedText = readFileSync(join(work, 'computed', `${file}.csv`), 'utf8');
    expect({ file, rows: readCsv(computedText).length > 12 }).toEqual({ file, rows: true });
    expectSameFile(file, published, computedText);
  }
});

it('publishes the plan view (issue 13: targets, index, stability) that nhsp compute writes for the same bundle', async () => {
  for (const file of ['targets', 'index', 'stability']) {
    const published = await getCsv(`${stack!.urls.publication}/v1/${file}?period=2025-06`);
    const computedText = readFileSync(join(work, 'computed', `${file}.csv`), 'utf8');
    expect({ file, rows: readCsv(computedText).length > 1 }).toEqual({ file, rows: true });
    expectSameFile(file, published, computedText);
  }
});

it('answers at every address the demo prints; the queue dashboard only with the admin key', async () => {
  const addresses = demoAddresses(stack!);
  // This stack runs without Swagger (SWAGGER=false); the demo script's spec checks /docs.
  for (const address of addresses.filter((a) => !a.adminKey && !a.url.endsWith('/docs'))) {
    expect({ address: address.name, status: (await fetch(address.url)).status }).toEqual({ address: address.name, status: 200 });
  }
  const [dashboard] = addresses.filter((a) => a.adminKey);
  expect(dashboard).toEqual({ name: 'queue dashboard', url: `${stack!.urls.publication}/admin/queues`, adminKey: true });
  const anonymous = await fetch(`${dashboard.url}/api/queues`);
  expect({ status: anonymous.status, type: ((await anonymous.json()) as { type: string }).type }).toEqual({ status: 401, type: 'urn:nhsp:problem:unauthenticated' });
  const admin = await fetch(`${dashboard.url}/api/queues`, { headers: { Authorization: `Bearer ${process.env.ADMIN_API_KEY}` } });
  expect(admin.status).toBe(200);
  expect(((await admin.json()) as { queues: unknown[] }).queues.length).toBeGreaterThan(0);
});
