import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateBundle } from './generate';
import { SAMPLE_OPTIONS } from './options';
import { loadReference } from './reference';
import { validateBundle } from './spec-validate';

/**
 * tools/fixtures/sample is what `npm run cli -- generate --out tools/fixtures/sample --trusts 150
 * --from 2024-04 --to 2026-03 --core-only` writes (SAMPLE_OPTIONS). If the generator changes,
 * this fails until the sample is regenerated and committed with it.
 */
const SAMPLE = resolve(__dirname, '../../../fixtures/sample');
const GENERATED = ['README.md', 'activity.csv', 'cost_weights.csv', 'deflators.csv', 'finance.csv', 'trusts.csv'];
const reference = loadReference();

describe('generate: the committed sample', () => {
  let fresh: string;
  beforeAll(async () => {
    fresh = mkdtempSync(join(tmpdir(), 'nhsp-sample-'));
    await generateBundle(fresh, SAMPLE_OPTIONS, undefined, reference);
  });
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('equals a fresh run with the sample options, byte for byte', () => {
    expect(readdirSync(SAMPLE).filter((name) => name !== '.gitattributes').sort()).toEqual(GENERATED);
    const stale = GENERATED.filter((name) => !readFileSync(join(SAMPLE, name)).equals(readFileSync(join(fresh, name))));
    expect(stale).toEqual([]);
  });

  it('stays small: under 10 MB in all, every file well under what git treats as large', () => {
    const sizes = readdirSync(SAMPLE).map((name) => statSync(join(SAMPLE, name)).size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(10_000_000);
    expect(Math.max(...sizes)).toBeLessThan(5_000_000);
  });

  it('holds the first 150 trusts of the list and FY 2024/25 and 2025/26, every row valid', () => {
    expect(validateBundle(SAMPLE, reference, { trusts: 150, from: '2024-04', to: '2026-03', records: false })).toEqual([]);
    const list = readFileSync(join(reference.dir, 'trusts.csv'), 'utf8');
    const first150 = list.split('\n').slice(0, 151).join('\n') + '\n';
    expect(readFileSync(join(SAMPLE, 'trusts.csv'), 'utf8')).toBe(first150);
  });
});
