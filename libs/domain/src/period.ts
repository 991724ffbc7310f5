import { DomainError } from './errors';

/** A calendar month `YYYY-MM`, held as year and month number so it cannot be malformed. */
export class Month {
  private constructor(
    readonly year: number,
    readonly month: number,
  ) {}

  static parse(value: string): Month {
    const match = /^(\d{4})-(\d{2})$/.exec(value.trim());
    if (!match) throw new DomainError(`"${value}" is not a month (expected YYYY-MM)`);
    return Month.of(Number(match[1]), Number(match[2]));
  }

  static of(year: number, month: number): Month {
    if (!Number.isInteger(year) || year < 1900 || year > 2999) throw new DomainError(`year ${year} is out of range`);
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new DomainError(`month ${month} is not 1..12`);
    return new Month(year, month);
  }

  /** The financial year (April..March) this month belongs to. */
  get financialYear(): FinancialYear {
    return FinancialYear.of(this.month >= 4 ? this.year : this.year - 1);
  }

  /** Month number within the financial year: April = 1 .. March = 12. */
  get monthOfYear(): number {
    return ((this.month + 8) % 12) + 1;
  }

  plus(months: number): Month {
    const index = this.year * 12 + (this.month - 1) + months;
    return Month.of(Math.floor(index / 12), (index % 12) + 1);
  }

  compare(other: Month): number {
    return this.year * 12 + this.month - (other.year * 12 + other.month);
  }

  equals(other: Month): boolean {
    return this.compare(other) === 0;
  }

  /** Days in this calendar month (leap years counted). */
  get days(): number {
    return new Date(Date.UTC(this.year, this.month, 0)).getUTCDate();
  }

  toString(): string {
    return `${this.year}-${String(this.month).padStart(2, '0')}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Financial year FY t, April of `startYear` to March of the next, written `2025/26`. */
export class FinancialYear {
  private constructor(readonly startYear: number) {}

  static of(startYear: number): FinancialYear {
    if (!Number.isInteger(startYear) || startYear < 1900 || startYear > 2998) {
      throw new DomainError(`financial year ${startYear} is out of range`);
    }
    return new FinancialYear(startYear);
  }

  static parse(value: string): FinancialYear {
    const match = /^(\d{4})\/(\d{2})$/.exec(value.trim());
    if (!match || (Number(match[1]) + 1) % 100 !== Number(match[2])) {
      throw new DomainError(`"${value}" is not a financial year (expected e.g. 2025/26)`);
    }
    return FinancialYear.of(Number(match[1]));
  }

  get previous(): FinancialYear {
    return FinancialYear.of(this.startYear - 1);
  }

  /** Month m of the year: M1 = April .. M12 = March. */
  month(m: number): Month {
    if (!Number.isInteger(m) || m < 1 || m > 12) throw new DomainError(`M${m} is not a month of a financial year`);
    return Month.of(this.startYear, 4).plus(m - 1);
  }

  get months(): Month[] {
    return Array.from({ length: 12 }, (_, i) => this.month(i + 1));
  }

  toString(): string {
    return `${this.startYear}/${String((this.startYear + 1) % 100).padStart(2, '0')}`;
  }
}

/**
 * The estimate for period `YYYY-MM` is Month m year-to-date: April..that month (current) against
 * the same months a year earlier (base), methodology §1.
 */
export class YearToDate {
  readonly current: Month[];
  readonly base: Month[];

  private constructor(readonly period: Month) {
    const fy = period.financialYear;
    this.current = fy.months.slice(0, period.monthOfYear);
    this.base = fy.previous.months.slice(0, period.monthOfYear);
  }

  static of(period: Month | string): YearToDate {
    return new YearToDate(typeof period === 'string' ? Month.parse(period) : period);
  }

  get months(): number {
    return this.current.length;
  }

  get financialYear(): FinancialYear {
    return this.period.financialYear;
  }
}
