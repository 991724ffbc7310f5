// "What moved my number": the structured answer a trust board needs for one trust and period,
// from a computed period (the CLI) or from what a run stored (productivity rebuilds the period's
// estimate of the trust and its benchmarks, stored-estimate.ts). Publication's release answer
// uses the same movers, totals and evidence on its published rows.
import Decimal from 'decimal.js';
import { formatPercent as pct } from '@nhsp/domain';
import { MethodologyError, MissingMonth, PeriodResult, TrustEstimate } from '@nhsp/methodology';
import { largestMovers } from './contributions';
import { FlagEvidence, flagEvidence, RestatedSince } from './flag-evidence';

export interface Explanation {
  orgCode: string;
  name: string;
  period: string;
  status: TrustEstimate['status'];
  outputGrowth: Decimal | null;
  inputGrowth: Decimal | null;
  productivityGrowth: Decimal | null;
  /** Contributions that add up to output growth (by POD) and to input growth (by category). */
  output: { component: string; base: Decimal; current: Decimal; contribution: Decimal }[];
  input: { component: string; base: Decimal; current: Decimal; contribution: Decimal }[];
  /** The components that moved the number most, by absolute contribution, either side. */
  largestMovers: { side: 'output' | 'input'; component: string; contribution: Decimal }[];
  flags: FlagEvidence[];
  missing: MissingMonth[];
  /** Position in each group the trust is benchmarked in, by productivity growth. */
  peers: { group: string; kind: string; rank: number; of: number; score: Decimal; benchmarkCostPerWau: Decimal | null; costPerWau: Decimal | null }[];
}

export interface ExplainContext {
  /** For RESTATED: the run compared with and what was resubmitted since. */
  restated?: RestatedSince;
}

export function explainEstimate(result: PeriodResult, orgCode: string, context: ExplainContext = {}): Explanation {
  const e = result.estimates.find((x) => x.trust.orgCode === orgCode);
  if (!e) throw new MethodologyError(`trust ${orgCode} is not in the trust list`);
  const output = e.byPod.flatMap((p) => (p.contribution ? [{ component: p.pod, base: p.base, current: p.current, contribution: p.contribution }] : []));
  const input = e.byCategory.flatMap((c) => (c.contribution ? [{ component: c.category, base: c.realBase, current: c.realCurrent, contribution: c.contribution }] : []));
  const movers = largestMovers([
    ...output.map((o) => ({ side: 'output' as const, component: o.component, contribution: o.contribution })),
    ...input.map((i) => ({ side: 'input' as const, component: i.component, contribution: i.contribution })),
  ]);
  const mine = result.benchmarks.filter((b) => b.orgCode === orgCode);
  const peers = mine
    .filter((b) => b.metric === 'productivity_growth')
    .map((b) => {
      const cost = mine.find((c) => c.metric === 'cost_per_wau' && c.peerGroup === b.peerGroup && c.groupKind === b.groupKind);
      return { group: b.peerGroup, kind: b.groupKind, rank: b.rank!, of: b.groupSize, score: b.score!, benchmarkCostPerWau: cost?.benchmark ?? null, costPerWau: cost?.value ?? null };
    });
  return {
    orgCode,
    name: e.trust.name,
    period: e.period,
    status: e.status,
    outputGrowth: e.measures?.outputGrowth ?? null,
    inputGrowth: e.measures?.inputGrowth ?? null,
    productivityGrowth: e.measures?.productivityGrowth ?? null,
    output,
    input,
    largestMovers: movers,
    flags: e.flags.map((code) => flagEvidence(code, e, context.restated)),
    missing: e.missing,
    peers,
  };
}

/** The figure in one line: how productivity growth follows from output and input growth. */
export function explanationSummary(x: Pick<Explanation, 'status' | 'outputGrowth' | 'inputGrowth' | 'productivityGrowth'>): string {
  return x.status === 'estimated'
    ? `productivity growth ${pct(x.productivityGrowth)} = (1 + output ${pct(x.outputGrowth)}) / (1 + input ${pct(x.inputGrowth)}) − 1`
    : `no estimate (${x.status})`;
}
