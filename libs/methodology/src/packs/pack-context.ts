import Decimal from 'decimal.js';
import { Exact, MissingData, OperationsMeasure, StaffGroup, Trust, YearToDate } from '@nhsp/domain';
import { percentileInc } from '../benchmarks';
import { CostWeights } from '../cost-weights';
import { DeflatorSeries } from '../deflation';
import { FinanceIndex } from '../inputs';
import { MethodSettings } from '../settings';
import { METRIC_SECTORS, OpportunityRow, OpportunityUnit, PackMetric } from './pack-types';
import { MonthlySum, OperationalReturns } from './returns-index';

/** What the packs of a period read: the trust list, finance, the schedule's weights, deflators and the optional returns. */
export interface PackInputs {
  trusts: readonly Trust[];
  finance: FinanceIndex;
  weights: CostWeights;
  deflators: DeflatorSeries;
  returns: OperationalReturns;
  settings: MethodSettings;
}

/** One period's packs being computed: its year-to-date current months (values use only these). */
export interface PackContext {
  period: string;
  ytd: YearToDate;
  months: string[];
  inputs: PackInputs;
  /** Every trust of the list, by org code (benchmarks compare every trust that reports a measure). */
  trusts: readonly Trust[];
  /** Sums of operations measures already taken (operating income is the denominator of five categories). */
  sums: Map<string, MonthlySum | null>;
}

export function packContext(inputs: PackInputs, period: string): PackContext {
  const ytd = YearToDate.of(period);
  const trusts = [...inputs.trusts].sort((a, b) => a.orgCode.localeCompare(b.orgCode));
  return { period: String(ytd.period), ytd, months: ytd.current.map(String), inputs, trusts, sums: new Map() };
}

export const OPERATIONS_FILE = 'operations.csv';
export const WORKFORCE_FILE = 'workforce.csv';
export const FINANCE_FILE = 'finance.csv';
export const MEDICINES_FILE = 'medicines.csv';
export const TRUST_COSTS_FILE = 'trust_costs.csv';
export const UNIT_COSTS_FILE = 'unit_costs.csv';
export const COST_WEIGHTS_FILE = 'cost_weights.csv';

/** Collects what a category lacks, file by file, in the order found. */
export class Lacking {
  private readonly byFile = new Map<string, string[]>();

  add(file: string, item: string): void {
    const items = this.byFile.get(file) ?? [];
    if (!items.includes(item)) items.push(item);
    this.byFile.set(file, items);
  }

  get any(): boolean {
    return this.byFile.size > 0;
  }

  get list(): MissingData[] {
    return [...this.byFile].map(([file, items]) => ({ file, items }));
  }
}

const measureName = (measure: string, dimension: string) => (dimension ? `${measure} (${dimension})` : measure);

/** Σ of an operations measure over the period's months that report it; notes it as lacking when none does. */
export function operations(ctx: PackContext, orgCode: string, lacking: Lacking, measure: OperationsMeasure, dimension = ''): Decimal | null {
  const sum = operationsSum(ctx, orgCode, measure, dimension);
  if (!sum) lacking.add(OPERATIONS_FILE, measureName(measure, dimension));
  return sum?.total ?? null;
}

/** The period's sum of a measure, taken once per trust whichever categories read it. */
export function operationsSum(ctx: PackContext, orgCode: string, measure: OperationsMeasure, dimension = ''): MonthlySum | null {
  const key = `${orgCode}|${measure}|${dimension}`;
  let sum = ctx.sums.get(key);
  if (sum === undefined) ctx.sums.set(key, (sum = ctx.inputs.returns.operations.sum(orgCode, ctx.months, measure, dimension)));
  return sum;
}

/** A stock (estate area): the mean of the months that report it. */
export function operationsMean(ctx: PackContext, orgCode: string, lacking: Lacking, measure: OperationsMeasure): Decimal | null {
  const sum = operationsSum(ctx, orgCode, measure);
  if (!sum) lacking.add(OPERATIONS_FILE, measure);
  return sum ? sum.total.div(sum.months) : null;
}

/** Σ monthly WTE of a staff group (or all groups) over the months that report it. */
export function workforce(ctx: PackContext, orgCode: string, lacking: Lacking, group: StaffGroup | 'total'): Decimal | null {
  const sum = ctx.inputs.returns.workforce.sum(orgCode, ctx.months, group);
  if (!sum) lacking.add(WORKFORCE_FILE, group === 'total' ? 'wte' : `wte (${group})`);
  return sum?.total ?? null;
}

/** A denominator must be above zero for the trust to report the measure (§11). */
export function positive(value: Decimal | null, lacking: Lacking, file: string, name: string): Decimal | null {
  if (value === null) return null;
  if (value.gt(0)) return value;
  lacking.add(file, `${name} above zero`);
  return null;
}

/** What a trust reports for a category: its value and what the opportunity is scaled by, or what it lacks. */
export type Reading<T> = { value: Decimal; basis: T } | { missing: MissingData[] };

export function reading<T>(lacking: Lacking, value: () => Decimal, basis: () => T): Reading<T> {
  return lacking.any ? { missing: lacking.list } : { value: value(), basis: basis() };
}

export interface Opportunity {
  units: Decimal | null;
  gbp: Decimal | null;
  /** What the £ lacked (a unit cost), the units being known. */
  missing?: MissingData[];
}

/** The trusts a benchmark compares: a name for the file and who belongs. */
export interface BenchmarkGroup {
  name: string;
  includes: (trust: Trust) => boolean;
}

export const NATIONAL: BenchmarkGroup = { name: 'England', includes: () => true };

/** The benchmark point: 0.25 for lower-is-better, 0.75 for higher-is-better, the median for energy. */
export type BenchmarkPoint = '0.25' | '0.5' | '0.75';

/** A category compared against a benchmark: how a trust's value is read and its opportunity priced. */
export interface BenchmarkedCategory<T> {
  metric: PackMetric;
  dimension: string | null;
  unit: OpportunityUnit | null;
  point: BenchmarkPoint;
  /** The group a trust is benchmarked in (England, its peer group, or the ambulance sector). */
  groupOf: (trust: Trust) => BenchmarkGroup;
  read: (trust: Trust) => Reading<T>;
  opportunity: (value: Decimal, benchmark: Decimal, basis: T) => Opportunity;
  /** Which trusts get a row; by default the trusts of the metric's sectors. */
  rowFor?: (trust: Trust) => boolean;
}

/** A row of the pack with its identity filled in and every measure empty. */
export function emptyRow(ctx: PackContext, trust: Trust, metric: PackMetric, dimension: string | null, unit: OpportunityUnit | null): OpportunityRow {
  return {
    orgCode: trust.orgCode,
    period: ctx.period,
    sector: trust.sector,
    metric,
    dimension,
    value: null,
    benchmark: null,
    benchmarkGroup: null,
    opportunityUnits: null,
    unit,
    opportunityGbp: null,
    missing: [],
  };
}

export const inSectorsOf = (metric: PackMetric) => (trust: Trust) => METRIC_SECTORS[metric].includes(trust.sector);

/**
 * A benchmarked category's rows: the benchmark takes every trust of the group that reports the
 * measure (at least one row, a denominator above zero), with or without an estimate; each trust
 * of the category's sectors gets a row, with `missing` instead of measures when it lacks the data.
 */
export function benchmarkedRows<T>(ctx: PackContext, category: BenchmarkedCategory<T>): OpportunityRow[] {
  const readings = new Map(ctx.trusts.map((t) => [t.orgCode, category.read(t)]));
  const benchmarks = new Map<string, Decimal | null>();
  const benchmarkOf = (group: BenchmarkGroup): Decimal | null => {
    if (!benchmarks.has(group.name)) {
      const values = ctx.trusts.filter(group.includes).flatMap((t) => {
        const r = readings.get(t.orgCode)!;
        return 'value' in r ? [r.value] : [];
      });
      benchmarks.set(group.name, values.length ? percentileInc(values, category.point) : null);
    }
    return benchmarks.get(group.name)!;
  };
  const rowFor = category.rowFor ?? inSectorsOf(category.metric);
  return ctx.trusts.filter(rowFor).map((trust) => {
    const row = emptyRow(ctx, trust, category.metric, category.dimension, category.unit);
    const r = readings.get(trust.orgCode)!;
    if ('missing' in r) return { ...row, missing: r.missing };
    const group = category.groupOf(trust);
    const benchmark = group.includes(trust) ? benchmarkOf(group) : null;
    if (benchmark === null) return { ...row, value: r.value };
    const opportunity = category.opportunity(r.value, benchmark, r.basis);
    return {
      ...row,
      value: r.value,
      benchmark,
      benchmarkGroup: group.name,
      opportunityUnits: opportunity.units,
      opportunityGbp: opportunity.gbp,
      missing: opportunity.missing ?? [],
    };
  });
}

/** max(0, value − benchmark): how far a lower-is-better value is above its benchmark. */
export function excess(value: Decimal, benchmark: Decimal): Decimal {
  return Exact.max(0, value.minus(benchmark));
}

/** max(0, benchmark − value): how far a higher-is-better value is below its benchmark. */
export function shortfall(value: Decimal, benchmark: Decimal): Decimal {
  return Exact.max(0, benchmark.minus(value));
}

/** Units priced at a unit cost, or units only (with the unit cost named as missing) where the bundle has none. */
export function priced(units: Decimal, unitCost: Decimal | null, lacking: MissingData): Opportunity {
  return unitCost === null ? { units, gbp: null, missing: [lacking] } : { units, gbp: units.times(unitCost) };
}
