import { FinanceCategory, FinancialYear, isPayCategory, Month } from '@nhsp/domain';
import { expectedCostWeightedActivity } from './activity';
import { DeflatorSeries, priceIndex } from './deflators';
import { agencyLevel, bankLevel, spendUplift } from './history';
import { IncludedCategory, INCLUDED_CATEGORIES, TrustModel } from './model';
import { logNormal, normal, rngFor, uniform } from './prng';

export interface FinanceLine {
  category: FinanceCategory;
  /** Whole pence, so that amounts written to 2 dp and split rows add up exactly. */
  pence: number;
}

/** Pay is mostly fixed month to month; the rest of spend moves with activity. */
const FIXED_SHARE = 0.6;
const EXCEPTIONAL_CHANCE = 0.03;

/**
 * Spend of one trust: national cost of its trend activity × its efficiency factor × its real
 * spend path (its underlying productivity) × the national pandemic uplift, split by category and
 * inflated to the year's pay and price level. Caches the financial-year means it needs, so build
 * one per trust and reuse it across months.
 */
export class TrustFinance {
  private readonly yearMeans = new Map<number, number>();
  /** The month's expected spend, asked for by finance, workforce and the NCC return alike. */
  private readonly monthly = new Map<number, Record<IncludedCategory, number>>();
  private readonly costWeighted = new Map<number, number>();

  constructor(
    private readonly seed: number,
    private readonly model: TrustModel,
    private readonly deflators: DeflatorSeries,
  ) {}

  private yearMean(startYear: number): number {
    let mean = this.yearMeans.get(startYear);
    if (mean === undefined) {
      const months = FinancialYear.of(startYear).months;
      mean = months.reduce((sum, m) => sum + this.costWeightedActivity(m), 0) / months.length;
      this.yearMeans.set(startYear, mean);
    }
    return mean;
  }

  private costWeightedActivity(month: Month): number {
    const key = month.year * 12 + month.month;
    let value = this.costWeighted.get(key);
    if (value === undefined) this.costWeighted.set(key, (value = expectedCostWeightedActivity(this.model, month)));
    return value;
  }

  /** Real operating spend (FY 2023/24 prices) of the month by included category, before noise. */
  expectedReal(month: Month): Record<IncludedCategory, number> {
    const key = month.year * 12 + month.month;
    let real = this.monthly.get(key);
    if (real === undefined) this.monthly.set(key, (real = this.computeReal(month)));
    return real;
  }

  private computeReal(month: Month): Record<IncludedCategory, number> {
    const { model } = this;
    const year = month.financialYear.startYear;
    const activityCost = FIXED_SHARE * this.yearMean(year) + (1 - FIXED_SHARE) * this.costWeightedActivity(month);
    const real = model.efficiency * model.spendPath.at(month) * spendUplift(month) * activityCost;
    const shares = { ...model.finance.shares };
    const agency = shares.pay_agency * Math.max(0.15, 1 + (agencyLevel(year) - 1) * model.finance.agencyResponse);
    const bank = shares.pay_bank * bankLevel(year);
    shares.pay_substantive += shares.pay_agency - agency + shares.pay_bank - bank;
    shares.pay_agency = agency;
    shares.pay_bank = bank;
    return Object.fromEntries(INCLUDED_CATEGORIES.map((c) => [c, real * shares[c]])) as Record<IncludedCategory, number>;
  }

  private readonly levels = new Map<number, { pay: number; prices: number }>();

  private priceLevels(year: number): { pay: number; prices: number } {
    let levels = this.levels.get(year);
    if (!levels) {
      levels = { pay: priceIndex(this.deflators, 'pay', year), prices: priceIndex(this.deflators, 'prices', year) };
      this.levels.set(year, levels);
    }
    return levels;
  }

  month(month: Month): FinanceLine[] {
    const { model } = this;
    const rng = rngFor(this.seed, model.trust.orgCode, String(month), 'finance');
    const year = month.financialYear.startYear;
    const real = this.expectedReal(month);
    const { pay, prices } = this.priceLevels(year);
    const lines: FinanceLine[] = INCLUDED_CATEGORIES.map((category) => ({
      category,
      pence: toPence(real[category] * (isPayCategory(category) ? pay : prices) * logNormal(rng, 0.012)),
    }));
    const depreciation = model.efficiency * this.yearMean(year) * model.finance.depreciationShare * prices;
    lines.push({ category: 'depreciation', pence: toPence(depreciation * (1 + 0.003 * normal(rng))) });
    if (model.finance.pfiShare > 0) {
      // A PFI unitary charge is fixed by contract and indexed once a year.
      const charge = model.efficiency * this.yearMean(2024) * model.finance.pfiShare * prices;
      lines.push({ category: 'pfi_capital_charges', pence: toPence(charge) });
    }
    if (rng() < EXCEPTIONAL_CHANCE) {
      const total = INCLUDED_CATEGORIES.reduce((sum, c) => sum + real[c], 0);
      const sign = rng() < 0.15 ? -1 : 1;
      lines.push({ category: 'exceptional', pence: toPence(sign * total * uniform(rng, 0.005, 0.03) * prices) });
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
