import Decimal from 'decimal.js';
import { DeflatorRecord, FinanceCategory, FinancialYear, isPayCategory } from '@nhsp/domain';
import { MethodologyError } from './errors';

/**
 * A named inflation series. The deflator for FY t is the inflation from FY t−1 to FY t; a
 * series row for calendar year Y stands for FY Y/Y+1 (methodology §3).
 */
export class DeflatorSeries {
  private readonly byYear: ReadonlyMap<number, DeflatorRecord>;

  constructor(
    readonly name: string,
    records: Iterable<DeflatorRecord>,
  ) {
    this.byYear = new Map([...records].map((r) => [r.year, r]));
  }

  /** π_c(t): pay categories take the pay deflator, everything else the prices deflator. */
  deflator(category: FinanceCategory, year: FinancialYear): Decimal {
    const record = this.byYear.get(year.startYear);
    if (!record) {
      throw new MethodologyError(
        `deflator series "${this.name}" has no row for ${year.startYear} (FY ${year}): a bundle that needs FY ${year} must carry it`,
      );
    }
    return isPayCategory(category) ? record.pay : record.prices;
  }

  /** The same series with the combined pay & prices index for every category, where the series has one. */
  combined(): DeflatorSeries | null {
    const records = [...this.byYear.values()];
    if (records.some((r) => r.payAndPrices === null)) return null;
    return new DeflatorSeries(`${this.name} (pay&prices)`, records.map((r) => ({ ...r, pay: r.payAndPrices!, prices: r.payAndPrices! })));
  }

  get years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }
}

/** Nominal spend of the current period in base-period prices: nominal_c / (1 + π_c(t)). */
export function deflate(nominal: Decimal, deflator: Decimal): Decimal {
  return nominal.div(deflator.plus(1));
}
