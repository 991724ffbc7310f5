import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sector } from '@nhsp/domain';
import { generateBundle } from './generate';
import { DEFAULT_OPTIONS } from './options';
import { planGeneration } from './plan';
import { loadReference } from './reference';
import { MEASURES, StaffGroup } from './returns/codes';
import { MOLECULES } from './returns/medicines';
import { WTE_COST } from './returns/profile';
import { PLANTED } from './selection';
import { validateReturns } from './spec-returns';
import { monthsOf, readCsv } from './spec-support';

/**
 * The optional returns of the default bundle: the contract's codes, each sector's own measures,
 * agreement with activity and finance, and enough variation between trusts (and from year to
 * year) that a 75th-percentile benchmark finds real gaps. Light checks: the strict readers of
 * libs/data-contract should read these files too once they exist.
 */
const reference = loadReference();
const plan = planGeneration(DEFAULT_OPTIONS, reference);
const sectorOf = new Map(reference.trusts.map((t) => [t.orgCode, t.sector]));
const orgsOf = (sector: Sector) => reference.trusts.filter((t) => t.sector === sector).map((t) => t.orgCode);
const FY2024 = new Set(monthsOf('2024-04', '2025-03'));
const FY2025 = new Set(monthsOf('2025-04', '2026-03'));

type Row = Record<string, string>;
let root: string;
let operations: Row[];
let workforce: Row[];
let medicines: Row[];
let trustCosts: Row[];
let activity: Row[];
let finance: Row[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nhsp-returns-'));
  await generateBundle(root, DEFAULT_OPTIONS, undefined, reference);
  [operations, workforce, medicines, trustCosts, activity, finance] = ['operations', 'workforce', 'medicines', 'trust_costs', 'activity', 'finance'].map(
    (name) => readCsv(join(root, `${name}.csv`)),
  );
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Σ value by org (and the key's other parts) over the rows of a window. */
function sums(rows: Row[], months: Set<string>, key: (r: Row) => string | null, value: (r: Row) => number): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (!months.has(r.month)) continue;
    const k = key(r);
    if (k !== null) totals.set(k, (totals.get(k) ?? 0) + value(r));
  }
  return totals;
}
const measure = (name: string, dimension = '') => (r: Row) => (r.measure === name && r.dimension === dimension ? r.org_code : null);
const numeric = (r: Row) => Number(r.value);

/** PERCENTILE.INC, as the benchmarks take it. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low] + (rank - low) * ((sorted[low + 1] ?? sorted[low]) - sorted[low]);
}

/** A rate by trust: Σ numerator / Σ denominator over the window. */
function rate(months: Set<string>, numerator: (r: Row) => string | null, denominator: (r: Row) => string | null, rows = operations): Map<string, number> {
  const top = sums(rows, months, numerator, numeric);
  const bottom = sums(rows, months, denominator, numeric);
  return new Map([...top].filter(([org]) => (bottom.get(org) ?? 0) > 0).map(([org, v]) => [org, v / bottom.get(org)!]));
}

describe('generate: the optional returns of the history bundle', () => {
  it('uses only the data contract\'s columns, codes and number formats', () => {
    expect(validateReturns(root, new Set(reference.trusts.map((t) => t.orgCode)), new Set(monthsOf('2019-04', '2026-03')))).toEqual([]);
  });

  it('gives every trust its sector\'s measures and no other sector\'s', () => {
    const own: Record<Sector, string[]> = {
      acute: ['theatre_session_minutes', 'theatre_touch_minutes'],
      mental_health: ['mh_admissions', 'mh_bed_days'],
      community: ['community_admissions', 'community_bed_days', 'community_contacts', 'community_dna'],
      ambulance: ['ambulance_incidents', 'ambulance_conveyed_ed', 'ambulance_handovers', 'ambulance_handover_minutes_over_15'],
    };
    const everyone = ['corporate_cost_gbp', 'estate_area_m2', 'electricity_kwh', 'gas_kwh', 'energy_cost_gbp', 'operating_income_gbp', 'general_supplies_cost_gbp'];
    const held = new Map<string, Set<string>>();
    for (const r of operations) if (FY2025.has(r.month)) held.set(r.org_code, (held.get(r.org_code) ?? new Set()).add(r.measure));
    for (const trust of reference.trusts) {
      const measures = held.get(trust.orgCode) ?? new Set();
      const allowed = new Set([...own[trust.sector], ...everyone, ...(trust.sector === 'mental_health' ? ['talking_therapies_contacts', 'talking_therapies_dna'] : [])]);
      expect({ org: trust.orgCode, lacking: [...own[trust.sector], ...everyone].filter((m) => !measures.has(m)) }).toEqual({ org: trust.orgCode, lacking: [] });
      expect({ org: trust.orgCode, foreign: [...measures].filter((m) => !allowed.has(m)) }).toEqual({ org: trust.orgCode, foreign: [] });
    }
    const withTalkingTherapies = new Set(operations.filter((r) => r.measure === 'talking_therapies_contacts').map((r) => r.org_code));
    expect(withTalkingTherapies.size).toBeGreaterThan(orgsOf('mental_health').length / 2);
    expect(new Set(operations.filter((r) => r.measure === 'corporate_cost_gbp').map((r) => r.dimension))).toEqual(new Set(MEASURES.corporate_cost_gbp));
    expect(new Set(operations.filter((r) => r.measure === 'mh_bed_days').map((r) => r.dimension)).size).toBe(9);
  });

  it('takes its counts from the same month\'s activity', () => {
    const activityBy = (pod: string, currencies?: string[]) =>
      sums(activity, FY2025, (r) => (r.pod.trim().toUpperCase() === pod && (!currencies || currencies.includes(r.currency.trim())) ? `${r.org_code.trim().toUpperCase()}|${r.month}` : null), (r) => Number(r.count));
    // The missing month's activity never arrived, though the trust's other returns did.
    const unsent = `${plan.roles.missingMonth}|${PLANTED.missingMonth}`;
    const opsBy = (name: string) => sums(operations, FY2025, (r) => (r.measure === name && `${r.org_code}|${r.month}` !== unsent ? `${r.org_code}|${r.month}` : null), numeric);
    const iapt = activityBy('IAPT');
    const talking = opsBy('talking_therapies_contacts');
    expect(talking.size).toBeGreaterThan(100);
    for (const [key, contacts] of talking) expect({ key, contacts }).toEqual({ key, contacts: iapt.get(key) ?? 0 });
    const chs = activityBy('CHS');
    for (const [key, contacts] of opsBy('community_contacts')) expect({ key, contacts }).toEqual({ key, contacts: chs.get(key) ?? 0 });
    const calls = activityBy('AMB', ['01', '02', '03']);
    for (const [key, incidents] of opsBy('ambulance_incidents')) expect({ key, incidents }).toEqual({ key, incidents: calls.get(key) ?? 0 });
  });

  it('staffs each sector with its own groups, the WTE total matching the substantive pay bill', () => {
    const groups = new Map<string, Set<string>>();
    for (const r of workforce) groups.set(r.org_code, (groups.get(r.org_code) ?? new Set()).add(r.staff_group));
    for (const org of orgsOf('acute')) expect(groups.get(org)).toContain('consultant');
    for (const org of orgsOf('ambulance')) expect(groups.get(org)).toContain('ambulance_frontline');
    for (const [org, held] of groups) {
      if (held.has('ambulance_frontline')) expect(sectorOf.get(org)).toBe('ambulance');
      if (held.has('talking_therapies')) expect(sectorOf.get(org)).toBe('mental_health');
    }
    expect([...groups].filter(([org, held]) => held.has('talking_therapies') && sectorOf.get(org) === 'mental_health').length).toBeGreaterThan(20);
    // Pay per WTE (FY 2024/25 nominal substantive pay ÷ mean monthly WTE): a plausible band for every trust.
    const pay = sums(finance, FY2024, (r) => (r.category.trim().toLowerCase() === 'pay_substantive' ? r.org_code.trim().toUpperCase() : null), (r) => Number(r.amount_gbp));
    const wte = sums(workforce, FY2024, (r) => r.org_code, (r) => Number(r.wte) / 12);
    const perWte = [...wte].map(([org, w]) => pay.get(org)! / w);
    expect(Math.min(...perWte)).toBeGreaterThan(Math.min(...Object.values(WTE_COST)));
    expect(Math.max(...perWte)).toBeLessThan(WTE_COST.consultant * 0.75);
    const costliest = (Object.entries(WTE_COST) as [StaffGroup, number][]).sort((a, b) => b[1] - a[1])[0][0];
    expect(costliest).toBe('consultant');
  });

  it('buys medicines in acute and mental health trusts only, switching to the alternatives at different paces', () => {
    expect(medicines.filter((r) => !['acute', 'mental_health'].includes(sectorOf.get(r.org_code)!))).toEqual([]);
    for (const molecule of MOLECULES.filter((m) => m.alternative)) {
      const rows = medicines.filter((r) => r.molecule === molecule.name && r.product === molecule.alternative!.product);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.month >= String(molecule.alternative!.from))).toBe(true);
    }
    expect(medicines.filter((r) => r.molecule === 'pembrolizumab' && r.product !== 'originator')).toEqual([]);
    const originator = rate(FY2025, (r) => (r.product === 'originator' && r.molecule === 'adalimumab' ? r.org_code : null), (r) => (r.molecule === 'adalimumab' ? r.org_code : null), medicines.map((r) => ({ ...r, value: r.quantity })));
    const shares = [...originator.values()];
    expect(Math.max(...shares)).toBeGreaterThan(2 * percentile(shares, 0.5));
  });

  it('holds NCC returns for acute trusts only, FY 2019/20 to 2024/25, from the late starter\'s first full year', () => {
    expect(trustCosts.filter((r) => sectorOf.get(r.org_code) !== 'acute')).toEqual([]);
    expect([...new Set(trustCosts.map((r) => r.year))].sort()).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    expect([...new Set(trustCosts.filter((r) => r.org_code === plan.roles.lateStart).map((r) => r.year))].sort()).toEqual(['2021', '2022', '2023', '2024']);
    expect(new Set(trustCosts.filter((r) => r.year === '2024').map((r) => r.org_code)).size).toBe(orgsOf('acute').length);
  });

  it('gives acute trusts cost indices near 1 that differ by trust and by service line', () => {
    const weight = (pod: string, currency: string) => reference.currenciesByPod.get(pod as never)?.find((c) => c.currency === currency)?.unitCost;
    const index = (year: string, pods?: string[]) => {
      const totals = new Map<string, { cost: number; expected: number }>();
      for (const r of trustCosts) {
        const w = weight(r.pod, r.currency);
        if (r.year !== year || w === undefined || (pods && !pods.includes(r.pod))) continue;
        const t = totals.get(r.org_code) ?? { cost: 0, expected: 0 };
        t.cost += Number(r.cost_gbp);
        t.expected += Number(r.activity) * w;
        totals.set(r.org_code, t);
      }
      return new Map([...totals].map(([org, t]) => [org, t.cost / t.expected]));
    };
    const overall = [...index('2024').values()];
    expect(percentile(overall, 0.5)).toBeGreaterThan(0.9);
    expect(percentile(overall, 0.5)).toBeLessThan(1.25);
    expect(Math.max(...overall) / Math.min(...overall)).toBeGreaterThan(1.4);
    // A trust's elective and non-elective lines are not simply its overall index twice.
    const elective = index('2024', ['EL', 'DC', 'RDNA']);
    const longStay = index('2024', ['NEL_LS']);
    const apart = [...elective].filter(([org, v]) => longStay.has(org) && Math.abs(v / longStay.get(org)! - 1) > 0.1);
    expect(apart.length).toBeGreaterThan(elective.size / 4);
    // The pandemic year's activity was dearer.
    expect(percentile([...index('2020').values()], 0.5)).toBeGreaterThan(1.15 * percentile([...index('2019').values()], 0.5));
  });

  it('varies between trusts: some far beyond the 75th percentile, some better, and every rate moves from year to year', () => {
    const metrics: Record<string, (months: Set<string>) => Map<string, number>> = {
      theatre_utilisation: (m) => rate(m, measure('theatre_touch_minutes'), measure('theatre_session_minutes')),
      mh_los_adult_acute: (m) => rate(m, measure('mh_bed_days', 'adult_acute'), measure('mh_admissions', 'adult_acute')),
      community_los: (m) => rate(m, measure('community_bed_days'), measure('community_admissions')),
      talking_therapies_dna: (m) => rate(m, measure('talking_therapies_dna'), measure('talking_therapies_contacts')),
      conveyance: (m) => rate(m, measure('ambulance_conveyed_ed'), measure('ambulance_incidents')),
      handover_minutes: (m) => rate(m, measure('ambulance_handover_minutes_over_15'), measure('ambulance_handovers')),
      corporate_it: (m) => rate(m, measure('corporate_cost_gbp', 'it'), measure('operating_income_gbp')),
      general_supplies: (m) => rate(m, measure('general_supplies_cost_gbp'), measure('operating_income_gbp')),
      energy_per_m2: (m) => rate(m, (r) => (r.measure === 'electricity_kwh' || r.measure === 'gas_kwh' ? r.org_code : null), measure('estate_area_m2')),
    };
    for (const [name, metric] of Object.entries(metrics)) {
      const now = metric(FY2025);
      const values = [...now.values()];
      expect({ name, trusts: values.length >= 10 }).toEqual({ name, trusts: true });
      const [p25, p75] = [percentile(values, 0.25), percentile(values, 0.75)];
      const spread = p75 - p25;
      expect({ name, spread: spread > 0.08 * percentile(values, 0.5) }).toEqual({ name, spread: true });
      expect({ name, above: Math.max(...values) > p75 + 0.5 * spread, below: Math.min(...values) < p25 - 0.3 * spread }).toEqual({ name, above: true, below: true });
      const before = metric(FY2024);
      const moved = [...now].filter(([org, v]) => before.has(org) && Math.abs(v / before.get(org)! - 1) > 0.002);
      expect({ name, moved: moved.length >= 0.8 * now.size }).toEqual({ name, moved: true });
    }
  });
});
