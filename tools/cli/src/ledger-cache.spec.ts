import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FINANCE_CATEGORIES } from '@nhsp/domain';
import { MonthUnits, resolveSettings } from '@nhsp/methodology';
import { parseArgs } from './args';
import { loadBundleInputs } from './bundle-inputs';
import { computeCommand } from './commands/compute';
import expected from './commands/compute-bytes.digests.json';
import { readLedger, storeLedger } from './ledger-cache';

// Seven years of 20 trusts with every optional return.
const HISTORY = resolve(__dirname, '../../fixtures/golden/history-bundle');

async function compute(data: string, period: string, out: string): Promise<Record<string, string>> {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    expect(await computeCommand.run(parseArgs(['--data', data, '--period', period, '--out', out]))).toBe(0);
  } finally {
    log.mockRestore();
  }
  const files: Record<string, string> = {};
  for (const name of (await readdir(out)).sort()) files[name] = createHash('sha256').update(await readFile(join(out, name))).digest('hex');
  return files;
}

describe("compute's ledger cache: the plan view's history weighed once per bundle", () => {
  let cache: string;
  let work: string;
  const saved = { dir: process.env.NHSP_BUNDLE_CACHE_DIR, on: process.env.NHSP_BUNDLE_CACHE };
  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'nhsp-ledger-cache-spec-'));
    work = await mkdtemp(join(tmpdir(), 'nhsp-ledger-cache-work-'));
    process.env.NHSP_BUNDLE_CACHE_DIR = cache;
    delete process.env.NHSP_BUNDLE_CACHE;
  });
  afterAll(async () => {
    for (const [name, value] of [['NHSP_BUNDLE_CACHE_DIR', saved.dir], ['NHSP_BUNDLE_CACHE', saved.on]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(cache, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  const digestsOf = (period: string) => (expected as Record<string, Record<string, string>>)[`history-bundle ${period}`];

  it('writes the same bytes from the ledger as from the bundle, and reads only the period’s months of activity and finance then', async () => {
    const settings = resolveSettings({});
    const before = await loadBundleInputs(HISTORY, 'reject', { forPeriod: '2025-10', ledgerFor: settings });
    expect(before.ledger?.held).toBeNull();
    // The first compute weighs the history and stores the ledger; the next periods read it.
    expect(await compute(HISTORY, '2019-04', join(work, 'a'))).toEqual(digestsOf('2019-04'));
    expect((await readdir(cache)).filter((name) => name.endsWith('.ledger'))).toHaveLength(1);
    const after = await loadBundleInputs(HISTORY, 'reject', { forPeriod: '2025-10', ledgerFor: settings });
    expect(after.ledger?.held?.size).toBe(after.inputs.trusts.length);
    const months = (loaded: typeof after) => new Set(loaded.inputs.trusts.flatMap((t) => loaded.inputs.activity.monthsOf(t.orgCode)));
    expect(months(after).size).toBeLessThan(months(before).size);
    for (const period of ['2021-09', '2025-10', '2026-03']) expect(await compute(HISTORY, period, join(work, period))).toEqual(digestsOf(period));
  });

  it('gives back every units number exactly: zero, negative, beyond 2^64', async () => {
    const month = (m: string, n: bigint): MonthUnits => ({
      month: m,
      hasActivity: n !== 0n,
      hasFinance: true,
      cwa: n * 10n ** 70n + 1n,
      cwaWorkingDayPods: -n,
      nominal: FINANCE_CATEGORIES.map((_, c) => (c % 3 === 0 ? 0n : BigInt(c) * -n * 10n ** 66n - 7n)),
    });
    const ledger = new Map([
      ['RAA', [month('2019-04', 0n), month('2019-05', 123456789n)]],
      ['RBB', []],
    ]);
    await storeLedger('a key', { equalisation: 'none' }, ledger);
    expect(await readLedger('a key', { equalisation: 'none' })).toEqual(ledger);
    expect(await readLedger('a key', { equalisation: 'opproc-dc' })).toBeNull();
  });

  it('weighs the history again when a bundle file changes, and writes what the bundle read afresh gives', async () => {
    const dir = join(work, 'changed');
    await cp(HISTORY, dir, { recursive: true });
    await compute(dir, '2025-10', join(work, 'changed-first'));
    const finance = join(dir, 'finance.csv');
    // A month of the plan view's history only (2020/21): the period's own months are unchanged.
    const text = await readFile(finance, 'utf8');
    const line = text.split('\n').find((l) => l.includes(',2020-06,pay_bank,'))!;
    await writeFile(finance, text.replace(line, line.replace(/,[^,]*$/, ',99999999.99')));
    const settings = resolveSettings({});
    expect((await loadBundleInputs(dir, 'reject', { forPeriod: '2025-10', ledgerFor: settings })).ledger?.held).toBeNull();
    const cached = await compute(dir, '2025-10', join(work, 'changed-cached'));
    process.env.NHSP_BUNDLE_CACHE = 'off';
    let fresh: Record<string, string>;
    try {
      fresh = await compute(dir, '2025-10', join(work, 'changed-fresh'));
    } finally {
      delete process.env.NHSP_BUNDLE_CACHE;
    }
    expect(cached).toEqual(fresh);
    expect(cached['index.csv']).not.toBe(digestsOf('2025-10')['index.csv']);
    // and the ledger stored for the changed bundle gives the same bytes again
    expect(await compute(dir, '2025-10', join(work, 'changed-again'))).toEqual(fresh);
  });
});
