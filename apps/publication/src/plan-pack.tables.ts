// A release's plan view and packs → the data contract's files (targets.csv, index.csv,
// stability.csv, opportunities.csv, indicators.csv), formatted by the very functions `nhsp
// compute` writes them with, so a download equals compute's file for the period; and the JSON
// items, whose fields are the same cells under the same names (so JSON and CSV cannot disagree).
import Decimal from 'decimal.js';
import {
  Cell, IndicatorOutput, indicatorsTable, IndexOutput, indexTable, OpportunityOutput, opportunitiesTable, OutputTable,
  STABILITY_HEADER, tableToCsv, targetsTable,
} from '@nhsp/data-contract';
import { Exact, formatFraction } from '@nhsp/domain';
import type { IndexRecord, IndicatorRecord, OpportunityRecord, SensitivityRecord, StabilityRecord, TargetRecord } from './plan-pack.reads';

const exact = (v: string | null): Decimal | null => (v === null ? null : (new Exact(v) as Decimal));
const fraction = (v: string | null): string | null => (v === null ? null : formatFraction(new Exact(v) as Decimal));

/** The table's rows as objects keyed by its header: the JSON items. */
function items(table: OutputTable): Array<Record<string, Cell>> {
  return table.rows.map((row) => Object.fromEntries(table.header.map((h, i) => [h, row[i] ?? null])));
}

export function targetsFile(rows: readonly TargetRecord[]): OutputTable {
  return targetsTable(rows.map((r) => ({
    level: r.level, group: r.group, period: r.period,
    // A target row always has both (§8): they are NOT NULL at the owner; exact() keeps a gap empty.
    productivityGrowth: exact(r.productivity_growth) as Decimal, target: exact(r.target) as Decimal, onTrack: r.on_track,
    requiredOutputGrowthRest: exact(r.required_output_growth_rest), requiredProductivityGrowthRest: exact(r.required_productivity_growth_rest),
    savingsNeededGbp: exact(r.savings_needed_gbp), projectedFullYearGrowth: exact(r.projected_full_year_growth),
  })));
}

export const targetsJson = (rows: readonly TargetRecord[]) => items(targetsFile(rows)).map((item) => ({ ...item, on_track: item.on_track === 'true' }));

export function indexFile(rows: readonly IndexRecord[]): OutputTable {
  const output: IndexOutput[] = rows.map((r) => ({
    level: r.level, group: r.group, year: r.year,
    // The base year has no growth (empty cells) and index 100.
    growth: r.output_growth === null && r.input_growth === null && r.productivity_growth === null
      ? null
      : { outputGrowth: exact(r.output_growth)!, inputGrowth: exact(r.input_growth)!, productivityGrowth: exact(r.productivity_growth)! },
    index: exact(r.index)!,
  }));
  return indexTable(output);
}

export const indexJson = (rows: readonly IndexRecord[]) => items(indexFile(rows)).map((item, i) => ({ ...item, in_progress: rows[i].in_progress }));

/** stability.csv's rows: the trust rows and, last, England's with rank_stability in `band`. */
export function stabilityFile(rows: readonly StabilityRecord[]): OutputTable {
  return {
    header: STABILITY_HEADER,
    rows: rows.map((r) => [r.org_code, r.period, fraction(r.productivity_growth), fraction(r.month_move), fraction(r.band), fraction(r.revision_range)]),
  };
}

export const stabilityJson = (rows: readonly StabilityRecord[]) => items(stabilityFile(rows));

/** `nhsp sensitivity --out`'s layout: org_code, period, one column per variant, spread. */
export function sensitivityFile(rows: readonly SensitivityRecord[], variants: readonly string[], period: string): OutputTable {
  return {
    header: ['org_code', 'period', ...variants, 'spread'],
    rows: rows.map((r) => [r.org_code, period, ...variants.map((v) => fraction(r.growth[v] ?? null)), fraction(r.spread)]),
  };
}

export const sensitivityJson = (rows: readonly SensitivityRecord[], variants: readonly string[], period: string) =>
  rows.map((r) => ({
    org_code: r.org_code,
    period,
    variants: Object.fromEntries(variants.filter((v) => v in r.growth).map((v) => [v, fraction(r.growth[v])])),
    spread: fraction(r.spread),
  }));

export function opportunitiesFile(rows: readonly OpportunityRecord[]): OutputTable {
  const output: OpportunityOutput[] = rows.map((r) => ({
    orgCode: r.org_code, period: r.period, sector: r.sector, metric: r.metric, dimension: r.dimension,
    value: exact(r.value), benchmark: exact(r.benchmark), benchmarkGroup: r.benchmark_group,
    opportunityUnits: exact(r.opportunity_units), unit: r.unit, opportunityGbp: exact(r.opportunity_gbp), missing: [],
  }));
  const table = opportunitiesTable(output);
  // `missing` is stored as the file writes it (benchmarking's view): put back as it came.
  const at = table.header.indexOf('missing');
  return { header: table.header, rows: table.rows.map((row, i) => row.map((cell, c) => (c === at ? rows[i].missing : cell))) };
}

export const opportunitiesJson = (rows: readonly OpportunityRecord[]) => items(opportunitiesFile(rows));

export function indicatorsFile(rows: readonly IndicatorRecord[]): OutputTable {
  const output: IndicatorOutput[] = rows.map((r) => ({
    level: r.level, group: r.group, period: r.period, indicator: r.indicator, window: r.window,
    base: exact(r.base), current: exact(r.current), change: exact(r.change), changeKind: r.change_kind,
  }));
  return indicatorsTable(output);
}

export const indicatorsJson = (rows: readonly IndicatorRecord[]) => items(indicatorsFile(rows));

export const csvOf = (table: OutputTable): string => tableToCsv(table);
