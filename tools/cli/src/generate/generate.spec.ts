import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Month } from '@nhsp/domain';
import { generateBundle } from './generate';
import { DEFAULT_OPTIONS, GenerateOptions } from './options';
import { loadReference } from './reference';
import { selectTrusts } from './selection';
import { validateReturns } from './spec-returns';
import { monthsOf, readCsv } from './spec-support';
import { validateBundle } from './spec-validate';

const reference = loadReference();
const SMALL: GenerateOptions = {
  ...DEFAULT_OPTIONS,
  trusts: 12,
  from: Month.of(2024, 10),
  to: Month.of(2025, 9),
  monthRecordsTarget: 2_000_000,
};

describe('generate: determinism and the data contract', () => {
  let root: string;
  beforeAll(() => (root = mkdtempSync(join(tmpdir(), 'nhsp-generate-'))));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name))]));

  it('writes identical bytes for the same seed and different activity and spend for another', async () => {
    await generateBundle(join(root, 'a'), SMALL, undefined, reference);
    await generateBundle(join(root, 'b'), SMALL, undefined, reference);
    await generateBundle(join(root, 'c'), { ...SMALL, seed: 2 }, undefined, reference);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => files(join(root, name)));
    expect(Object.keys(a)).toEqual([
      'README.md',
      'activity.csv',
      'cost_weights.csv',
      'deflators.csv',
      'finance.csv',
      'medicines.csv',
      'operations.csv',
      'trust_costs.csv',
      'trusts.csv',
      'unit_costs.csv',
      'workforce.csv',
    ]);
    for (const name of Object.keys(a)) expect(b[name].equals(a[name])).toBe(true);
    // (trust_costs.csv holds no year here: the range has no complete year before its last.)
    for (const name of ['activity.csv', 'finance.csv', 'medicines.csv', 'operations.csv', 'workforce.csv']) {
      expect({ name, same: c[name].equals(a[name]) }).toEqual({ name, same: false });
    }
    expect(c['trusts.csv'].equals(a['trusts.csv'])).toBe(true);
  });

  it('writes only rows the data contract accepts', async () => {
    const dir = join(root, 'valid');
    await generateBundle(dir, SMALL, undefined, reference);
    expect(validateBundle(dir, reference, { trusts: 12, from: '2024-10', to: '2025-09', records: false })).toEqual([]);
    const orgs = new Set(selectTrusts(reference.trusts, 12).map((t) => t.orgCode));
    expect(validateReturns(dir, orgs, new Set(monthsOf('2024-10', '2025-09')))).toEqual([]);
  });

  it('leaves the optional returns out with coreOnly, and removes those an earlier run left', async () => {
    const dir = join(root, 'core');
    await generateBundle(dir, SMALL, undefined, reference);
    await generateBundle(dir, { ...SMALL, coreOnly: true }, undefined, reference);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'activity.csv', 'cost_weights.csv', 'deflators.csv', 'finance.csv', 'trusts.csv']);
    expect(readFileSync(join(dir, 'activity.csv')).equals(readFileSync(join(root, 'valid', 'activity.csv')))).toBe(true);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/Not written \(`--core-only`\)/);
  });

  it('writes an NCC return only for complete years before the last, and only for acute trusts', async () => {
    const dir = join(root, 'costs');
    await generateBundle(dir, { ...SMALL, from: Month.of(2023, 4), to: Month.of(2025, 6) }, undefined, reference);
    const rows = readCsv(join(dir, 'trust_costs.csv'));
    expect([...new Set(rows.map((r) => r.year))].sort()).toEqual(['2023', '2024']);
    const acute = new Set(reference.trusts.filter((t) => t.sector === 'acute').map((t) => t.orgCode));
    expect(rows.filter((r) => !acute.has(r.org_code))).toEqual([]);
    expect(new Set(rows.map((r) => r.org_code)).size).toBe(selectTrusts(reference.trusts, 12).filter((t) => t.sector === 'acute').length);
  });

  it('marks the 2024 and 2025 deflators as illustrative and keeps the published rows as they are', async () => {
    const dir = join(root, 'deflators');
    await generateBundle(dir, { ...SMALL, trusts: 4, from: Month.of(2025, 1), to: Month.of(2025, 1) }, undefined, reference);
    const deflators = readFileSync(join(dir, 'deflators.csv'), 'utf8');
    const published = readFileSync(join(reference.dir, 'nhs_cost_inflation_index.csv'), 'utf8');
    expect(deflators.startsWith(published)).toBe(true);
    expect(deflators.slice(published.length)).toBe('2024,2.50%,5.50%,4.42%\n2025,2.10%,3.60%,3.06%\n');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/Deflators 2024 and 2025 are illustrative/);
  });

  it('keeps a month the same whatever range it is generated in', async () => {
    const short = join(root, 'short');
    const long = join(root, 'long');
    await generateBundle(short, { ...SMALL, from: Month.of(2025, 3), to: Month.of(2025, 3) }, undefined, reference);
    await generateBundle(long, SMALL, undefined, reference);
    const rowsOf = (dir: string, file: string) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .filter((line) => line.includes(',2025-03,'));
    for (const file of ['activity.csv', 'finance.csv', 'workforce.csv', 'operations.csv', 'medicines.csv']) {
      const month = rowsOf(short, file);
      expect(month.length).toBeGreaterThan(50);
      expect(month).toEqual(rowsOf(long, file));
    }
  });

  it('takes the first N trusts but keeps one of every sector', () => {
    const chosen = selectTrusts(reference.trusts, 5);
    expect(chosen.map((t) => t.orgCode)).toEqual(['R0A', 'R0B', 'R1D', 'RAT', 'RYF']);
    expect(new Set(chosen.map((t) => t.sector))).toEqual(new Set(['acute', 'community', 'mental_health', 'ambulance']));
    expect(selectTrusts(reference.trusts, 'all')).toHaveLength(194);
  });

  it('refuses options it cannot honour, naming the option', async () => {
    await expect(generateBundle(join(root, 'bad'), { ...SMALL, trusts: 3 }, undefined, reference)).rejects.toThrow(/--trusts/);
    await expect(generateBundle(join(root, 'bad'), { ...SMALL, from: Month.of(2026, 1), to: Month.of(2025, 1) }, undefined, reference)).rejects.toThrow(
      /--from 2026-01 is after --to 2025-01/,
    );
    await expect(generateBundle(join(root, 'bad'), { ...SMALL, to: Month.of(2026, 4) }, undefined, reference)).rejects.toThrow(/deflator series/);
  });
});
