import Decimal from 'decimal.js';
import { formatFraction, formatPounds } from '@nhsp/domain';
import type { Sector } from '@nhsp/domain';
import { CsvCell, toCsv } from '../csv-writer';

/**
 * The output files of the data contract, column for column. Growth rates are unrounded (17
 * significant digits), CWA and money to 2 dp; empty cells where a measure does not apply.
 *
 * Each table takes the fields its columns need, declared here: the contract is below the
 * methodology (whose results have these fields) and does not import it.
 */
export type Cell = CsvCell;

type Amount = Decimal | null | undefined;

/** A trust's estimate as estimates.csv and contributions.csv need it. */
export interface EstimateOutput {
  trust: { orgCode: string; name: string; sector: Sector | string; peerGroup: string };
  period: string;
  months: number;
  measures: { cwaBase: Decimal; cwaCurrent: Decimal; outputGrowth: Decimal; realSpendBase: Decimal; realSpendCurrent: Decimal; inputGrowth: Decimal; productivityGrowth: Decimal } | null;
  flags: readonly string[];
  byPod: readonly { pod: string; base: Decimal; current: Decimal; contribution: Amount }[];
  byCategory: readonly { category: string; excluded: boolean; realBase: Decimal; realCurrent: Decimal; contribution: Amount }[];
}

/** A group's aggregate as aggregates.csv needs it. */
export interface AggregateOutput {
  level: string;
  group: string;
  period: string;
  trusts: number;
  cwaBase: Decimal;
  cwaCurrent: Decimal;
  outputGrowth: Amount;
  realSpendBase: Decimal;
  realSpendCurrent: Decimal;
  inputGrowth: Amount;
  productivityGrowth: Amount;
}

/** A benchmark row as benchmarks.csv needs it. */
export interface BenchmarkOutput {
  orgCode: string;
  period: string;
  peerGroup: string;
  metric: string;
  value: Amount;
  benchmark: Amount;
  opportunityGbp: Amount;
  score: Amount;
}

export interface OutputTable {
  header: readonly string[];
  rows: Cell[][];
}

export const ESTIMATES_HEADER = [
  'org_code', 'name', 'sector', 'peer_group', 'period', 'months', 'cwa_base', 'cwa_current', 'output_growth',
  'real_spend_base', 'real_spend_current', 'input_growth', 'productivity_growth', 'vintage', 'flags',
] as const;
export const AGGREGATES_HEADER = [
  'level', 'group', 'period', 'trusts', 'cwa_base', 'cwa_current', 'output_growth', 'real_spend_base',
  'real_spend_current', 'input_growth', 'productivity_growth',
] as const;
export const CONTRIBUTIONS_HEADER = ['org_code', 'period', 'side', 'component', 'base', 'current', 'contribution'] as const;
export const BENCHMARKS_HEADER = ['org_code', 'period', 'peer_group', 'metric', 'value', 'benchmark', 'opportunity_gbp', 'score'] as const;

const money = (value: Decimal | null | undefined): Cell => (value ? formatPounds(value) : null);
const fraction = (value: Decimal | null | undefined): Cell => (value ? formatFraction(value) : null);

export function estimatesTable(estimates: readonly EstimateOutput[], vintage: string): OutputTable {
  return {
    header: ESTIMATES_HEADER,
    rows: estimates.map((e) => {
      const m = e.measures;
      return [
        e.trust.orgCode, e.trust.name, e.trust.sector, e.trust.peerGroup, e.period, e.months,
        money(m?.cwaBase), money(m?.cwaCurrent), fraction(m?.outputGrowth),
        money(m?.realSpendBase), money(m?.realSpendCurrent), fraction(m?.inputGrowth), fraction(m?.productivityGrowth),
        vintage, e.flags.join('|'),
      ];
    }),
  };
}

export function aggregatesTable(aggregates: readonly AggregateOutput[]): OutputTable {
  return {
    header: AGGREGATES_HEADER,
    rows: aggregates.map((a) => [
      a.level, a.group, a.period, a.trusts, money(a.cwaBase), money(a.cwaCurrent), fraction(a.outputGrowth),
      money(a.realSpendBase), money(a.realSpendCurrent), fraction(a.inputGrowth), fraction(a.productivityGrowth),
    ]),
  };
}

/** POD contributions to output growth and category contributions to input growth (excluded categories have none). */
export function contributionsTable(estimates: readonly EstimateOutput[]): OutputTable {
  const rows: Cell[][] = [];
  for (const e of estimates) {
    if (!e.measures) continue;
    for (const p of e.byPod) rows.push([e.trust.orgCode, e.period, 'output', p.pod, money(p.base), money(p.current), fraction(p.contribution)]);
    for (const c of e.byCategory) {
      if (c.excluded) continue;
      rows.push([e.trust.orgCode, e.period, 'input', c.category, money(c.realBase), money(c.realCurrent), fraction(c.contribution)]);
    }
  }
  return { header: CONTRIBUTIONS_HEADER, rows };
}

export function benchmarksTable(rows: readonly BenchmarkOutput[]): OutputTable {
  return {
    header: BENCHMARKS_HEADER,
    rows: rows.map((r) => [
      r.orgCode, r.period, r.peerGroup, r.metric, fraction(r.value), fraction(r.benchmark),
      r.opportunityGbp ? formatPounds(r.opportunityGbp) : null, r.score ? r.score.toFixed(2) : null,
    ]),
  };
}

export function tableToCsv(table: OutputTable): string {
  return toCsv(table.header, table.rows);
}
