import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Month } from '@nhsp/domain';
import { parseArgs, UsageError } from '../args';
import { parseGenerateOptions } from '../commands/generate';
import { DEFAULT_OPTIONS, SAMPLE_OPTIONS } from './options';

const CLI = resolve(__dirname, '../../bin/nhsp.js');
const options = (...argv: string[]) => parseGenerateOptions(parseArgs(['--out', 'x', ...argv]));

describe('nhsp generate: options', () => {
  it('defaults to seed 1, all trusts, FY 2019/20 to 2025/26, aggregates and every optional return, 16 million records a month', () => {
    expect(options()).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS).toMatchObject({ seed: 1, trusts: 'all', records: false, coreOnly: false, monthRecordsTarget: 16_000_000 });
    expect([String(DEFAULT_OPTIONS.from), String(DEFAULT_OPTIONS.to)]).toEqual(['2019-04', '2026-03']);
  });

  it('reads the committed sample\'s options as SAMPLE_OPTIONS', () => {
    expect(options('--trusts', '150', '--from', '2024-04', '--to', '2026-03', '--core-only')).toEqual(SAMPLE_OPTIONS);
  });

  it('reads every option', () => {
    expect(
      options('--seed', '7', '--trusts', '20', '--from', '2025-04', '--to', '2025-04', '--records', '--core-only', '--month-records-target', '1_000_000'),
    ).toEqual({
      seed: 7,
      trusts: 20,
      from: Month.of(2025, 4),
      to: Month.of(2025, 4),
      records: true,
      coreOnly: true,
      monthRecordsTarget: 1_000_000,
    });
  });

  it.each([
    [['--seed', 'abc'], /--seed must be a whole number/],
    [['--trusts', 'some'], /--trusts must be a whole number/],
    [['--trusts', '2'], /--trusts must be "all" or a whole number of at least 4/],
    [['--from', '2025-4'], /--from: "2025-4" is not a month/],
    [['--from', '2026-01', '--to', '2025-12'], /after --to/],
    [['--records', 'yes'], /--records takes no value/],
    [['--core-only', 'please'], /--core-only takes no value/],
    [['--month-records-target', '10'], /at least 1000/],
    [['--colour', 'red'], /unknown option --colour/],
  ])('rejects %j', (argv, message) => {
    expect(() => options(...argv)).toThrow(UsageError);
    expect(() => options(...argv)).toThrow(message);
  });
});

describe('nhsp generate: the command', () => {
  let root: string;
  beforeAll(() => (root = mkdtempSync(join(tmpdir(), 'nhsp-generate-cli-'))));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes a record-level bundle, reports progress on stderr and a summary with the write rate', () => {
    const out = join(root, 'bundle');
    // A stale aggregate file must not sit beside the records: the bundle would count twice.
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'activity.csv'), 'org_code,month,pod,currency,count\n');
    const run = spawnSync(
      process.execPath,
      [CLI, 'generate', '--out', out, '--trusts', '4', '--from', '2025-04', '--to', '2025-05', '--records', '--month-records-target', '150000'],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toMatch(/finance\.csv/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/4 trusts, 2025-04\.\.2025-05 \(2 months\), seed 1/);
    expect(run.stdout).toMatch(/activity_records\.csv\s+[\d,]+ rows/);
    expect(run.stdout).toMatch(/Records: [\d,]+ in [\d.]+ s = [\d,]+ rows\/s/);
    expect(run.stdout).toMatch(/Planted: SDEC shift R0A/);
    expect(existsSync(join(out, 'activity_records.csv'))).toBe(true);
    expect(existsSync(join(out, 'activity.csv'))).toBe(false);
  });

  it('exits 2 with the usage on a bad option', () => {
    const run = spawnSync(process.execPath, [CLI, 'generate', '--out', join(root, 'bad'), '--trusts', '195'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--trusts 195: the reference list has only 194 trusts/);
    expect(run.stderr).toMatch(/Usage: npm run cli -- generate/);
  });
});
