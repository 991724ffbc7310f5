import Decimal from 'decimal.js';
import {
  Exact,
  MedicineProduct,
  MedicineRecord,
  OperationsMeasure,
  OperationsRecord,
  Pod,
  StaffGroup,
  TrustCostRecord,
  UnitCostName,
  UnitCostRecord,
  WorkforceRecord,
  YearToDate,
} from '@nhsp/domain';
import { addTo, CodePairKeys } from '../inputs';
import { MonthPrefixes } from './month-prefixes';

/**
 * The optional operational returns (data contract), indexed once by trust and month so that a
 * period reads only its own months: a national seven-year bundle is read for one period in
 * milliseconds. Rows with the same key are summed, as the readers sum them.
 */

const add = <K>(map: Map<K, Decimal>, key: K, value: Decimal) => map.set(key, addTo(map.get(key), value));

function inner<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/** The map under `key`, made empty if missing: `inner` without a closure per row while indexing a million rows. */
function child<K, K2, V2>(map: Map<K, Map<K2, V2>>, key: K): Map<K2, V2> {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = new Map<K2, V2>()));
  return value;
}

/** A sum over the months reported, and how many of the asked months had a row. */
export interface MonthlySum {
  total: Decimal;
  months: number;
}

/**
 * `operations.csv` by trust, measure and dimension, then month: a measure a trust does not
 * report costs one lookup, whatever the period.
 */
export class OperationsIndex {
  private readonly byOrg = new Map<string, Map<string, Map<string, Decimal>>>();
  private readonly keys = new CodePairKeys();

  static from(records: Iterable<OperationsRecord>): OperationsIndex {
    const index = new OperationsIndex();
    for (const r of records) index.add(r);
    return index;
  }

  private readonly prefixes = new MonthPrefixes<MonthlySum | null>();

  add(record: OperationsRecord): void {
    const measures = child(this.byOrg, record.orgCode);
    const byMonth = child(measures, this.keys.of(record.measure, record.dimension));
    this.prefixes.forget(byMonth);
    add(byMonth, record.month, record.value);
  }

  /** Σ of a measure over the months that report it; null when none of the months has a row of it. */
  sum(orgCode: string, months: readonly string[], measure: OperationsMeasure, dimension = ''): MonthlySum | null {
    const byMonth = this.byOrg.get(orgCode)?.get(`${measure}|${dimension}`);
    if (!byMonth) return null;
    return this.prefixes.get(byMonth, months, '', null, (sum, month) => {
      const value = byMonth.get(month);
      if (value === undefined) return sum;
      return sum === null ? { total: value, months: 1 } : { total: sum.total.plus(value), months: sum.months + 1 };
    });
  }

  /** The dimensions of a measure that the trust reports in any of the months, in first-seen order. */
  dimensions(orgCode: string, months: readonly string[], measure: OperationsMeasure): string[] {
    const found: string[] = [];
    const prefix = `${measure}|`;
    for (const [key, byMonth] of this.byOrg.get(orgCode) ?? []) {
      if (key.startsWith(prefix) && months.some((month) => byMonth.has(month))) found.push(key.slice(prefix.length));
    }
    return found;
  }

  get orgCodes(): string[] {
    return [...this.byOrg.keys()];
  }
}

/** `workforce.csv` by trust, month and staff group. */
export class WorkforceIndex {
  private readonly byOrg = new Map<string, Map<string, Map<StaffGroup, Decimal>>>();

  static from(records: Iterable<WorkforceRecord>): WorkforceIndex {
    const index = new WorkforceIndex();
    for (const r of records) index.add(r);
    return index;
  }

  private readonly prefixes = new MonthPrefixes<MonthlySum>();

  add(record: WorkforceRecord): void {
    const byMonth = child(this.byOrg, record.orgCode);
    this.prefixes.forget(byMonth);
    add(child(byMonth, record.month), record.staffGroup, record.wte);
  }

  /** Σ monthly WTE of one staff group, or of every group (`total`), over the months that report it. */
  sum(orgCode: string, months: readonly string[], group: StaffGroup | 'total'): MonthlySum | null {
    const byMonth = this.byOrg.get(orgCode);
    if (!byMonth) return null;
    // `months` 0 stands for none reported; the total starts at 0 as the one-period loop's did.
    const sum = this.prefixes.get(byMonth, months, group, { total: new Exact(0), months: 0 }, (state, month) => {
      const groups = byMonth.get(month);
      if (!groups) return state;
      let total = state.total;
      if (group === 'total') {
        for (const wte of groups.values()) total = total.plus(wte);
        return { total, months: state.months + 1 };
      }
      const wte = groups.get(group);
      if (wte === undefined) return state;
      return { total: total.plus(wte), months: state.months + 1 };
    });
    return sum.months ? sum : null;
  }
}

export interface QuantityAndCost {
  quantity: Decimal;
  cost: Decimal;
}

/** `medicines.csv` by trust and month, then molecule and product. */
export class MedicinesIndex {
  private readonly byOrg = new Map<string, Map<string, Map<string, Map<MedicineProduct, QuantityAndCost>>>>();

  static from(records: Iterable<MedicineRecord>): MedicinesIndex {
    const index = new MedicinesIndex();
    for (const r of records) index.add(r);
    return index;
  }

  private readonly prefixes = new MonthPrefixes<Map<string, Map<MedicineProduct, QuantityAndCost>>>();

  add(record: MedicineRecord): void {
    const byMonth = child(this.byOrg, record.orgCode);
    this.prefixes.forget(byMonth);
    const products = child(child(byMonth, record.month), record.molecule);
    const total = products.get(record.product);
    if (total) products.set(record.product, { quantity: total.quantity.plus(record.quantity), cost: total.cost.plus(record.cost) });
    // The record itself holds the quantity and cost (and is not changed): no copy per row.
    else products.set(record.product, record);
  }

  /** A trust's quantity and cost per molecule and product over the months; empty when it reports none. */
  totals(orgCode: string, months: readonly string[]): Map<string, Map<MedicineProduct, QuantityAndCost>> {
    const byMonth = this.byOrg.get(orgCode);
    if (!byMonth) return new Map();
    // Held totals are shared by the periods that read them: a month's totals go into a copy.
    return this.prefixes.get(byMonth, months, '', new Map(), (held, month) => {
      const molecules = byMonth.get(month);
      if (!molecules) return held;
      const result = new Map([...held].map(([molecule, products]) => [molecule, new Map(products)]));
      for (const [molecule, products] of molecules) {
        const into = inner(result, molecule, () => new Map<MedicineProduct, QuantityAndCost>());
        for (const [product, value] of products) {
          const total = into.get(product);
          into.set(product, total ? { quantity: total.quantity.plus(value.quantity), cost: total.cost.plus(value.cost) } : value);
        }
      }
      return result;
    });
  }

  get orgCodes(): string[] {
    return [...this.byOrg.keys()];
  }
}

export interface TrustCostCell {
  pod: Pod;
  currency: string;
  activity: Decimal;
  cost: Decimal;
}

/** `trust_costs.csv` by trust and financial year (its first calendar year). */
export class TrustCostsIndex {
  private readonly byOrg = new Map<string, Map<number, Map<string, TrustCostCell>>>();
  private readonly keys = new CodePairKeys();
  /** Rows added so far: a figure memoised from the index (history-memo.ts's Revised) is made again after a later add. */
  revision = 0;

  static from(records: Iterable<TrustCostRecord>): TrustCostsIndex {
    const index = new TrustCostsIndex();
    for (const r of records) index.add(r);
    return index;
  }

  add(record: TrustCostRecord): void {
    this.revision++;
    const cells = child(child(this.byOrg, record.orgCode), record.year);
    const key = this.keys.of(record.pod, record.currency);
    const cell = cells.get(key);
    if (cell) cells.set(key, { ...cell, activity: cell.activity.plus(record.activity), cost: cell.cost.plus(record.cost) });
    else cells.set(key, record);
  }

  /** The latest year up to `upTo` that the trust has a return for, or null. */
  latestYear(orgCode: string, upTo: number): number | null {
    let latest: number | null = null;
    for (const year of this.byOrg.get(orgCode)?.keys() ?? []) if (year <= upTo && (latest === null || year > latest)) latest = year;
    return latest;
  }

  cells(orgCode: string, year: number): Iterable<TrustCostCell> {
    return this.byOrg.get(orgCode)?.get(year)?.values() ?? [];
  }
}

/** `unit_costs.csv`: unit costs the schedule lacks. */
export class UnitCosts {
  private readonly byName: ReadonlyMap<UnitCostName, Decimal>;

  constructor(records: Iterable<UnitCostRecord> = []) {
    this.byName = new Map([...records].map((r) => [r.name, r.gbp]));
  }

  get(name: UnitCostName): Decimal | null {
    return this.byName.get(name) ?? null;
  }
}

/**
 * The months of the monthly returns (workforce, operations, medicines) that one period's packs
 * (§11: its year to date) and key indicators (§12: the year to date and the same months a year
 * earlier, month P and P − 12 among them) read: a caller computing only this period may index
 * only these rows and get the same results.
 */
export function returnMonthsRead(period: string): Set<string> {
  const ytd = YearToDate.of(period);
  return new Set([...ytd.base, ...ytd.current].map(String));
}

/**
 * The latest return year of trust_costs.csv that a period's cost index (§11) may read: FY t − 1 (its
 * first calendar year). Each trust's latest return up to it is read, and no other year: a caller
 * computing only this period may index only those rows and get the same results.
 */
export function trustCostsYearUpTo(ytd: YearToDate): number {
  return ytd.financialYear.startYear - 1;
}

/** Everything the packs and indicators read beyond activity and finance; absent files are empty indexes. */
export interface OperationalReturns {
  trustCosts: TrustCostsIndex;
  workforce: WorkforceIndex;
  operations: OperationsIndex;
  medicines: MedicinesIndex;
  unitCosts: UnitCosts;
}

/** The returns' records (each optional: a bundle without the file gives an empty index), indexed once. */
export function indexReturns(records: {
  trustCosts?: Iterable<TrustCostRecord> | null;
  workforce?: Iterable<WorkforceRecord> | null;
  operations?: Iterable<OperationsRecord> | null;
  medicines?: Iterable<MedicineRecord> | null;
  unitCosts?: Iterable<UnitCostRecord> | null;
}): OperationalReturns {
  return {
    trustCosts: TrustCostsIndex.from(records.trustCosts ?? []),
    workforce: WorkforceIndex.from(records.workforce ?? []),
    operations: OperationsIndex.from(records.operations ?? []),
    medicines: MedicinesIndex.from(records.medicines ?? []),
    unitCosts: new UnitCosts(records.unitCosts ?? []),
  };
}
