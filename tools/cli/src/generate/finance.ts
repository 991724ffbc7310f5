import { FinanceCategory, FinancialYear, isPayCategory, Month } from '@nhsp/domain';
import { expectedCostWeightedActivity, yearsFromAnchor } from './activity';
import { DeflatorSeries, priceIndex } from './deflators';
import { INCLUDED_CATEGORIES, TrustModel } from './model';
import { logNormal, normal, rngFor, uniform } from './prng';

export interface FinanceLine {
  category: FinanceCategory;
  /** Whole pence, so that amounts written to 2 dp and split rows add up exactly. */
  pence: number;
}

/** Pay is mostly fixed month to month; the rest of spend moves with activity. */
const FIXED_SHARE = 0.6;
/** Agency spend falls by 15% a year as trusts convert it to bank and substantive posts. */
const AGENCY_ANNUAL_FACTOR = 0.85;
const EXCEPTIONAL_CHANCE = 0.03;

/**
 * Spend of one trust: national cost of its activity × its efficiency factor, less its
 * underlying productivity gain, split by category and inflated to the year's pay and price level.
 * Caches the financial-year means it needs, so build one per trust and reuse it across months.
 */
export class TrustFinance {
  private readonly yearMeans = new Map<number, number>();

  constructor(
    private readonly seed: number,
    private readonly model: TrustModel,
    private readonly deflators: DeflatorSeries,
  ) {}

  private yearMean(startYear: number): number {
    let mean = this.yearMeans.get(startYear);
    if (mean === undefined) {
      const months = FinancialYear.of(startYear).months;
      mean = months.reduce((sum, m) => sum + expectedCostWeightedActivity(this.model, m), 0) / months.length;
      this.yearMeans.set(startYear, mean);
    }
    return mean;
  }

  month(month: Month): FinanceLine[] {
    const { model, deflators } = this;
    const rng = rngFor(this.seed, model.trust.orgCode, String(month), 'finance');
    const year = month.financialYear.startYear;
    const years = yearsFromAnchor(month);
    const yearMean = this.yearMean(year);
    const activityCost = FIXED_SHARE * yearMean + (1 - FIXED_SHARE) * expectedCostWeightedActivity(model, month);
    const real = model.efficiency * Math.pow(1 + model.productivityTrend, -years) * activityCost;
    const pay = priceIndex(deflators, 'pay', year);
    const prices = priceIndex(deflators, 'prices', year);

    const shares = { ...model.finance.shares };
    const agency = shares.pay_agency * Math.pow(AGENCY_ANNUAL_FACTOR, years);
    shares.pay_substantive += shares.pay_agency - agency;
    shares.pay_agency = agency;

    const lines: FinanceLine[] = INCLUDED_CATEGORIES.map((category) => ({
      category,
      pence: toPence(real * shares[category] * (isPayCategory(category) ? pay : prices) * logNormal(rng, 0.012)),
    }));
    const depreciation = model.efficiency * yearMean * model.finance.depreciationShare * prices;
    lines.push({ category: 'depreciation', pence: toPence(depreciation * (1 + 0.003 * normal(rng))) });
    if (model.finance.pfiShare > 0) {
      // A PFI unitary charge is fixed by contract and indexed once a year.
      const charge = model.efficiency * this.yearMean(2024) * model.finance.pfiShare * prices;
      lines.push({ category: 'pfi_capital_charges', pence: toPence(charge) });
    }
    if (rng() < EXCEPTIONAL_CHANCE) {
      const sign = rng() < 0.15 ? -1 : 1;
      lines.push({ category: 'exceptional', pence: toPence(sign * real * uniform(rng, 0.005, 0.03) * prices) });
    }
    return lines;
  }
}

export function toPence(pounds: number): number {
  return Math.round(pounds * 100);
}

/** Whole pence as pounds with 2 dp, exactly (no floating-point formatting involved). */
export function formatPence(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
