// compute on the golden history bundle (20 trusts of every sector with every optional return)
// against the packs and indicators computed independently for 2025-10 and 2026-03: every
// expected row present, and every column equal (values, benchmarks and indicator figures to
// 1e-9 relative; money and units to 0.01, rounded halves away from zero). Within the categories
// and indicators the expected files cover, no row is extra either.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Exact } from '@nhsp/domain';
import { parseArgs } from '../args';
import { computeCommand } from './compute';

const GOLDEN = resolve(__dirname, '../../../fixtures/golden');

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const names = header.split(',');
  // No cell of these files is quoted: no value holds a comma (the `missing` texts are left out below).
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

const TWO_PLACES = new Set(['opportunity_units', 'opportunity_gbp']);
const RELATIVE = new Set(['value', 'benchmark', 'base', 'current', 'change']);

function agrees(column: string, actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  if (expected === '' || actual === '') return actual === expected;
  if (TWO_PLACES.has(column)) return new Exact(actual).minus(expected).abs().lte('0.01');
  if (RELATIVE.has(column)) return new Exact(actual).minus(expected).abs().lte(new Exact(expected).abs().times('1e-9').plus('1e-15'));
  return actual === expected;
}

const FILES = {
  'opportunities.csv': { key: ['org_code', 'metric', 'dimension'], covers: (row: Record<string, string>) => !['temporary_staffing', 'cost_index_detail'].includes(row.metric) },
  'indicators.csv': {
    key: ['level', 'group', 'indicator'],
    covers: (row: Record<string, string>) => row.level === 'trust' && ['theatre_utilisation', 'same_day_elective_share', 'outpatient_attendances_per_consultant_wte'].includes(row.indicator),
  },
};

async function compute(argv: string[]): Promise<number> {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return await computeCommand.run(parseArgs(argv));
  } finally {
    log.mockRestore();
  }
}

describe('cli compute: opportunity packs and key indicators on the golden history bundle', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'nhsp-packs-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  describe.each(['2025-10', '2026-03'])('period %s', (period) => {
    beforeAll(async () => {
      expect(await compute(['--data', join(GOLDEN, 'history-bundle'), '--period', period, '--out', join(out, period)])).toBe(0);
    });

    it.each(Object.keys(FILES) as (keyof typeof FILES)[])('writes %s agreeing with every expected row and column', async (file) => {
      const { key: keyColumns, covers } = FILES[file];
      const expected = parseCsv(await readFile(join(GOLDEN, `expected-history-${period}`, file), 'utf8'));
      const text = await readFile(join(out, period, file), 'utf8');
      const actual = parseCsv(text.replace(/"[^"]*"/g, 'quoted'));
      const key = (row: Record<string, string>) => keyColumns.map((k) => row[k]).join('|');
      const byKey = new Map(actual.map((row) => [key(row), row]));
      const disagreements: string[] = [];
      for (const row of expected) {
        const mine = byKey.get(key(row));
        if (!mine) {
          disagreements.push(`${key(row)}: missing`);
          continue;
        }
        for (const [column, value] of Object.entries(row)) {
          if (!agrees(column, mine[column], value)) disagreements.push(`${key(row)} ${column}: ${mine[column]} ≠ ${value}`);
        }
      }
      const wanted = new Set(expected.map(key));
      for (const row of actual.filter(covers)) if (!wanted.has(key(row))) disagreements.push(`${key(row)}: not expected`);
      expect(disagreements).toEqual([]);
      expect(expected.length).toBeGreaterThan(20);
    });
  });
});
