// The five optional returns (trust_costs, workforce, operations, medicines, unit_costs) through
// POST /bundles: stored whole, the views equal the files' sums (read here by plain splitting, not
// by the data-contract readers), productivity told, the same files twice change nothing, a
// restatement supersedes only the trust-months it covers, malformed returns are a 422 naming
// file, line, column and reason with nothing stored, a submitter sends only its own trust's
// returns, and quarantine stores the good rows and reports the bad ones.
import Decimal from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { jobIdFor, PATTERNS, QueueRegistry, QUEUES } from '@nhsp/queue';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config';
import { ADMIN_KEY, asAdmin, withDb } from './helpers';

const HISTORY = join(__dirname, '../../../tools/fixtures/golden/history-bundle');
const RETURNS = ['trust_costs.csv', 'workforce.csv', 'operations.csv', 'medicines.csv', 'unit_costs.csv'];

interface Batch {
  id: string;
  kind: string;
  sha256: string;
  rows: number;
  months: string[];
  duplicate: boolean;
}

/** Rows of a history-bundle file as objects keyed by header (these files quote nothing). */
function rowsOf(fileName: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(HISTORY, fileName), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}

/** Σ of `value` per key as the file states it, exact. */
function sums(fileName: string, key: (r: Record<string, string>) => string, value: (r: Record<string, string>) => string): Map<string, string> {
  const totals = new Map<string, Decimal>();
  for (const r of rowsOf(fileName)) totals.set(key(r), (totals.get(key(r)) ?? new Decimal(0)).plus(value(r)));
  return new Map([...totals].map(([k, v]) => [k, v.toFixed()]));
}

const csv = (header: string, ...lines: string[]) => Buffer.from([header, ...lines].join('\n'));

/** Rows in every table of the ingestion schema, so that "nothing stored" covers every return's table. */
async function tableCounts(url: string): Promise<Record<string, number>> {
  return withDb(url, async (db) => {
    const { rows: tables } = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'ingestion' AND table_type = 'BASE TABLE' ORDER BY 1`);
    const counts: Record<string, number> = {};
    for (const { table_name: table } of tables) counts[table] = (await db.query(`SELECT count(*)::int AS n FROM ingestion."${table}"`)).rows[0].n;
    return counts;
  });
}

describe('ingestion: the optional returns', () => {
  let svc: TestService;
  let first: Batch[];
  let rxkKey: string;
  const as = (key: string) => request.agent(svc.app.getHttpServer()).set('Authorization', `Bearer ${key}`);
  const view = async (sql: string, params: unknown[] = []) => (await withDb(svc.database.url, (db) => db.query(sql, params))).rows;

  function uploadReturns() {
    const req = asAdmin(svc).post('/bundles').attach('files', join(HISTORY, 'trusts.csv'));
    for (const name of RETURNS) req.attach('files', join(HISTORY, name));
    return req;
  }

  beforeAll(async () => {
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: { ADMIN_API_KEY: ADMIN_KEY, ACCESS_ADMIN_API: 'true' } });
    first = (await uploadReturns().expect(201)).body.batches;
    rxkKey = (await asAdmin(svc).post('/admin/api-keys').send({ name: 'Sandwell returns', role: 'submitter', orgCode: 'RXK' }).expect(201)).body.key;
  });
  afterAll(() => svc?.stop());

  it('stores one batch per return, with its rows and the months it covers', () => {
    expect(first.map((b) => [b.kind, b.duplicate])).toEqual([
      ['trusts', false],
      ['trust_costs', false],
      ['workforce', false],
      ['operations', false],
      ['medicines', false],
      ['unit_costs', false],
    ]);
    const workforce = first.find((b) => b.kind === 'workforce')!;
    expect(workforce.months).toEqual([...new Set(rowsOf('workforce.csv').map((r) => r.month))].sort());
    // A trust-cost year covers the months of its financial year.
    const years = [...new Set(rowsOf('trust_costs.csv').map((r) => Number(r.year)))].sort();
    const trustCosts = first.find((b) => b.kind === 'trust_costs')!;
    expect(trustCosts.months[0]).toBe(`${years[0]}-04`);
    expect(trustCosts.months.at(-1)).toBe(`${years.at(-1)! + 1}-03`);
    expect(first.find((b) => b.kind === 'unit_costs')).toMatchObject({ rows: 2, months: [] });
  });

  it('the views hold the files, summed per key, exactly', async () => {
    const actual = (rows: Array<{ k: string; v: string }>) => new Map(rows.map((r) => [r.k, new Decimal(r.v).toFixed()]));
    expect(actual(await view(`SELECT org_code || '|' || month || '|' || staff_group AS k, wte::text AS v FROM ingestion.v_current_workforce`))).toEqual(
      sums('workforce.csv', (r) => `${r.org_code}|${r.month}|${r.staff_group}`, (r) => r.wte),
    );
    expect(actual(await view(`SELECT org_code || '|' || month || '|' || measure || '|' || dimension AS k, value::text AS v FROM ingestion.v_current_operations`))).toEqual(
      sums('operations.csv', (r) => `${r.org_code}|${r.month}|${r.measure}|${r.dimension}`, (r) => r.value),
    );
    expect(actual(await view(`SELECT org_code || '|' || month || '|' || molecule || '|' || product AS k, cost_gbp::text AS v FROM ingestion.v_current_medicines`))).toEqual(
      sums('medicines.csv', (r) => `${r.org_code}|${r.month}|${r.molecule}|${r.product}`, (r) => r.cost_gbp),
    );
    expect(actual(await view(`SELECT org_code || '|' || year || '|' || pod || '|' || currency AS k, activity::text AS v FROM ingestion.v_current_trust_costs`))).toEqual(
      sums('trust_costs.csv', (r) => `${r.org_code}|${r.year}|${r.pod}|${r.currency}`, (r) => r.activity),
    );
    expect(await view(`SELECT name, gbp::text FROM ingestion.v_current_unit_costs ORDER BY name`)).toEqual(
      rowsOf('unit_costs.csv').map((r) => ({ name: r.name, gbp: r.gbp })).sort((a, b) => a.name.localeCompare(b.name)),
    );
    const submissions = await view(`SELECT kind, count(*)::int AS n FROM ingestion.v_current_return_submissions GROUP BY kind ORDER BY kind`);
    const orgPeriods = (file: string, period: string) => new Set(rowsOf(file).map((r) => `${r.org_code}|${r[period]}`)).size;
    expect(submissions).toEqual([
      { kind: 'medicines', n: orgPeriods('medicines.csv', 'month') },
      { kind: 'operations', n: orgPeriods('operations.csv', 'month') },
      { kind: 'trust_costs', n: orgPeriods('trust_costs.csv', 'year') },
      { kind: 'workforce', n: orgPeriods('workforce.csv', 'month') },
    ]);
  });

  it('tells productivity about each stored return', async () => {
    const queue = svc.app.get(QueueRegistry).queue(QUEUES.productivity);
    for (const b of first.filter((x) => x.kind !== 'trusts')) {
      const job = await queue.getJob(jobIdFor(PATTERNS.batchStored, b.id, b.sha256));
      expect(job?.data).toEqual({ batchId: b.id, kind: b.kind, orgCode: null, sha256: b.sha256, months: b.months, rows: b.rows });
    }
  });

  it('changes nothing when the same files come again', async () => {
    const before = await tableCounts(svc.database.url);
    const again = await uploadReturns().expect(200);
    expect(again.body.batches.map((b: Batch) => [b.id, b.duplicate])).toEqual(first.map((b) => [b.id, true]));
    expect(await tableCounts(svc.database.url)).toEqual(before);
    expect(before.workforce).toBe(rowsOf('workforce.csv').length);
  });

  it('a restated return supersedes only the trust-months it covers', async () => {
    const restated = rowsOf('workforce.csv').filter((r) => r.org_code === 'RXK' && r.month === '2024-05');
    expect(restated.length).toBeGreaterThan(1);
    const res = await asAdmin(svc)
      .post('/bundles')
      .attach('files', csv('org_code,month,staff_group,wte', ...restated.map((r) => `${r.org_code},${r.month},${r.staff_group},${new Decimal(r.wte).plus(1).toFixed()}`)), 'workforce.csv')
      .expect(201);
    const [batch] = res.body.batches;
    expect(batch).toMatchObject({ kind: 'workforce', months: ['2024-05'], duplicate: false });
    const current = await view(`SELECT org_code, period, batch_id FROM ingestion.v_current_return_submissions WHERE kind = 'workforce' AND batch_id = $1`, [batch.id]);
    expect(current).toEqual([{ org_code: 'RXK', period: '2024-05', batch_id: batch.id }]);
    const wte = await view(`SELECT staff_group, wte::text FROM ingestion.v_current_workforce WHERE org_code = 'RXK' AND month = '2024-05' ORDER BY staff_group`);
    expect(wte).toEqual(restated.map((r) => ({ staff_group: r.staff_group, wte: new Decimal(r.wte).plus(1).toFixed() })).sort((a, b) => a.staff_group.localeCompare(b.staff_group)));
    // Every other trust-month still comes from the first batch; its rows are kept.
    const originals = await view(`SELECT count(*)::int AS n FROM ingestion.v_current_return_submissions WHERE kind = 'workforce' AND batch_id = $1`, [first.find((b) => b.kind === 'workforce')!.id]);
    expect(originals).toEqual([{ n: new Set(rowsOf('workforce.csv').map((r) => `${r.org_code}|${r.month}`)).size - 1 }]);
    const detail = await asAdmin(svc).get(`/batches/${batch.id}`).expect(200);
    expect(detail.body).toMatchObject({ orgMonths: 1, currentOrgMonths: 1 });
  });

  it('refuses malformed returns with file, line, column and reason, storing nothing of the upload', async () => {
    const before = await tableCounts(svc.database.url);
    const res = await asAdmin(svc)
      .post('/bundles')
      .attach('files', join(HISTORY, 'medicines.csv'))
      .attach('files', csv('org_code,month,staff_group,wte', 'RXK,2024-04,consultant,10', 'RXK,2024-04,doctors,3', 'RXK,2024-13,nursing,1'), 'workforce.csv')
      .attach('files', csv('org_code,month,measure,dimension,value', 'RXK,2024-04,mh_admissions,,4', 'RZZ,2024-04,gas_kwh,,5', 'RXK,2024-04,theatre_utilisation,,0.8'), 'operations.csv')
      .attach('files', csv('org_code,year,pod,currency,activity,cost_gbp', 'RXK,2024/25,EL,LB09D,1,2', 'RXK,2024,EL,LB09D,-1,2'), 'trust_costs.csv')
      .attach('files', csv('name,gbp', 'bed_day,300'), 'unit_costs.csv')
      .expect(422);
    expect(res.body).toMatchObject({ type: 'urn:nhsp:problem:ingestion:bad-bundle', issueCount: 8 });
    expect(res.body.errors.map((e: { file: string; line: number; column: string; value: string }) => [e.file, e.line, e.column, e.value])).toEqual([
      ['trust_costs.csv', 2, 'year', '2024/25'],
      ['trust_costs.csv', 3, 'activity', '-1'],
      ['workforce.csv', 3, 'staff_group', 'doctors'],
      ['workforce.csv', 4, 'month', '2024-13'],
      ['operations.csv', 2, 'dimension', ''],
      ['operations.csv', 3, 'org_code', 'RZZ'],
      ['operations.csv', 4, 'measure', 'theatre_utilisation'],
      ['unit_costs.csv', 2, 'name', 'bed_day'],
    ]);
    for (const error of res.body.errors) expect(error.reason).toEqual(expect.any(String));
    expect(await tableCounts(svc.database.url)).toEqual(before);
  });

  it('refuses a header-only return', async () => {
    const before = await tableCounts(svc.database.url);
    const res = await asAdmin(svc).post('/bundles').attach('files', csv('org_code,month,molecule,product,quantity,cost_gbp'), 'medicines.csv').expect(422);
    expect(res.body.errors).toEqual([{ file: 'medicines.csv', line: null, column: null, value: null, reason: 'the file has a header but no data rows: there is nothing to store' }]);
    expect(await tableCounts(svc.database.url)).toEqual(before);
  });

  it("lets a trust's submitter key send its own returns only, and no national unit costs", async () => {
    const own = (file: string, header: string) => csv(header, ...rowsOf(file).filter((r) => r.org_code === 'RXK').slice(0, 20).map((r) => Object.values(r).join(',')));
    const before = await tableCounts(svc.database.url);
    const mixed = await as(rxkKey)
      .post('/bundles')
      .attach('files', own('operations.csv', 'org_code,month,measure,dimension,value'), 'operations.csv')
      .attach('files', csv('org_code,month,staff_group,wte', 'RXK,2025-01,consultant,1', 'RXR,2025-01,consultant,1'), 'workforce.csv')
      .expect(403);
    expect(mixed.body).toMatchObject({ type: 'urn:nhsp:problem:forbidden', detail: 'This key submits for RXK only; workforce.csv also concerns RXR', orgCodes: ['RXR'] });
    const national = await as(rxkKey).post('/bundles').attach('files', csv('name,gbp', 'ambulance_hour,200'), 'unit_costs.csv').expect(403);
    expect(national.body.detail).toContain('unit_costs.csv: national files need an admin key');
    expect(await tableCounts(svc.database.url)).toEqual(before);

    const accepted = await as(rxkKey)
      .post('/bundles')
      .attach('files', csv('org_code,year,pod,currency,activity,cost_gbp', 'RXK,2025,EL,LB09D,3,9000'), 'trust_costs.csv')
      .attach('files', csv('org_code,month,staff_group,wte', 'RXK,2026-04,consultant,100.5'), 'workforce.csv')
      .expect(201);
    expect(accepted.body.batches.map((b: Batch) => [b.kind, b.months.length])).toEqual([['trust_costs', 12], ['workforce', 1]]);
    expect(await view(`SELECT activity::text, cost_gbp::text FROM ingestion.v_current_trust_costs WHERE org_code = 'RXK' AND year = 2025`)).toEqual([{ activity: '3', cost_gbp: '9000' }]);
  });

  it('under on_error=quarantine stores the good rows and reports the bad ones; a file of nothing but bad rows is still refused', async () => {
    const bad = csv('org_code,month,staff_group,wte', 'RXR,2026-05,consultant,12.5', 'RXR,2026-05,doctors,3', 'RXR,2026-05,nursing,NaN', 'RXR,2026-05,nursing,40');
    const res = await asAdmin(svc).post('/bundles?on_error=quarantine').attach('files', bad, 'workforce.csv').expect(201);
    expect(res.body.batches.map((b: Batch) => [b.kind, b.rows])).toEqual([['workforce', 2]]);
    expect(res.body.quarantined).toMatchObject({ issueCount: 2 });
    expect(res.body.quarantined.issues.map((e: { file: string; line: number; column: string }) => [e.file, e.line, e.column])).toEqual([
      ['workforce.csv', 3, 'staff_group'],
      ['workforce.csv', 4, 'wte'],
    ]);
    expect(await view(`SELECT staff_group, wte::text FROM ingestion.v_current_workforce WHERE org_code = 'RXR' AND month = '2026-05' ORDER BY 1`)).toEqual([
      { staff_group: 'consultant', wte: '12.5' },
      { staff_group: 'nursing', wte: '40' },
    ]);
    // The same file without quarantine is refused whole, as it always was.
    await asAdmin(svc).post('/bundles').attach('files', bad, 'workforce.csv').expect(422);

    const before = await tableCounts(svc.database.url);
    const allBad = await asAdmin(svc).post('/bundles?on_error=quarantine').attach('files', csv('org_code,month,staff_group,wte', 'RXR,2026-06,doctors,3'), 'workforce.csv').expect(422);
    expect(allBad.body.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([[2, 'staff_group']]);
    expect(await tableCounts(svc.database.url)).toEqual(before);
    await asAdmin(svc).post('/bundles?on_error=sometimes').attach('files', bad, 'workforce.csv').expect(400);
  });
});
