// Stand-ins for productivity's and benchmarking's plan-view and pack views, with exactly the
// columns of docs/services-design.md ("The plan view and the packs between services"), as plain
// tables in the suite's own database; and a loader that fills them for a run from the files `nhsp
// compute` (and `nhsp sensitivity --out`) wrote, so that what publication serves can be compared
// with those files.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { withClient } from '@nhsp/testing';

const ROOT = resolve(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'tools/cli/bin/nhsp.js');
/** The worked bundle whose computed files fill the stand-ins. */
export const GOLDEN_HISTORY_BUNDLE = join(ROOT, 'tools/fixtures/golden/history-bundle');

/** `nhsp compute` of `period` of the golden history bundle into `dir`; with `sensitivityFile`, `nhsp sensitivity --out` too. */
export function computeGoldenPeriod(period: string, dir: string, sensitivityFile?: string): void {
  const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args, '--data', GOLDEN_HISTORY_BUNDLE, '--period', period], { cwd: ROOT, stdio: 'pipe' });
  cli('compute', '--out', dir);
  if (sensitivityFile) cli('sensitivity', '--out', sensitivityFile);
}

export const PLAN_PACK_STAND_IN_DDL = `
  CREATE TABLE productivity.v_targets (
    run_id uuid NOT NULL, period text NOT NULL, level text NOT NULL, group_name text NOT NULL,
    productivity_growth numeric, target numeric, on_track boolean NOT NULL, required_output_growth_rest numeric,
    required_productivity_growth_rest numeric, savings_needed_gbp numeric, projected_full_year_growth numeric);
  CREATE TABLE productivity.v_index (
    run_id uuid NOT NULL, period text NOT NULL, level text NOT NULL, group_name text NOT NULL, year text NOT NULL,
    output_growth numeric, input_growth numeric, productivity_growth numeric, index_value numeric, in_progress boolean NOT NULL);
  CREATE TABLE productivity.v_stability (
    run_id uuid NOT NULL, period text NOT NULL, org_code text NOT NULL, productivity_growth numeric, month_move numeric,
    band numeric, revision_range numeric);
  CREATE TABLE productivity.v_rank_stability (run_id uuid NOT NULL, period text NOT NULL, rank_stability numeric);
  CREATE TABLE productivity.v_sensitivity (
    run_id uuid NOT NULL, org_code text NOT NULL, variant text NOT NULL, productivity_growth numeric, spread numeric);
  CREATE TABLE benchmarking.v_opportunities (
    run_id uuid NOT NULL, period text NOT NULL, org_code text NOT NULL, sector text NOT NULL, metric text NOT NULL,
    dimension text, value numeric, benchmark numeric, benchmark_group text, opportunity_units numeric, unit text,
    opportunity_gbp numeric, missing text, seq int NOT NULL);
  CREATE TABLE benchmarking.v_indicators (
    run_id uuid NOT NULL, period text NOT NULL, level text NOT NULL, group_name text NOT NULL, indicator text NOT NULL,
    "window" text NOT NULL, base numeric, current numeric, change numeric, change_kind text NOT NULL, seq int NOT NULL);
`;

type Row = Record<string, string>;
const read = (dir: string, file: string): Row[] => parse(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true });
const v = (cell: string | undefined): string | null => (cell === undefined || cell === '' ? null : cell);

/** `2025/26` for any month of FY 2025/26. */
export function financialYearOf(period: string): string {
  const [year, month] = period.split('-').map(Number);
  const start = month >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * Fills the stand-in views for `runId` from compute's files in `computedDir` (targets.csv,
 * index.csv, stability.csv, opportunities.csv, indicators.csv) and, when given, the file of
 * `nhsp sensitivity --out`. The rows go in shuffled (reversed) where the owner's view has no
 * `seq`, so publication must put them in the file's order itself.
 */
export async function loadComputedPlanAndPacks(url: string, runId: string, period: string, computedDir: string, sensitivityFile?: string): Promise<void> {
  const inProgressYear = period.endsWith('-03') ? null : financialYearOf(period);
  await withClient(url, async (c) => {
    const insert = async (table: string, columns: string[], rows: Array<Array<string | number | boolean | null>>) => {
      for (let at = 0; at < rows.length; at += 200) {
        const chunk = rows.slice(at, at + 200);
        const values = chunk.map((row, r) => `(${row.map((_, i) => `$${r * row.length + i + 1}`).join(', ')})`).join(', ');
        await c.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, chunk.flat());
      }
    };
    await insert('productivity.v_targets',
      ['run_id', 'period', 'level', 'group_name', 'productivity_growth', 'target', 'on_track', 'required_output_growth_rest', 'required_productivity_growth_rest', 'savings_needed_gbp', 'projected_full_year_growth'],
      read(computedDir, 'targets.csv').reverse().map((r) => [runId, r.period, r.level, r.group, v(r.productivity_growth), v(r.target), r.on_track === 'true',
        v(r.required_output_growth_rest), v(r.required_productivity_growth_rest), v(r.savings_needed_gbp), v(r.projected_full_year_growth)]));
    await insert('productivity.v_index',
      ['run_id', 'period', 'level', 'group_name', 'year', 'output_growth', 'input_growth', 'productivity_growth', 'index_value', 'in_progress'],
      read(computedDir, 'index.csv').reverse().map((r) => [runId, period, r.level, r.group, r.year, v(r.output_growth), v(r.input_growth), v(r.productivity_growth), v(r.index), r.year === inProgressYear]));
    const stability = read(computedDir, 'stability.csv');
    const england = stability.find((r) => r.org_code === 'England');
    await insert('productivity.v_stability', ['run_id', 'period', 'org_code', 'productivity_growth', 'month_move', 'band', 'revision_range'],
      stability.filter((r) => r !== england).reverse().map((r) => [runId, r.period, r.org_code, v(r.productivity_growth), v(r.month_move), v(r.band), v(r.revision_range)]));
    if (england) await insert('productivity.v_rank_stability', ['run_id', 'period', 'rank_stability'], [[runId, period, v(england.band)]]);
    await insert('benchmarking.v_opportunities',
      ['run_id', 'period', 'org_code', 'sector', 'metric', 'dimension', 'value', 'benchmark', 'benchmark_group', 'opportunity_units', 'unit', 'opportunity_gbp', 'missing', 'seq'],
      read(computedDir, 'opportunities.csv').map((r, seq) => [runId, r.period, r.org_code, r.sector, r.metric, v(r.dimension), v(r.value), v(r.benchmark), v(r.benchmark_group),
        v(r.opportunity_units), v(r.unit), v(r.opportunity_gbp), v(r.missing), seq]).reverse());
    await insert('benchmarking.v_indicators',
      ['run_id', 'period', 'level', 'group_name', 'indicator', '"window"', 'base', 'current', 'change', 'change_kind', 'seq'],
      read(computedDir, 'indicators.csv').map((r, seq) => [runId, r.period, r.level, r.group, r.indicator, r.window, v(r.base), v(r.current), v(r.change), r.change_kind, seq]).reverse());
    if (sensitivityFile) {
      const rows = parse(readFileSync(sensitivityFile, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
      await insert('productivity.v_sensitivity', ['run_id', 'org_code', 'variant', 'productivity_growth', 'spread'],
        rows.flatMap((r) => Object.keys(r).filter((k) => !['org_code', 'period', 'spread'].includes(k)).map((variant) => [runId, r.org_code, variant, v(r[variant]), v(r.spread)])));
    }
  });
}
