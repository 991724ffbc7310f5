import { resolve } from 'node:path';
import { YearToDate } from '@nhsp/domain';
import {
  BundleInputs,
  bundleLedgerSums,
  bundleLedgers,
  estimateInputs,
  estimateTrust,
  ledgerFromJson,
  LedgerSums,
  ledgerSums,
  Measures,
  MethodSettings,
  resolveSettings,
  TrustLedger,
  yearToDateMeasures,
} from '@nhsp/methodology';
import { loadBundleInputs } from './bundle-inputs';

// The plan view (§8–§10) reads every year-to-date measure from the ledger (one exact sum per
// trust and month) instead of weighing the activity again; these are the estimate's own
// numbers only if they agree with estimateTrust to the last digit, for every trust and period.
const GOLDEN = resolve(__dirname, '../../fixtures/golden');
const CASES: { bundle: string; periods: string[] }[] = [
  // Month 1, the pandemic year, a trust missing a month of 2021/22, Month 12s, one missing January 2025.
  { bundle: 'history-bundle', periods: ['2020-04', '2020-09', '2021-12', '2022-03', '2023-02', '2025-01', '2025-10', '2026-03'] },
  { bundle: 'bundle', periods: ['2025-04', '2025-06', '2025-12'] },
];
const SETTINGS: [string, MethodSettings][] = [
  ['default settings', resolveSettings()],
  ['working days on, no equalisation, nothing excluded', resolveSettings({ workingDays: 'on', equalisation: 'none', excludedCategories: [] })],
];
const FIELDS: (keyof Measures)[] = ['cwaBase', 'cwaCurrent', 'outputGrowth', 'realSpendBase', 'realSpendCurrent', 'inputGrowth', 'productivityGrowth', 'costPerWau'];

const text = (m: Measures | null) => (m ? Object.fromEntries(FIELDS.map((f) => [f, m[f].toString()])) : null);

describe.each(CASES)('the ledger of $bundle', ({ bundle, periods }) => {
  let inputs: BundleInputs;
  beforeAll(async () => {
    inputs = (await loadBundleInputs(resolve(GOLDEN, bundle))).inputs;
  });

  describe.each(SETTINGS)('with %s', (_name, settings) => {
    let ledgers: TrustLedger[];
    let sums: Map<string, LedgerSums>;
    let estimate: ReturnType<typeof estimateInputs>;
    beforeAll(() => {
      estimate = estimateInputs(inputs, settings);
      ledgers = bundleLedgers(inputs.trusts, { activity: inputs.activity, finance: inputs.finance, weights: estimate.weights });
      sums = new Map(ledgers.map((l) => [l.orgCode, ledgerSums(l)]));
    });

    it('runs the same totals straight from the bundle as through the stored ledger', () => {
      for (const ledger of ledgers) {
        expect(bundleLedgerSums(ledger.orgCode, { activity: inputs.activity, finance: inputs.finance, weights: estimate.weights })).toEqual(sums.get(ledger.orgCode));
      }
      expect(ledgers.every((l) => l.months.length > 0)).toBe(true);
    });

    it('gives every trust the measures estimateTrust gives, digit for digit, in every period', () => {
      const disagreements: string[] = [];
      let estimated = 0;
      let missing = 0;
      for (const period of periods) {
        for (const ledger of ledgers) {
          const trust = inputs.trusts.find((t) => t.orgCode === ledger.orgCode)!;
          const expected = text(estimateTrust(trust, YearToDate.of(period), estimate).measures);
          const actual = text(yearToDateMeasures(sums.get(ledger.orgCode)!, YearToDate.of(period).period, estimate));
          if (expected) estimated++;
          else missing++;
          if (JSON.stringify(actual) !== JSON.stringify(expected)) disagreements.push(`${ledger.orgCode} ${period}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
        }
      }
      expect(disagreements).toEqual([]);
      expect(estimated).toBeGreaterThan(periods.length * 10);
      expect(missing).toBeGreaterThan(0);
    });

    it('survives a trip through JSON unchanged, so a service can store it', () => {
      for (const ledger of ledgers) {
        const revived = ledgerFromJson(JSON.parse(JSON.stringify(ledger)));
        expect(revived.months.length).toBe(ledger.months.length);
        expect(ledgerSums(revived)).toEqual(sums.get(ledger.orgCode));
        revived.months.forEach((m, i) => expect(m.cwa.eq(ledger.months[i].cwa) && m.cwaWorkingDayPods.eq(ledger.months[i].cwaWorkingDayPods)).toBe(true));
      }
    });
  });
});
