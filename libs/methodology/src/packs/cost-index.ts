import Decimal from 'decimal.js';
import { FinancialYear, Pod, Trust } from '@nhsp/domain';
import { BenchmarkGroup, benchmarkedRows, excess, inSectorsOf, PackContext, TRUST_COSTS_FILE } from './pack-context';
import { OpportunityRow } from './pack-types';
import { trustCostsYearUpTo } from './returns-index';

/** The five acute groups of §11; every other POD is `other`. */
export const COST_INDEX_GROUPS = {
  non_elective_long_stay: ['NEL_LS'],
  ae_short_stay: ['AE', 'NEL_SS'],
  elective: ['EL', 'DC', 'RDNA'],
  outpatient: ['OP', 'OP_NCL', 'OPPROC'],
} as const satisfies Record<string, readonly Pod[]>;
export type CostIndexGroup = keyof typeof COST_INDEX_GROUPS | 'other';
export const COST_INDEX_GROUP_NAMES: readonly CostIndexGroup[] = ['non_elective_long_stay', 'ae_short_stay', 'elective', 'outpatient', 'other'];

export function costIndexGroupOf(pod: Pod): CostIndexGroup {
  for (const group of Object.keys(COST_INDEX_GROUPS) as (keyof typeof COST_INDEX_GROUPS)[]) {
    if ((COST_INDEX_GROUPS[group] as readonly Pod[]).includes(pod)) return group;
  }
  return 'other';
}

/** The drill-down's dimension: `<POD>:<HRG subchapter>`, the subchapter being the currency's first two characters. */
export function costIndexDetailOf(pod: Pod, currency: string): string {
  return `${pod}:${currency.slice(0, 2)}`;
}

/** A trust's own cost and its expected cost at national average unit costs, Σ activity × w. */
export interface CostAndExpected {
  cost: Decimal;
  expected: Decimal;
}

/** The casemix-adjusted cost index: Σ trust cost / Σ activity × w (about 1 at national average cost). */
export function costIndex(totals: CostAndExpected): Decimal {
  return totals.cost.div(totals.expected);
}

interface TrustCosts {
  /** The financial year of the return used (its first calendar year), or null when there is none up to FY t − 1. */
  year: number | null;
  groups: Map<string, CostAndExpected>;
  details: Map<string, CostAndExpected>;
}

/**
 * A trust's costs of the latest return year ≤ t − 1 for the pack of FY t, over the rows whose
 * (pod, currency) has a schedule weight after equalisation: fallback weights are not used.
 */
export function trustCosts(ctx: PackContext, orgCode: string): TrustCosts {
  const index = ctx.inputs.returns.trustCosts;
  const year = index.latestYear(orgCode, trustCostsYearUpTo(ctx.ytd));
  const groups = new Map<string, CostAndExpected>();
  const details = new Map<string, CostAndExpected>();
  if (year === null) return { year, groups, details };
  const add = (map: Map<string, CostAndExpected>, key: string, cost: Decimal, expected: Decimal) => {
    const t = map.get(key);
    if (!t) map.set(key, { cost, expected });
    else {
      t.cost = t.cost.plus(cost);
      t.expected = t.expected.plus(expected);
    }
  };
  for (const cell of index.cells(orgCode, year)) {
    const weight = ctx.inputs.weights.scheduleWeight(cell.pod, cell.currency);
    if (weight === null) continue;
    const expected = cell.activity.times(weight);
    add(groups, costIndexGroupOf(cell.pod), cell.cost, expected);
    add(details, costIndexDetailOf(cell.pod, cell.currency), cell.cost, expected);
  }
  return { year, groups, details };
}

const peerGroupOf = (trust: Trust): BenchmarkGroup => ({ name: trust.peerGroup, includes: (other) => other.peerGroup === trust.peerGroup });

function podsOf(group: string): string {
  if (group === 'other') return 'PODs other than NEL_LS, AE, NEL_SS, EL, DC, RDNA, OP, OP_NCL, OPPROC';
  return (COST_INDEX_GROUPS[group as keyof typeof COST_INDEX_GROUPS] as readonly string[]).join(', ');
}

/**
 * `cost_index` by the five groups and its drill-down `cost_index_detail` by POD and HRG
 * subchapter: value = Σ cost / Σ activity × w, against the 0.25 point of the trust's peer group
 * for that dimension; £ = max(0, value − benchmark) × Σ activity × w.
 */
export function costIndexRows(ctx: PackContext): OpportunityRow[] {
  // Every period of a financial year reads the same return year: its rows differ only by period.
  const { trustCosts } = ctx.inputs.returns;
  const key = `${ctx.ytd.financialYear.startYear}|${trustCosts.revision}|${ctx.trusts.length}`;
  const rows = byYear.get(trustCosts, ctx.inputs.weights, ctx.inputs.trusts, key, () => yearRows(ctx));
  return rows.map((row) => ({ ...row, period: ctx.period }));
}

/**
 * A financial year's cost-index rows, by the identity of the trust costs, weights and trust list
 * they were made from and by year and the index's revision (history-memo.ts's pattern).
 */
const byYear = new (class {
  private readonly memo = new WeakMap<object, WeakMap<object, WeakMap<object, Map<string, OpportunityRow[]>>>>();

  get(a: object, b: object, c: object, key: string, make: () => OpportunityRow[]): OpportunityRow[] {
    let byB = this.memo.get(a);
    if (!byB) this.memo.set(a, (byB = new WeakMap()));
    let byC = byB.get(b);
    if (!byC) byB.set(b, (byC = new WeakMap()));
    let byKey = byC.get(c);
    if (!byKey) byC.set(c, (byKey = new Map()));
    let rows = byKey.get(key);
    if (!rows) byKey.set(key, (rows = make()));
    return rows;
  }
})();

function yearRows(ctx: PackContext): OpportunityRow[] {
  const acute = inSectorsOf('cost_index');
  const costs = new Map(ctx.trusts.map((t) => [t.orgCode, trustCosts(ctx, t.orgCode)]));
  const fy = (year: number) => String(FinancialYear.of(year));
  const noReturn = { missing: [{ file: TRUST_COSTS_FILE, items: [`a return for ${fy(trustCostsYearUpTo(ctx.ytd))} or earlier`] }] };
  // A drill-down row is only for a trust reporting the dimension; the others are left out without saying why.
  const notReported = { missing: [] };
  const dimensionRows = (metric: 'cost_index' | 'cost_index_detail', dimension: string) => {
    const of = (t: TrustCosts) => (metric === 'cost_index' ? t.groups : t.details);
    const rows = benchmarkedRows<Decimal>(ctx, {
      metric,
      dimension,
      unit: null,
      point: '0.25',
      groupOf: peerGroupOf,
      rowFor: metric === 'cost_index' ? acute : (trust) => acute(trust) && costs.get(trust.orgCode)!.details.has(dimension),
      read: (trust) => {
        const own = costs.get(trust.orgCode)!;
        const totals = of(own).get(dimension);
        if (metric === 'cost_index_detail' && !totals) return notReported;
        if (own.year === null) return noReturn;
        if (!totals) return { missing: [{ file: TRUST_COSTS_FILE, items: [`${podsOf(dimension)} rows with a schedule weight (${fy(own.year)})`] }] };
        if (!totals.expected.gt(0)) return { missing: [{ file: TRUST_COSTS_FILE, items: [`activity of ${dimension} above zero (${fy(own.year)})`] }] };
        return { value: costIndex(totals), basis: totals.expected };
      },
      opportunity: (value, benchmark, expected) => ({ units: null, gbp: excess(value, benchmark).times(expected) }),
    });
    return rows.map((row) => ({ ...row, expectedCostGbp: of(costs.get(row.orgCode)!).get(dimension)?.expected ?? null }));
  };
  const details = [...new Set([...costs.values()].flatMap((t) => [...t.details.keys()]))].sort();
  return [...COST_INDEX_GROUP_NAMES.flatMap((group) => dimensionRows('cost_index', group)), ...details.flatMap((detail) => dimensionRows('cost_index_detail', detail))];
}
