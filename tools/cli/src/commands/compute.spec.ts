import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from '../args';
import { computeCommand } from './compute';

// The golden bundle (a copy of shared/golden) and results computed independently in exact
// rational arithmetic: growth rates must agree to 1e-9 relative, money to a penny, flags and
// scores exactly.
const GOLDEN = resolve(__dirname, '../../../fixtures/golden');

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

const KEYS: Record<string, string[]> = {
  'estimates.csv': ['org_code'],
  'aggregates.csv': ['level', 'group'],
  'benchmarks.csv': ['org_code', 'peer_group', 'metric'],
};
const EXACT_COLUMNS = new Set(['flags', 'score', 'sector', 'peer_group', 'period', 'months', 'trusts', 'opportunity_gbp']);
const MONEY_COLUMNS = new Set(['cwa_base', 'cwa_current', 'real_spend_base', 'real_spend_current']);

// The expected estimates were computed without the stability band of methodology §10, so they
// never carry UNSTABLE; compute-plan.spec.ts checks that flag against the expected bands.
const withoutUnstable = (flags: string) => flags.split('|').filter((f) => f !== 'UNSTABLE').join('|');

function agrees(column: string, actual: string, expected: string): boolean {
  if (column === 'flags') return withoutUnstable(actual) === expected;
  if (EXACT_COLUMNS.has(column) || expected === '' || actual === '' || isNaN(Number(expected))) return actual === expected;
  if (MONEY_COLUMNS.has(column)) return Math.abs(Number(actual) - Number(expected)) <= 0.01;
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

describe('cli compute on the golden bundle', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'nhsp-compute-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  describe.each(['2025-06', '2025-12'])('period %s', (period) => {
    let stdout: string;
    beforeAll(async () => {
      const result = await run(['--data', join(GOLDEN, 'bundle'), '--period', period, '--out', join(out, period)]);
      expect(result.code).toBe(0);
      stdout = result.stdout;
    });

    it.each(Object.keys(KEYS))('writes %s agreeing with the expected results', async (file) => {
      const expected = parseCsv(await readFile(join(GOLDEN, `expected-${period}`, file), 'utf8'));
      const actual = parseCsv(await readFile(join(out, period, file), 'utf8'));
      const key = (row: Record<string, string>) => KEYS[file].map((k) => row[k]).join('|');
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
      expect(disagreements).toEqual([]);
      expect(expected.length).toBeGreaterThan(0);
    });

    it('prints the national and sector table and names the flagged trusts', () => {
      expect(stdout).toMatch(/England\s+14/);
      expect(stdout).toMatch(/RAN\s+MISSING_DATA\s+no estimate: 2025-06 no activity/);
    });
  });

  it('writes contributions that add up to each trust growth', async () => {
    const estimates = parseCsv(await readFile(join(out, '2025-12', 'estimates.csv'), 'utf8'));
    const contributions = parseCsv(await readFile(join(out, '2025-12', 'contributions.csv'), 'utf8'));
    for (const e of estimates.filter((row) => row.output_growth !== '')) {
      for (const [side, column] of [['output', 'output_growth'], ['input', 'input_growth']] as const) {
        const total = contributions.filter((c) => c.org_code === e.org_code && c.side === side).reduce((s, c) => s + Number(c.contribution), 0);
        expect(Math.abs(total - Number(e[column]))).toBeLessThan(1e-12);
      }
    }
  });

  it('turns setting equalisation off on request and records the settings used', async () => {
    const result = await run(['--data', join(GOLDEN, 'bundle'), '--period', '2025-06', '--out', join(out, 'none'), '--equalisation', 'none']);
    expect(result.code).toBe(0);
    const settings = JSON.parse(await readFile(join(out, 'none', 'settings.json'), 'utf8'));
    expect(settings).toMatchObject({ period: '2025-06', equalisation: 'none', workingDays: 'off' });
    const withOff = parseCsv(await readFile(join(out, 'none', 'estimates.csv'), 'utf8'));
    const withOn = parseCsv(await readFile(join(out, '2025-06', 'estimates.csv'), 'utf8'));
    const changed = withOff.filter((row, i) => row.cwa_base !== withOn[i].cwa_base);
    expect(changed.length).toBeGreaterThan(0);
  });

  it('exits non-zero with a line-level report and writes nothing for a bad bundle', async () => {
    const { mkdir, copyFile, writeFile } = await import('node:fs/promises');
    const bad = join(out, 'bad-bundle');
    await mkdir(bad, { recursive: true });
    for (const f of ['trusts.csv', 'finance.csv', 'cost_weights.csv', 'deflators.csv']) await copyFile(join(GOLDEN, 'bundle', f), join(bad, f));
    await writeFile(join(bad, 'activity.csv'), 'org_code,month,pod,currency,count\nRXF,2024-04,DC,BZ86A,6\nRXF,2024-13,DC,BZ86A,6\nRXF,2024-05,XX,BZ86A,-1\n');
    const result = await run(['--data', bad, '--period', '2025-06', '--out', join(out, 'bad-out')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/activity\.csv:3:month/);
    expect(result.stderr).toMatch(/activity\.csv:4:pod/);
    expect(result.stderr).toMatch(/activity\.csv:4:count/);
    await expect(readFile(join(out, 'bad-out', 'estimates.csv'))).rejects.toThrow();
  });
});
