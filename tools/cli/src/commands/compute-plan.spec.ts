import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from '../args';
import { computeCommand } from './compute';

// The golden history bundle (FY 2019/20–2025/26, 20 trusts) and the plan view (methodology
// §8–§10) computed independently in exact rational arithmetic: rates to 1e-9 relative, money to
// a penny, on_track exactly, and the same rows (none missing, none extra).
const GOLDEN = resolve(__dirname, '../../../fixtures/golden');

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

const KEYS: Record<string, string[]> = {
  'targets.csv': ['level', 'group'],
  'index.csv': ['level', 'group', 'year'],
  'stability.csv': ['org_code'],
};
const EXACT_COLUMNS = new Set(['level', 'group', 'period', 'year', 'on_track', 'org_code', 'target']);
const MONEY_COLUMNS = new Set(['savings_needed_gbp']);

function agrees(column: string, actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  if (EXACT_COLUMNS.has(column) || expected === '' || actual === '') return actual === expected;
  if (MONEY_COLUMNS.has(column)) return Math.abs(Number(actual) - Number(expected)) <= 0.01 + 1e-9;
  return Math.abs(Number(actual) - Number(expected)) <= 1e-9 * Math.max(Math.abs(Number(expected)), 1e-12);
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    const code = await computeCommand.run(parseArgs(argv));
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('cli compute: the plan view on the golden history bundle', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'nhsp-plan-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  describe.each(['2025-10', '2026-03'])('period %s', (period) => {
    let stdout: string;
    beforeAll(async () => {
      const result = await run(['--data', join(GOLDEN, 'history-bundle'), '--period', period, '--out', join(out, period)]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      stdout = result.stdout;
    });

    it.each(Object.keys(KEYS))('writes %s with the expected rows, every column agreeing', async (file) => {
      const expected = parseCsv(await readFile(join(GOLDEN, `expected-history-${period}`, file), 'utf8'));
      const actual = parseCsv(await readFile(join(out, period, file), 'utf8'));
      const key = (row: Record<string, string>) => KEYS[file].map((k) => row[k]).join('|');
      expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
      const byKey = new Map(actual.map((row) => [key(row), row]));
      const disagreements: string[] = [];
      for (const row of expected) {
        const mine = byKey.get(key(row))!;
        expect(Object.keys(mine).sort()).toEqual(Object.keys(row).sort());
        for (const [column, value] of Object.entries(row)) {
          if (!agrees(column, mine[column], value)) disagreements.push(`${key(row)} ${column}: ${mine[column]} ≠ ${value}`);
        }
      }
      expect(disagreements).toEqual([]);
      expect(expected.length).toBeGreaterThan(0);
    });

    it('flags UNSTABLE exactly the trusts whose band is over 2 points, after the other flags', async () => {
      const stability = parseCsv(await readFile(join(GOLDEN, `expected-history-${period}`, 'stability.csv'), 'utf8'));
      const over = stability.filter((r) => r.org_code !== 'England' && r.band !== '' && Number(r.band) > 0.02).map((r) => r.org_code);
      const estimates = parseCsv(await readFile(join(out, period, 'estimates.csv'), 'utf8'));
      const flagged = estimates.filter((e) => e.flags.split('|').includes('UNSTABLE')).map((e) => e.org_code);
      expect(over.length).toBeGreaterThan(0);
      expect(flagged.sort()).toEqual(over.sort());
      for (const e of estimates.filter((x) => flagged.includes(x.org_code))) expect(e.flags.split('|').at(-1)).toBe('UNSTABLE');
    });

    it('says how many trusts are on track and what England still needs', async () => {
      const targets = parseCsv(await readFile(join(GOLDEN, `expected-history-${period}`, 'targets.csv'), 'utf8'));
      const trusts = targets.filter((t) => t.level === 'trust');
      const onTrack = trusts.filter((t) => t.on_track === 'true').length;
      expect(stdout).toContain(`${onTrack} of ${trusts.length} trusts with an estimate are on track`);
      const england = targets.find((t) => t.level === 'national')!;
      if (england.required_output_growth_rest === '') expect(stdout).toMatch(/England: the year is complete/);
      else expect(stdout).toContain(`it needs ${(Number(england.required_output_growth_rest) * 100).toFixed(2)}% output growth over months`);
    });
  });

  it('computes against another target on request and records it in settings.json', async () => {
    const result = await run(['--data', join(GOLDEN, 'history-bundle'), '--period', '2025-10', '--out', join(out, 'target'), '--target', '1.5%']);
    expect(result.code).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'target', 'settings.json'), 'utf8'))).toMatchObject({ target: 0.015, indexBase: '2019/20' });
    const targets = parseCsv(await readFile(join(out, 'target', 'targets.csv'), 'utf8'));
    const standard = parseCsv(await readFile(join(out, '2025-10', 'targets.csv'), 'utf8'));
    expect(targets.every((t) => t.target === '0.015')).toBe(true);
    const england = (rows: Record<string, string>[]) => Number(rows.find((t) => t.level === 'national')!.required_output_growth_rest);
    expect(england(targets)).toBeLessThan(england(standard));
  });

  it('refuses a target that is not a rate', async () => {
    await expect(run(['--data', join(GOLDEN, 'history-bundle'), '--period', '2025-10', '--out', join(out, 'bad'), '--target', 'two'])).rejects.toThrow(/--target must be a fraction/);
    await expect(run(['--data', join(GOLDEN, 'history-bundle'), '--period', '2025-10', '--out', join(out, 'bad'), '--target', '-100%'])).rejects.toThrow(/above -100%/);
  });
});
