import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle, Bundle } from '@nhsp/data-contract';
import { FinancialYear, isPayCategory, Pod, Sector } from '@nhsp/domain';
import { generateBundle } from './generate';
import { DEFAULT_OPTIONS } from './options';
import { planGeneration } from './plan';
import { loadReference } from './reference';
import { PLANTED } from './selection';
import { monthsOf } from './spec-support';

/**
 * The default bundle, the history the demo publishes: FY 2019/20 to 2025/26 for every trust of
 * the reference list, read back with the data contract's own readers.
 */
const reference = loadReference();
const plan = planGeneration(DEFAULT_OPTIONS, reference);
const roles = plan.roles;
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];

let root: string;
let dir: string;
let bundle: Bundle;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nhsp-history-'));
  dir = join(root, 'bundle');
  await generateBundle(dir, DEFAULT_OPTIONS, undefined, reference);
  bundle = await readBundle(dir);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const weight = (pod: Pod, currency: string) =>
  reference.currenciesByPod.get(pod)?.find((c) => c.currency === currency)?.unitCost ?? reference.podMeanUnitCost.get(pod)!;
const yearOf = (month: string) => FinancialYear.of(Number(month.slice(5)) >= 4 ? Number(month.slice(0, 4)) : Number(month.slice(0, 4)) - 1).startYear;

describe('generate: the default history bundle', () => {
  it('is read by the data contract readers without a single issue', () => {
    expect(bundle.issueCount).toBe(0);
    for (const file of [bundle.activity, bundle.finance, bundle.costWeights, bundle.deflators]) expect(file).not.toBeNull();
    expect(bundle.trusts.rows).toHaveLength(194);
    expect(readdirSync(dir).sort()).toEqual(
      ['README.md', 'activity.csv', 'cost_weights.csv', 'deflators.csv', 'finance.csv', 'medicines.csv', 'operations.csv', 'trust_costs.csv', 'trusts.csv', 'unit_costs.csv', 'workforce.csv'],
    );
  });

  it('is the same bytes when made again with the same options', async () => {
    const again = join(root, 'again');
    await generateBundle(again, DEFAULT_OPTIONS, undefined, reference);
    const digest = (folder: string) =>
      Object.fromEntries(readdirSync(folder).sort().map((name) => [name, createHash('sha256').update(readFileSync(join(folder, name))).digest('hex')]));
    expect(digest(again)).toEqual(digest(dir));
  }, 120_000);

  it('covers FY 2019/20 to 2025/26 with deflators for every year, and all 194 trusts by sector', () => {
    const months = new Set(bundle.activity!.rows.map((r) => r.month));
    expect([...months].sort()).toEqual(monthsOf('2019-04', '2026-03'));
    expect(new Set(bundle.finance!.rows.map((r) => r.month)).size).toBe(84);
    const deflatorYears = bundle.deflators!.rows.map((d) => d.year);
    for (const year of YEARS) expect(deflatorYears).toContain(year);
    const bySector = new Map<Sector, number>();
    for (const t of bundle.trusts.rows) bySector.set(t.sector, (bySector.get(t.sector) ?? 0) + 1);
    expect(Object.fromEntries(bySector)).toEqual({ acute: 134, mental_health: 38, community: 12, ambulance: 10 });
    const active = new Set(bundle.activity!.rows.map((r) => r.orgCode));
    expect(bundle.trusts.rows.filter((t) => !active.has(t.orgCode))).toEqual([]);
  });

  it('gives each sector its own PODs, with bed days on EL, NEL_LS and NEL_SS', () => {
    const sector = new Map(bundle.trusts.rows.map((t) => [t.orgCode, t.sector]));
    const own: Record<Sector, (pod: Pod) => boolean> = {
      ambulance: (pod) => pod === 'AMB',
      mental_health: (pod) => pod === 'MHCC' || pod === 'MHPS' || pod === 'IAPT',
      community: (pod) => pod === 'CHS',
      acute: (pod) => !['AMB', 'MHCC', 'MHPS', 'IAPT', 'CHS'].includes(pod),
    };
    const wrong = bundle.activity!.rows.filter((r) => !own[sector.get(r.orgCode)!](r.pod));
    expect(wrong.slice(0, 5)).toEqual([]);
    const inpatient = bundle.activity!.rows.filter((r) => ['EL', 'NEL_LS', 'NEL_SS'].includes(r.pod));
    expect(inpatient.length).toBeGreaterThan(100_000);
    expect(inpatient.filter((r) => r.bedDays === null)).toEqual([]);
    expect(bundle.activity!.rows.filter((r) => !['EL', 'NEL_LS', 'NEL_SS'].includes(r.pod) && r.bedDays !== null).slice(0, 5)).toEqual([]);
  });

  it('falls by about a quarter in national CWA and productivity in 2020/21, then recovers', () => {
    // Trusts with every month of every year, so the national totals compare like with like.
    const steady = new Set(bundle.trusts.rows.map((t) => t.orgCode).filter((o) => ![roles.lateStart, roles.gap, roles.missingMonth].includes(o)));
    const cwa = new Map<number, number>();
    for (const r of bundle.activity!.rows) {
      if (steady.has(r.orgCode)) cwa.set(yearOf(r.month), (cwa.get(yearOf(r.month)) ?? 0) + r.count * weight(r.pod, r.currency));
    }
    const deflators = new Map(bundle.deflators!.rows.map((d) => [d.year, d]));
    const real = new Map<number, number>();
    const level = new Map<number, { pay: number; prices: number }>([[2019, { pay: 1, prices: 1 }]]);
    for (const year of YEARS.slice(1)) {
      const before = level.get(year - 1)!;
      const d = deflators.get(year)!;
      level.set(year, { pay: before.pay * (1 + d.pay.toNumber()), prices: before.prices * (1 + d.prices.toNumber()) });
    }
    for (const r of bundle.finance!.rows) {
      if (!steady.has(r.orgCode) || ['depreciation', 'pfi_capital_charges', 'exceptional'].includes(r.category)) continue;
      const year = yearOf(r.month);
      const index = level.get(year)![isPayCategory(r.category) ? 'pay' : 'prices'];
      real.set(year, (real.get(year) ?? 0) + r.amount.toNumber() / index);
    }
    const growth = (m: Map<number, number>, year: number) => m.get(year)! / m.get(year - 1)! - 1;
    const productivity = (year: number) => (1 + growth(cwa, year)) / (1 + growth(real, year)) - 1;
    expect(growth(cwa, 2020)).toBeLessThan(-0.18);
    expect(growth(cwa, 2020)).toBeGreaterThan(-0.32);
    expect(productivity(2020)).toBeLessThan(-0.2);
    expect(productivity(2020)).toBeGreaterThan(-0.32);
    expect(growth(cwa, 2021)).toBeGreaterThan(0.15);
    for (const year of [2022, 2023, 2024, 2025]) {
      expect(growth(cwa, year)).toBeGreaterThan(0);
      expect(productivity(year)).toBeGreaterThan(0.01);
      expect(productivity(year)).toBeLessThan(0.05);
    }
    // Still short of 2019/20 productivity at the end of 2025/26: the gap the plan closes.
    const index = [2020, 2021, 2022, 2023, 2024, 2025].reduce((i, year) => i * (1 + productivity(year)), 1);
    expect(index).toBeGreaterThan(0.85);
    expect(index).toBeLessThan(1);
  });

  it('has agency spend falling by about 40% in 2025/26 and bank spend by a little', () => {
    const spend = (category: string, year: number) =>
      bundle.finance!.rows.filter((r) => r.category === category && yearOf(r.month) === year).reduce((sum, r) => sum + r.amount.toNumber(), 0);
    expect(spend('pay_agency', 2025) / spend('pay_agency', 2024) - 1).toBeLessThan(-0.3);
    expect(spend('pay_agency', 2025) / spend('pay_agency', 2024) - 1).toBeGreaterThan(-0.5);
    expect(spend('pay_bank', 2025) / spend('pay_bank', 2024) - 1).toBeLessThan(0);
    expect(spend('pay_agency', 2022)).toBeGreaterThan(spend('pay_agency', 2019));
  });

  it('starts the late starter in its month, leaves the gap trust silent for its month, the missing-month trust without activity', () => {
    const months = (rows: { orgCode: string; month: string }[], org: string) => new Set(rows.filter((r) => r.orgCode === org).map((r) => r.month));
    const lateActivity = [...months(bundle.activity!.rows, roles.lateStart)].sort();
    const lateFinance = [...months(bundle.finance!.rows, roles.lateStart)].sort();
    expect(lateActivity[0]).toBe(String(PLANTED.lateStartFrom));
    expect(lateFinance[0]).toBe(String(PLANTED.lateStartFrom));
    for (const rows of [bundle.activity!.rows, bundle.finance!.rows]) {
      const gap = months(rows, roles.gap);
      expect(gap.has(String(PLANTED.gapMonth))).toBe(false);
      expect(gap.has(String(PLANTED.gapMonth.plus(-1)))).toBe(true);
      expect(gap.has(String(PLANTED.gapMonth.plus(1)))).toBe(true);
    }
    expect(months(bundle.activity!.rows, roles.missingMonth).has(String(PLANTED.missingMonth))).toBe(false);
    expect(months(bundle.finance!.rows, roles.missingMonth).has(String(PLANTED.missingMonth))).toBe(true);
    expect(new Set(Object.values(roles)).size).toBe(6);
  });
});
