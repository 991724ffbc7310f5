// A computed period as table rows. Decimals become plain (non-exponent) strings that PostgreSQL
// reads into numeric without loss; results.repository.ts writes them, one INSERT per table.
import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';
import { Aggregate, PeriodResult, TrustEstimate } from '@nhsp/methodology';
import { ResultsRepository } from './repositories/results.repository';

const text = (value: Decimal | null | undefined): string | null => (value ? value.toFixed() : null);

/** Decimals anywhere in a detail object as plain strings (JSON.stringify would too, but may use exponents). */
function plain(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    // Key by key into one new object (the keys in the same order as Object.entries gives them):
    // the entries arrays, two per key, were most of what a run's results allocated here.
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = plain((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function estimateRow(runId: string, e: TrustEstimate) {
  const m = e.measures;
  return {
    run_id: runId,
    org_code: e.trust.orgCode,
    name: e.trust.name,
    sector: e.trust.sector,
    region: e.trust.region,
    peer_group: e.trust.peerGroup,
    trust_type: e.trust.trustType,
    period: e.period,
    months: e.months,
    status: e.status,
    cwa_base: text(m?.cwaBase),
    cwa_current: text(m?.cwaCurrent),
    output_growth: text(m?.outputGrowth),
    real_spend_base: text(m?.realSpendBase),
    real_spend_current: text(m?.realSpendCurrent),
    input_growth: text(m?.inputGrowth),
    productivity_growth: text(m?.productivityGrowth),
    cost_per_wau: text(m?.costPerWau),
    flags: e.flags,
    // band: the stability band (§10) UNSTABLE was decided on, so an explanation can show it.
    detail: plain({ byPod: e.byPod, byCategory: e.byCategory, missing: e.missing, podShifts: e.podShifts, unweighted: e.unweighted, notifications: e.notifications ?? [], lengthOfStay: e.lengthOfStay ?? [], band: e.band ?? null }),
  };
}

export function aggregateRow(runId: string, a: Aggregate) {
  return {
    run_id: runId,
    level: a.level,
    group_name: a.group,
    period: a.period,
    trusts: a.trusts,
    cwa_base: text(a.cwaBase),
    cwa_current: text(a.cwaCurrent),
    output_growth: text(a.outputGrowth),
    real_spend_base: text(a.realSpendBase),
    real_spend_current: text(a.realSpendCurrent),
    input_growth: text(a.inputGrowth),
    productivity_growth: text(a.productivityGrowth),
    contributions: plain(a.contributions),
  };
}

/** The exact text of each measure of a detail's PODs and categories, as estimateRow wrote it. */
type DetailTexts = { byPod: Array<Record<string, string | null>>; byCategory: Array<Record<string, string | null>> };

/**
 * POD contributions to output and category contributions to input (excluded categories have none), as in contributions.csv.
 * The figures are the texts the estimate's row already holds in its detail (the same toFixed of the same decimals), not written out twice.
 */
export function contributionRows(runId: string, e: TrustEstimate, detail: DetailTexts) {
  if (!e.measures) return [];
  const org = e.trust.orgCode;
  const rows = [];
  // Each row written out, not spread from a shared head: the same keys in the same order.
  for (const [i, p] of e.byPod.entries()) {
    const t = detail.byPod[i];
    rows.push({ run_id: runId, org_code: org, period: e.period, side: 'output', component: p.pod as string, base: t.base, current: t.current, contribution: t.contribution });
  }
  for (const [i, c] of e.byCategory.entries()) {
    if (c.excluded) continue;
    const t = detail.byCategory[i];
    rows.push({ run_id: runId, org_code: org, period: e.period, side: 'input', component: c.category as string, base: t.realBase, current: t.realCurrent, contribution: t.contribution });
  }
  return rows;
}

/** Writes a run's results; the caller holds the transaction that also wrote the run. */
export async function insertResults(db: EntityManager, runId: string, result: PeriodResult): Promise<void> {
  const repository = new ResultsRepository(db);
  const estimates = result.estimates.map((e) => estimateRow(runId, e));
  await repository.insertEstimates(estimates);
  await repository.insertAggregates(result.aggregates.map((a) => aggregateRow(runId, a)));
  await repository.insertContributions(result.estimates.flatMap((e, i) => contributionRows(runId, e, estimates[i].detail as DetailTexts)));
}
