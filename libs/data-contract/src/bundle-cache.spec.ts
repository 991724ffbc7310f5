import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readBundle } from './bundle';
import { readBundleCached } from './bundle-cache';

// Seven years of 20 trusts with every optional return: every kind of row the cache keeps.
const HISTORY = resolve(__dirname, '../../../tools/fixtures/golden/history-bundle');

describe('readBundleCached: a bundle read before, given back exactly', () => {
  let cache: string;
  let work: string;
  const saved = process.env.NHSP_BUNDLE_CACHE_DIR;
  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'nhsp-bundle-cache-spec-'));
    work = await mkdtemp(join(tmpdir(), 'nhsp-bundle-cache-work-'));
    process.env.NHSP_BUNDLE_CACHE_DIR = cache;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.NHSP_BUNDLE_CACHE_DIR;
    else process.env.NHSP_BUNDLE_CACHE_DIR = saved;
    await rm(cache, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('stores a bundle once and gives back the same rows, decimals in the same inner form, issues and hashes', async () => {
    const fresh = await readBundle(HISTORY);
    const first = await readBundleCached(HISTORY);
    expect(await readdir(cache)).toHaveLength(1);
    const again = await readBundleCached(HISTORY);
    // toEqual compares each decimal's own fields (sign, exponent, digit words), not only its value.
    expect(first).toEqual(fresh);
    expect(again).toEqual(fresh);
    expect(again.returns.medicines!.rows.length).toBeGreaterThan(1000);
    expect(again.finance!.rows[0].amount.constructor).toBe(fresh.finance!.rows[0].amount.constructor);
  });

  it('reads a changed file again (the key is the bytes), and keeps the quarantined issues of a bundle read in quarantine', async () => {
    const dir = join(work, 'bundle');
    await cp(HISTORY, dir, { recursive: true });
    const finance = join(dir, 'finance.csv');
    await writeFile(finance, `${await readFile(finance, 'utf8')}RXX,2025-10,pay_bank,12.5\nR0A,2025-10,pay_bank,not-money\n`);
    const options = { onError: 'quarantine' as const };
    const fresh = await readBundle(dir, options);
    expect(fresh.issueCount).toBeGreaterThanOrEqual(2);
    await readBundleCached(dir, options);
    const cached = await readBundleCached(dir, options);
    expect(cached).toEqual(fresh);
    expect(cached.issues.map((issue) => issue.reason)).toEqual(fresh.issues.map((issue) => issue.reason));
    // Under reject the same files are refused, never answered from the quarantine entry.
    await expect(readBundleCached(dir)).rejects.toThrow(/finance\.csv/);
  });

  it('gives back decimals of every size and sign in the same inner form (amounts, tiny fractions, -0)', async () => {
    const dir = join(work, 'decimals');
    await cp(HISTORY, dir, { recursive: true });
    const amounts = ['0.05', '-0.00', '-0', '10856956.36', '0.0000001', '99999999999999.99', '1234567', '-12345678.5', '0.000000000000000000000000000000000000012', '70000000'];
    const lines = amounts.map((amount, i) => `RYR,2019-${String(1 + i).padStart(2, '0')},non_pay_other,${amount}`);
    await writeFile(join(dir, 'finance.csv'), `org_code,month,category,amount_gbp\n${lines.join('\n')}\n`);
    const fresh = await readBundle(dir);
    await readBundleCached(dir);
    const cached = await readBundleCached(dir);
    expect(cached.finance!.rows.map((row) => row.amount)).toEqual(fresh.finance!.rows.map((row) => row.amount));
    expect(cached.finance!.rows.map((row) => row.amount.toFixed())).toEqual(fresh.finance!.rows.map((row) => row.amount.toFixed()));
  });

  it('keeps only the asked months of the monthly returns, from the files, into the cache and from it, issues and counts of the whole files', async () => {
    const dir = join(work, 'months');
    await cp(HISTORY, dir, { recursive: true });
    const fresh = await readBundle(dir);
    const only = { returnMonths: new Set(['2024-04', '2024-05', '2025-04', '2025-05']) };
    const filtered = (name: 'workforce' | 'operations' | 'medicines') => fresh.returns[name]!.rows.filter((row) => only.returnMonths.has(row.month));
    const expectKept = (bundle: Awaited<ReturnType<typeof readBundle>>) => {
      for (const name of ['workforce', 'operations', 'medicines'] as const) {
        expect(bundle.returns[name]!.rows).toEqual(filtered(name));
        expect(bundle.returns[name]!.recordsRead).toBe(fresh.returns[name]!.recordsRead);
      }
      expect(bundle.returns.medicines!.rows.length).toBeGreaterThan(0);
      expect(bundle.returns.medicines!.rows.length).toBeLessThan(fresh.returns.medicines!.rows.length);
      // Yearly and undated files, activity and finance are whole.
      expect(bundle.returns.trustCosts).toEqual(fresh.returns.trustCosts);
      expect(bundle.activity).toEqual(fresh.activity);
      expect(bundle.finance).toEqual(fresh.finance);
    };
    expectKept(await readBundleCached(dir, {}, only)); // read from the files, cache written whole
    expectKept(await readBundleCached(dir, {}, only)); // from the cache
    expect(await readBundleCached(dir)).toEqual(fresh); // the entry holds every row
    process.env.NHSP_BUNDLE_CACHE = 'off';
    try {
      expectKept(await readBundleCached(dir, {}, only));
    } finally {
      delete process.env.NHSP_BUNDLE_CACHE;
    }
  });

  it("keeps only each trust's latest trust-cost year up to the one asked, from the files and from the cache", async () => {
    const dir = join(work, 'costs');
    await cp(HISTORY, dir, { recursive: true });
    const fresh = await readBundle(dir);
    const rows = fresh.returns.trustCosts!.rows;
    // One trust lacks the year asked: its latest earlier year is the one kept.
    const years = [...new Set(rows.map((row) => row.year))].sort();
    const upTo = years[years.length - 1];
    const gap = rows[0].orgCode;
    const withGap = rows.filter((row) => !(row.orgCode === gap && row.year === upTo));
    const header = (await readFile(join(dir, 'trust_costs.csv'), 'utf8')).split('\n')[0];
    const line = (row: (typeof rows)[number]) => [row.orgCode, row.year, row.pod, row.currency, row.activity.toFixed(), row.cost.toFixed()].join(',');
    await writeFile(join(dir, 'trust_costs.csv'), `${header}\n${withGap.map(line).join('\n')}\n`);
    const all = (await readBundle(dir)).returns.trustCosts!;
    const latest = new Map<string, number>();
    for (const row of all.rows) if (row.year <= upTo && !(latest.get(row.orgCode)! >= row.year)) latest.set(row.orgCode, row.year);
    expect(latest.get(gap)).toBe(upTo - 1);
    const expected = all.rows.filter((row) => latest.get(row.orgCode) === row.year);
    expect(expected.length).toBeLessThan(all.rows.length);
    const only = { trustCostsUpTo: upTo };
    const expectKept = (bundle: Awaited<ReturnType<typeof readBundle>>) => {
      expect(bundle.returns.trustCosts!.rows).toEqual(expected);
      expect(bundle.returns.trustCosts!.recordsRead).toBe(all.recordsRead);
      expect(bundle.returns.medicines).toEqual(fresh.returns.medicines);
    };
    expectKept(await readBundleCached(dir, {}, only)); // read from the files, cache written whole
    expectKept(await readBundleCached(dir, {}, only)); // from the cache
    expect((await readBundleCached(dir)).returns.trustCosts).toEqual(all);
    process.env.NHSP_BUNDLE_CACHE = 'off';
    try {
      expectKept(await readBundleCached(dir, {}, only));
    } finally {
      delete process.env.NHSP_BUNDLE_CACHE;
    }
  });

  it('reads the files as they are when the cache is turned off', async () => {
    const before = (await readdir(cache)).length;
    process.env.NHSP_BUNDLE_CACHE = 'off';
    try {
      const bundle = await readBundleCached(resolve(__dirname, '../../../tools/fixtures/golden/bundle'));
      expect(bundle.trusts.rows.length).toBeGreaterThan(0);
    } finally {
      delete process.env.NHSP_BUNDLE_CACHE;
    }
    expect(await readdir(cache)).toHaveLength(before);
  });
});
