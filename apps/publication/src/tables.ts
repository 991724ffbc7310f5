// Rows of the source views → the data contract's output files (same columns and number format
// as `nhsp compute`), and the JSON shape of the same data.
import Decimal from 'decimal.js';
import { AGGREGATES_HEADER, BENCHMARKS_HEADER, ESTIMATES_HEADER, OutputTable, tableToCsv } from '@nhsp/data-contract';
import { Exact, formatFraction, formatPounds } from '@nhsp/domain';
import type { AggregateRow, BenchmarkRow, EstimateRow } from './source-views';

const money = (v: string | null): string | null => (v === null ? null : formatPounds(new Exact(v) as Decimal));
const fraction = (v: string | null): string | null => (v === null ? null : formatFraction(new Exact(v) as Decimal));

export function estimateJson(e: EstimateRow) {
  return {
    org_code: e.org_code,
    name: e.name,
    sector: e.sector,
    region: e.region,
    peer_group: e.peer_group,
    period: e.period,
    months: e.months,
    status: e.status,
    cwa_base: money(e.cwa_base),
    cwa_current: money(e.cwa_current),
    output_growth: fraction(e.output_growth),
    real_spend_base: money(e.real_spend_base),
    real_spend_current: money(e.real_spend_current),
    input_growth: fraction(e.input_growth),
    productivity_growth: fraction(e.productivity_growth),
    vintage: e.vintage,
    flags: e.flags ?? [],
  };
}

export function estimatesCsv(rows: EstimateRow[]): string {
  const table: OutputTable = {
    header: ESTIMATES_HEADER,
    rows: rows.map(estimateJson).map((e) => [
      e.org_code, e.name, e.sector, e.peer_group, e.period, e.months, e.cwa_base, e.cwa_current, e.output_growth,
      e.real_spend_base, e.real_spend_current, e.input_growth, e.productivity_growth, e.vintage, e.flags.join('|'),
    ]),
  };
  return tableToCsv(table);
}

export function aggregateJson(a: AggregateRow) {
  return {
    level: a.level,
    group: a.group,
    period: a.period,
    trusts: a.trusts,
    cwa_base: money(a.cwa_base),
    cwa_current: money(a.cwa_current),
    output_growth: fraction(a.output_growth),
    real_spend_base: money(a.real_spend_base),
    real_spend_current: money(a.real_spend_current),
    input_growth: fraction(a.input_growth),
    productivity_growth: fraction(a.productivity_growth),
  };
}

export function aggregatesCsv(rows: AggregateRow[]): string {
  return tableToCsv({ header: AGGREGATES_HEADER, rows: rows.map((r) => Object.values(aggregateJson(r))) });
}

export function benchmarkJson(b: BenchmarkRow) {
  return {
    org_code: b.org_code,
    period: b.period,
    peer_group: b.peer_group,
    group_kind: b.group_kind,
    metric: b.metric,
    value: fraction(b.value),
    benchmark: fraction(b.benchmark),
    opportunity_gbp: money(b.opportunity_gbp),
    opportunity_units: b.opportunity_units,
    score: b.score === null ? null : new Exact(b.score).toFixed(2),
    rank: b.rank,
    group_size: b.group_size,
  };
}

export function benchmarksCsv(rows: BenchmarkRow[]): string {
  return tableToCsv({
    header: BENCHMARKS_HEADER,
    rows: rows.map(benchmarkJson).map((b) => [b.org_code, b.period, b.peer_group, b.metric, b.value, b.benchmark, b.opportunity_gbp, b.score]),
  });
}
