import Decimal from 'decimal.js';
import { FinancialYear, Month, Trust } from '@nhsp/domain';
import { chainStart } from './chained-index';
import type { BundleInputs } from './compute';
import { CostWeights } from './cost-weights';
import { Measures } from './estimate';
import { bundleLedgerSums, fullYearSums, hasCompleteYear, lastMonthsMeasures, ledgerSums, LedgerSums, MeasureContext, windowMeasures, yearToDateMeasures } from './ledger-measures';

/**
 * Everything the plan view (§8–§10) reads of one trust at period P: measures, not raw data. The
 * CLI builds them from the bundle's ledger (planInputsFromLedger); a service can build the same
 * from a stored ledger or from the estimates it already keeps.
 */
export interface TrustPlanInputs {
  trust: Trust;
  /** The estimate's measures at P; null where the trust has no estimate. */
  yearToDate: Measures | null;
  /** CWA_base_fy, R_base_fy: all 12 months of FY t−1 (nominal = real); null where any lacks activity or finance. */
  previousYear: { cwa: Decimal; realSpend: Decimal } | null;
  /** The last three months of the year to date (fewer at Month 1 and 2) against the same months of FY t−1. */
  lastThreeMonths: Measures | null;
  /** Where the trust's chain starts (§9): the index base, or its first complete year after; null if none yet. */
  indexStart: FinancialYear | null;
  /** Each complete year after the index base up to the last complete one, with its Month 12 measures (null: none). */
  years: { year: FinancialYear; measures: Measures | null }[];
  /** Productivity growth at each of the 13 months ending at P, oldest first (null: no estimate that month). */
  monthly: { period: Month; productivityGrowth: Decimal | null }[];
}

/** The last complete financial year at P: P's own year at Month 12, else the year before. */
export function lastCompleteYear(period: Month): FinancialYear {
  return period.monthOfYear === 12 ? period.financialYear : period.financialYear.previous;
}

/** The months whose growth the band of §10 needs: the 12 ending at P and the one before them. */
export const STABILITY_MONTHS = 13;

export function planInputsFromLedger(trust: Trust, sums: LedgerSums, period: Month, context: MeasureContext): TrustPlanInputs {
  const fy = period.financialYear;
  const last = lastCompleteYear(period);
  const base = FinancialYear.parse(context.settings.indexBase);
  const years: TrustPlanInputs['years'] = [];
  for (let y = base.startYear + 1; y <= last.startYear; y++) {
    const year = FinancialYear.of(y);
    years.push({ year, measures: windowMeasures(sums, year.months, context) });
  }
  const yearToDate = yearToDateMeasures(sums, period, context);
  const monthly: TrustPlanInputs['monthly'] = [];
  for (let back = STABILITY_MONTHS - 1; back >= 1; back--) {
    const month = period.plus(-back);
    monthly.push({ period: month, productivityGrowth: yearToDateMeasures(sums, month, context)?.productivityGrowth ?? null });
  }
  monthly.push({ period, productivityGrowth: yearToDate?.productivityGrowth ?? null });
  return {
    trust,
    yearToDate,
    previousYear: fullYearSums(sums, fy.previous, context),
    lastThreeMonths: lastMonthsMeasures(sums, period, 3, context),
    indexStart: chainStart(base, last, (year) => hasCompleteYear(sums, year)),
    years,
    monthly,
  };
}

/**
 * The first month the plan view of P reads: Month 1 of the index base year (§9), or, if later
 * periods reach further back, Month 1 of FY t−2 (the base year of the 13th month of growth that
 * §10 needs, P − 12 months). Months outside [planHistoryStart(P), P] change nothing at P, so a
 * service that keeps a ledger reads only these.
 */
export function planHistoryStart(period: Month | string, settings: Pick<MeasureContext['settings'], 'indexBase'>): Month {
  const p = typeof period === 'string' ? Month.parse(period) : period;
  const base = FinancialYear.parse(settings.indexBase).month(1);
  const stability = p.financialYear.previous.previous.month(1);
  return String(base) < String(stability) ? base : stability;
}

/** Plan inputs of every trust at P (org code order), each from its ledger's sums; a trust without one has no months. */
export function planInputsFromLedgers(
  trusts: readonly Trust[],
  sumsOf: (orgCode: string) => LedgerSums | undefined,
  period: Month | string,
  context: MeasureContext,
): TrustPlanInputs[] {
  const p = typeof period === 'string' ? Month.parse(period) : period;
  return [...trusts]
    .sort((a, b) => a.orgCode.localeCompare(b.orgCode))
    .map((trust) => planInputsFromLedger(trust, sumsOf(trust.orgCode) ?? ledgerSums({ orgCode: trust.orgCode, months: [] }), p, context));
}

/** Plan inputs of every trust of a bundle at P, through the ledger (weighed once with `weights`). */
export function planInputsFromBundle(bundle: BundleInputs, period: Month | string, weights: CostWeights, context: MeasureContext): TrustPlanInputs[] {
  const ledger = { activity: bundle.activity, finance: bundle.finance, weights };
  return planInputsFromLedgers(bundle.trusts, (orgCode) => bundleLedgerSums(orgCode, ledger), period, context);
}
