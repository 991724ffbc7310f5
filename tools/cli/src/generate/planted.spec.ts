import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isPayCategory, parseFinanceCategory } from '@nhsp/domain';
import { SAMPLE_OPTIONS } from './options';
import { planGeneration } from './plan';
import { loadReference } from './reference';
import { measureTrust, monthsOf, readBundle, readCsv, shareShift } from './spec-support';

/**
 * The committed sample (which sample.spec.ts proves equal to a fresh run with SAMPLE_OPTIONS)
 * shows every planted case of FY 2025/26, and nothing else trips a flag: the cases stand out
 * against realistic noise. (The history's late start and gap fall before the sample's range.)
 */
const SAMPLE = resolve(__dirname, '../../../fixtures/sample');
const reference = loadReference();
const plan = planGeneration(SAMPLE_OPTIONS, reference);
const roles = plan.roles;
const bundle = readBundle(SAMPLE);
const orgCodes = plan.selected.map((t) => t.orgCode);
const PERIODS = ['2025-06', '2025-12', '2026-03'];

function monthTotal(org: string | undefined, month: string, pods: string[]): number {
  const orgs = org === undefined ? orgCodes : [org];
  let total = 0;
  for (const code of orgs) {
    for (const row of bundle.activityByOrg.get(code) ?? []) {
      if (row.month === month && pods.includes(row.pod)) total += row.count;
    }
  }
  return total;
}

describe('generate: the planted cases of the committed sample', () => {
  it('names every planted trust in the README', () => {
    const readme = readFileSync(join(SAMPLE, 'README.md'), 'utf8');
    for (const code of Object.values(roles)) expect(readme).toContain(`\`${code}\``);
    expect(new Set(Object.values(roles)).size).toBe(6);
  });

  it('moves the SDEC trust\'s short stays into A&E from 2025-05: NEL_SS share falls, AE rises', () => {
    for (const period of PERIODS) {
      const measure = measureTrust(bundle, reference, roles.sdec, period);
      expect(shareShift(measure, 'NEL_SS')).toBeLessThan(-0.05);
      expect(shareShift(measure, 'AE')).toBeGreaterThan(0.01);
      expect(Math.abs(measure.productivityGrowth)).toBeLessThan(0.1);
    }
    expect(monthTotal(roles.sdec, '2025-04', ['NEL_SS']) / monthTotal(roles.sdec, '2024-04', ['NEL_SS'])).toBeGreaterThan(0.8);
    for (const month of monthsOf('2025-05', '2026-03')) {
      const yearBefore = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
      expect(monthTotal(roles.sdec, month, ['NEL_SS']) / monthTotal(roles.sdec, yearBefore, ['NEL_SS'])).toBeLessThan(0.25);
      expect(monthTotal(roles.sdec, month, ['AE'])).toBeGreaterThan(monthTotal(roles.sdec, yearBefore, ['AE']) * 1.1);
    }
  });

  it('leaves one trust without any activity for 2025-08 but with its finance', () => {
    const activityMonths = new Set([...bundle.activity.keys()].filter((k) => k.startsWith(`${roles.missingMonth}|`)).map((k) => k.split('|')[1]));
    expect(monthsOf('2024-04', '2026-03').filter((m) => !activityMonths.has(m))).toEqual(['2025-08']);
    expect([...bundle.finance.keys()].filter((k) => k.startsWith(`${roles.missingMonth}|2025-08|`)).length).toBeGreaterThanOrEqual(7);
    expect(measureTrust(bundle, reference, roles.missingMonth, '2025-12').monthsWithoutActivity).toEqual(['2025-08']);
    for (const org of orgCodes.filter((o) => o !== roles.missingMonth)) {
      expect(measureTrust(bundle, reference, org, '2026-03').monthsWithoutActivity).toEqual([]);
    }
  });

  it('uses currencies the schedule lacks: over 0.5% of CWA for one trust, under it for all others', () => {
    const unknown = new Set(
      [...bundle.activity.keys()]
        .map((k) => k.split('|'))
        .filter(([, , pod, currency]) => !reference.currenciesByPod.get(pod as never)?.some((c) => c.currency === currency))
        .map(([, , pod, currency]) => `${pod} ${currency}`),
    );
    expect(unknown.size).toBeGreaterThanOrEqual(3);
    for (const org of orgCodes) {
      const m = measureTrust(bundle, reference, org, '2026-03');
      const share = m.fallbackCwa / (m.cwaBase + m.cwaCurrent);
      if (org === roles.unweighted) expect(share).toBeGreaterThan(0.015);
      else if (org !== roles.missingMonth) expect(share).toBeLessThan(0.005);
    }
  });

  it('gives one trust productivity growth above 10% and keeps every other trust inside ±10% without a POD shift', () => {
    for (const period of PERIODS) {
      expect(measureTrust(bundle, reference, roles.outlier, period).productivityGrowth).toBeGreaterThan(0.1);
      for (const org of orgCodes.filter((o) => o !== roles.outlier && o !== roles.missingMonth)) {
        const m = measureTrust(bundle, reference, org, period);
        expect(Math.abs(m.productivityGrowth)).toBeLessThan(0.1);
        if (org === roles.sdec) continue;
        for (const pod of new Set([...m.podCwaBase.keys(), ...m.podCwaCurrent.keys()])) {
          expect(Math.abs(shareShift(m, pod))).toBeLessThan(0.05);
        }
      }
    }
  });

  it('carries excluded finance lines: depreciation always, PFI for some trusts, a few exceptional items', () => {
    const lines = (category: string) => [...bundle.finance.entries()].filter(([k]) => k.endsWith(`|${category}`));
    expect(lines('depreciation')).toHaveLength(orgCodes.length * 24);
    const pfiTrusts = new Set(lines('pfi_capital_charges').map(([k]) => k.split('|')[0]));
    expect(pfiTrusts.size).toBeGreaterThan(10);
    expect(pfiTrusts.size).toBeLessThan(orgCodes.length / 2);
    expect(lines('exceptional').length).toBeGreaterThan(20);
    expect(lines('exceptional').some(([, pence]) => pence < 0)).toBe(true);
  });

  it('has the quirks of real files: untidy codes and keys split over two rows', () => {
    const activity = readCsv(join(SAMPLE, 'activity.csv'));
    expect(activity.some((r) => r.org_code !== r.org_code.toUpperCase() && r.currency !== r.currency.trim())).toBe(true);
    const keys = activity.map((r) => `${r.org_code}|${r.month}|${r.pod}|${r.currency}`);
    expect(new Set(keys).size).toBeLessThan(keys.length);
    const finance = readCsv(join(SAMPLE, 'finance.csv'));
    expect(finance.some((r) => r.org_code !== r.org_code.trim())).toBe(true);
    const financeKeys = finance.map((r) => `${r.org_code}|${r.month}|${r.category}`);
    expect(new Set(financeKeys).size).toBeLessThan(financeKeys.length);
  });
});

describe('generate: the realism of the committed sample', () => {
  const national = (month: string, pods: string[]) => monthTotal(undefined, month, pods);

  it('has fewer electives in August and December and more emergencies in winter', () => {
    const planned = ['EL', 'DC', 'OPPROC', 'OP'];
    expect(national('2024-08', planned)).toBeLessThan(0.95 * national('2024-07', planned));
    expect(national('2024-08', planned)).toBeLessThan(0.95 * national('2024-09', planned));
    expect(national('2024-12', planned)).toBeLessThan(0.95 * national('2024-11', planned));
    expect(national('2025-01', ['NEL_LS', 'NEL_SS', 'AE'])).toBeGreaterThan(1.05 * national('2024-07', ['NEL_LS', 'NEL_SS', 'AE']));
  });

  it('varies trusts in size and growth', () => {
    const measures = orgCodes
      .filter((o) => !Object.values(roles).includes(o))
      .map((o) => measureTrust(bundle, reference, o, '2026-03'));
    const sizes = measures.map((m) => m.cwaCurrent).sort((a, b) => a - b);
    expect(sizes[sizes.length - 1] / sizes[Math.floor(sizes.length / 2)]).toBeGreaterThan(2.5);
    expect(sizes[sizes.length - 1] / sizes[0]).toBeGreaterThan(8);
    const growth = measures.map((m) => m.outputGrowth);
    expect(Math.min(...growth)).toBeLessThan(-0.01);
    expect(Math.max(...growth)).toBeGreaterThan(0.05);
  });

  it('records bed days by length of stay: short stays 0–1 night, long stays 2 or more, electives 1 or more', () => {
    const wrong: string[] = [];
    let rows = 0;
    for (const [key, { count, bedDays }] of bundle.activity) {
      const pod = key.split('|')[2];
      if (pod === 'NEL_SS' || pod === 'NEL_LS' || pod === 'EL') rows++;
      if (pod === 'NEL_SS' && bedDays > count) wrong.push(key);
      if (pod === 'NEL_LS' && bedDays < 2 * count) wrong.push(key);
      if (pod === 'EL' && bedDays < count) wrong.push(key);
    }
    expect(rows).toBeGreaterThan(10_000);
    expect(wrong).toEqual([]);
  });

  it('grows nominal pay faster than non-pay by about the gap between the pay and prices deflators', () => {
    const nominal = (year: string, pay: boolean) => {
      const months = new Set(monthsOf(`${year}-04`, `${Number(year) + 1}-03`));
      let total = 0;
      for (const [key, pence] of bundle.finance) {
        const [, month, category] = key.split('|');
        if (months.has(month) && !['depreciation', 'pfi_capital_charges', 'exceptional'].includes(category)) {
          if (isPayCategory(parseFinanceCategory(category)) === pay) total += pence;
        }
      }
      return total;
    };
    const payGrowth = nominal('2025', true) / nominal('2024', true) - 1;
    const nonPayGrowth = nominal('2025', false) / nominal('2024', false) - 1;
    const deflators = bundle.deflators.get(2025)!;
    expect(payGrowth - nonPayGrowth).toBeGreaterThan(deflators.pay - deflators.prices - 0.01);
    expect(payGrowth - nonPayGrowth).toBeLessThan(deflators.pay - deflators.prices + 0.01);
  });
});
