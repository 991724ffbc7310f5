// The plan view of a run (methodology §8–§10) through the service, on the golden history bundle
// (FY 2019/20 to 2025/26, stand-in views): the stored v_targets, v_index and v_stability are
// exactly what `nhsp compute` writes for the same bundle and period (formatted as its files
// format them), UNSTABLE is on the estimates whose band is above 2%, the ledger is weighed once
// and reused, and a restated earlier month or a new return re-runs the later periods.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import request from 'supertest';
import { Exact, formatFraction, formatPounds } from '@nhsp/domain';
import { baseSchema, productivitySchema } from '@nhsp/persistence';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService } from '@nhsp/testing';
import { AutoTriggerService } from '../src/auto-trigger.service';
import { productivityService } from '../src/main';
import { RunsService } from '../src/runs.service';
import { GOLDEN, loadGoldenBundle, restateFinance, standInSchema, withClient } from './stand-in-inputs';

const ADMIN_KEY = 'plan-view-spec-admin-key-0123456789';
const BUNDLE = join(GOLDEN, 'history-bundle');
const CLI = join(__dirname, '../../../tools/cli/bin/nhsp.js');
type Row = Record<string, string>;

const fraction = (v: string | null) => (v === null ? '' : formatFraction(new Exact(v)));
const pounds = (v: string | null) => (v === null ? '' : formatPounds(new Exact(v)));

/** compute's targets.csv, index.csv, stability.csv and estimates.csv of the bundle at the period. */
function cliFiles(period: string, dir: string): Record<string, Row[]> {
  const out = join(dir, period);
  execFileSync(process.execPath, [CLI, 'compute', '--data', BUNDLE, '--period', period, '--out', out], { stdio: 'pipe' });
  const read = (name: string): Row[] => parse(readFileSync(join(out, name), 'utf8'), { columns: true, skip_empty_lines: true, bom: true });
  return { targets: read('targets.csv'), index: read('index.csv'), stability: read('stability.csv'), estimates: read('estimates.csv') };
}

describe('productivity: the plan view of every run', () => {
  let svc: TestService;
  let workDir: string;
  const http = () => request.agent(svc.app.getHttpServer()).set('Authorization', `Bearer ${ADMIN_KEY}`);
  const query = async (sql: string, params: unknown[] = []): Promise<Row[]> => (await withClient(svc.database.url, (c) => c.query(sql, params))).rows;
  const runPeriod = async (period: string) => (await http().post('/runs').send({ period }).expect(202)).body.run as { id: string; inputFingerprint: string };

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'plan-view-spec-'));
    svc = await startTestService({
      ...productivityService,
      registrations: [baseSchema, accessRegistration, standInSchema, productivitySchema],
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
    await loadGoldenBundle(svc.database.url, BUNDLE);
  });
  afterAll(async () => {
    await svc?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function storedPlan(runId: string) {
    const targets = await query(
      `SELECT level, group_name, period, productivity_growth::text, target::text, on_track, required_output_growth_rest::text,
              required_productivity_growth_rest::text, savings_needed_gbp::text, projected_full_year_growth::text
       FROM productivity.v_targets WHERE run_id = $1`,
      [runId],
    );
    const index = await query(
      `SELECT level, group_name, year, output_growth::text, input_growth::text, productivity_growth::text, index_value::text, in_progress
       FROM productivity.v_index WHERE run_id = $1`,
      [runId],
    );
    const stability = await query(
      `SELECT org_code, period, productivity_growth::text, month_move::text, band::text, revision_range::text FROM productivity.v_stability WHERE run_id = $1`,
      [runId],
    );
    const [rank] = await query(`SELECT period, rank_stability::text FROM productivity.v_rank_stability WHERE run_id = $1`, [runId]);
    return { targets, index, stability, rank };
  }

  /** The stored rows as compute's files write them, keyed like the files' rows, in any order. */
  function expectEqualToCli(stored: Awaited<ReturnType<typeof storedPlan>>, files: Record<string, Row[]>) {
    const sortRows = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(
      sortRows(
        stored.targets.map((t) => ({
          level: t.level, group: t.group_name, period: t.period, productivity_growth: fraction(t.productivity_growth), target: fraction(t.target),
          on_track: String(t.on_track), required_output_growth_rest: fraction(t.required_output_growth_rest),
          required_productivity_growth_rest: fraction(t.required_productivity_growth_rest), savings_needed_gbp: pounds(t.savings_needed_gbp),
          projected_full_year_growth: fraction(t.projected_full_year_growth),
        })),
      ),
    ).toEqual(sortRows(files.targets));
    expect(
      sortRows(
        stored.index.map((r) => ({
          level: r.level, group: r.group_name, year: r.year, output_growth: fraction(r.output_growth), input_growth: fraction(r.input_growth),
          productivity_growth: fraction(r.productivity_growth), index: fraction(r.index_value),
        })),
      ),
    ).toEqual(sortRows(files.index));
    const trustRows = stored.stability.map((s) => ({
      org_code: s.org_code, period: s.period, productivity_growth: fraction(s.productivity_growth), month_move: fraction(s.month_move),
      band: fraction(s.band), revision_range: fraction(s.revision_range),
    }));
    const england = { org_code: 'England', period: stored.rank.period, productivity_growth: '', month_move: '', band: fraction(stored.rank.rank_stability), revision_range: '' };
    expect(sortRows([...trustRows, england])).toEqual(sortRows(files.stability));
  }

  it.each(['2025-10', '2026-03'])('stores %s’s targets, index and stability exactly as compute writes them, and UNSTABLE on its estimates', async (period) => {
    const run = await runPeriod(period);
    const files = cliFiles(period, workDir);
    const stored = await storedPlan(run.id);
    expect(stored.targets.length).toBeGreaterThan(20);
    expect(stored.index.some((r) => r.in_progress)).toBe(period === '2025-10');
    expectEqualToCli(stored, files);

    // The golden bands (an independent implementation) agree, and UNSTABLE marks the bands above 2%.
    const golden: Row[] = parse(readFileSync(join(GOLDEN, `expected-history-${period}`, 'stability.csv'), 'utf8'), { columns: true, bom: true });
    const unstable = golden.filter((g) => g.org_code !== 'England' && g.band !== '' && new Decimal(g.band).gt('0.02')).map((g) => g.org_code).sort();
    expect(unstable.length).toBeGreaterThan(0);
    for (const g of golden.filter((x) => x.org_code !== 'England')) {
      const mine = stored.stability.find((s) => s.org_code === g.org_code)!;
      expect(new Exact(mine.band!).minus(g.band).abs().lte(new Exact(g.band).abs().times(1e-9))).toBe(true);
    }
    const estimates = await query(`SELECT org_code, array_to_string(flags, '|') AS flags FROM productivity.v_estimates WHERE run_id = $1 ORDER BY org_code`, [run.id]);
    expect(estimates.filter((e) => e.flags.split('|').includes('UNSTABLE')).map((e) => e.org_code).sort()).toEqual(unstable);
    expect(Object.fromEntries(estimates.map((e) => [e.org_code, e.flags]))).toEqual(Object.fromEntries(files.estimates.map((e) => [e.org_code, e.flags])));

    // The explanation shows the band UNSTABLE was decided on.
    const explained = (await http().get(`/runs/${run.id}/estimates/${unstable[0]}/explanation`).expect(200)).body;
    const flag = explained.flags.find((f: { code: string }) => f.code === 'UNSTABLE');
    expect(flag.evidence).toMatch(/moves within ±[\d.]+% from month to month/);
    expect(new Exact(flag.details.band).eq(stored.stability.find((x) => x.org_code === unstable[0])!.band!)).toBe(true);
  });

  it('weighs each trust-month once: the later period reused the earlier one’s ledger months', async () => {
    const [ledger] = await query(`SELECT count(*)::int AS n, count(DISTINCT (org_code, month))::int AS months FROM productivity.ledger_month`);
    const [wanted] = await query(
      `SELECT count(DISTINCT (org_code, month))::int AS n FROM ingestion.v_current_submissions WHERE month >= '2019-04' AND month <= '2026-03'`,
    );
    expect(ledger).toEqual({ n: wanted.n, months: wanted.n });
  });

  it('re-runs the later periods when an earlier month is restated or a return arrives, and a repeated request writes nothing', async () => {
    const trigger = svc.app.get(AutoTriggerService);
    const runs = svc.app.get(RunsService);
    expect(await trigger.requestReruns(['2025-10', '2026-03'], 'unchanged')).toEqual([]);

    const [{ org_code: trust }] = await query(`SELECT org_code FROM productivity.v_stability ORDER BY org_code LIMIT 1`);
    await restateFinance(svc.database.url, trust, '2024-05', '1.05');
    expect(await trigger.requestReruns(['2025-10', '2026-03'], 'restated 2024-05')).toEqual(['2025-10', '2026-03']);

    const before = await runs.currentFingerprint('2025-10');
    await query(
      `INSERT INTO ingestion.v_current_return_submissions VALUES ($1, '2025-09', 'workforce', gen_random_uuid(), 'a-new-return', now())`,
      [trust],
    );
    expect(await runs.currentFingerprint('2025-10')).not.toBe(before);

    const revised = await runPeriod('2025-10');
    const again = await http().post('/runs').send({ period: '2025-10' }).expect(202);
    expect(again.body).toMatchObject({ created: false, run: { id: revised.id } });
    const counted = await query(
      `SELECT (SELECT count(*) FROM productivity.v_targets WHERE run_id = $1)::int AS targets,
              (SELECT count(*) FROM productivity.v_stability WHERE run_id = $1)::int AS stability,
              (SELECT count(*) FROM productivity.v_rank_stability WHERE run_id = $1)::int AS rank`,
      [revised.id],
    );
    const [first] = await query(`SELECT id FROM productivity.run WHERE period = '2025-10' ORDER BY created_at LIMIT 1`);
    const original = await storedPlan(first.id);
    expect(counted[0]).toEqual({ targets: original.targets.length, stability: original.stability.length, rank: 1 });
    // Two vintages of the same settings now: the restated trust's revision_range is their difference.
    const [range] = await query(
      `SELECT s.revision_range::text AS revision_range, abs(a.productivity_growth - b.productivity_growth)::text AS difference
       FROM productivity.v_stability s, productivity.v_estimates a, productivity.v_estimates b
       WHERE s.run_id = $1 AND s.org_code = $3 AND a.run_id = $1 AND a.org_code = $3 AND b.run_id = $2 AND b.org_code = $3`,
      [revised.id, first.id, trust],
    );
    expect(new Exact(range.revision_range).eq(range.difference)).toBe(true);
  });
});
