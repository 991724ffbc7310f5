import Decimal from 'decimal.js';
import { PeriodResult } from './compute';
import { MissingMonth, TrustEstimate } from './estimate';
import { FlagCode } from './flags';
import { MethodologyError } from './errors';

/** "What moved my number": the structured answer a trust board needs for one trust and period. */
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
  flags: { code: FlagCode; evidence: string }[];
  missing: MissingMonth[];
  /** Position in each group the trust is benchmarked in, by productivity growth. */
  peers: { group: string; kind: string; rank: number; of: number; score: Decimal; benchmarkCostPerWau: Decimal | null; costPerWau: Decimal | null }[];
}

const pct = (d: Decimal) => `${d.times(100).toFixed(2)}%`;

function evidence(e: TrustEstimate, code: FlagCode): string {
  switch (code) {
    case 'MISSING_DATA':
      return e.missing.map((m) => `${m.month}: no ${m.missing.join(' or ')}`).join('; ');
    case 'UNWEIGHTED_ACTIVITY':
      return `${pct(e.unweighted.share)} of CWA (both periods) is on fallback weights, over the ${pct(new Decimal(e.settings.thresholds.unweightedShare))} threshold`;
    case 'POD_SHIFT':
      return e.podShifts.map((s) => `${s.pod} share ${pct(s.baseShare)} → ${pct(s.currentShare)}`).join('; ');
    case 'OUTLIER':
      return `productivity growth ${pct(e.measures!.productivityGrowth)} is outside ±${pct(new Decimal(e.settings.thresholds.outlier))}`;
    case 'UNSTABLE':
      return e.band ? `the figure moves within ±${pct(e.band)} from month to month, more than the ${pct(new Decimal(e.settings.thresholds.unstableBand))} threshold` : code;
    case 'TRUST_NOTIFICATION':
      return (e.notifications ?? []).map((n) => `${n.month} ${n.category}: ${n.text}`).join('; ');
    default:
      return code;
  }
}

export function explainEstimate(result: PeriodResult, orgCode: string): Explanation {
  const e = result.estimates.find((x) => x.trust.orgCode === orgCode);
  if (!e) throw new MethodologyError(`trust ${orgCode} is not in the trust list`);
  const output = e.byPod.flatMap((p) => (p.contribution ? [{ component: p.pod, base: p.base, current: p.current, contribution: p.contribution }] : []));
  const input = e.byCategory.flatMap((c) => (c.contribution ? [{ component: c.category, base: c.realBase, current: c.realCurrent, contribution: c.contribution }] : []));
  const largestMovers = [
    ...output.map((o) => ({ side: 'output' as const, component: o.component, contribution: o.contribution })),
    ...input.map((i) => ({ side: 'input' as const, component: i.component, contribution: i.contribution })),
  ]
    .sort((a, b) => b.contribution.abs().comparedTo(a.contribution.abs()))
    .slice(0, 5);
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
    largestMovers,
    flags: e.flags.map((code) => ({ code, evidence: evidence(e, code) })),
    missing: e.missing,
    peers,
  };
}
