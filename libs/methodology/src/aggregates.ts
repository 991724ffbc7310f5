import Decimal from 'decimal.js';
import { Trust } from '@nhsp/domain';
import { TrustEstimate } from './estimate';
import { contribution, cwa, inputGrowth, outputGrowth, productivityGrowth } from './formulas';

export type AggregateLevel = 'national' | 'sector' | 'region' | 'peer_group';
export const AGGREGATE_LEVELS: AggregateLevel[] = ['national', 'peer_group', 'region', 'sector'];
export const NATIONAL_GROUP = 'England';

export interface TrustContribution {
  orgCode: string;
  /** (CWA_t(current) − CWA_t(base)) / CWA_aggregate(base) */
  output: Decimal;
  /** (real_t(current) − real_t(base)) / real_aggregate(base) */
  input: Decimal;
}

export interface Aggregate {
  level: AggregateLevel;
  group: string;
  period: string;
  trusts: number;
  cwaBase: Decimal;
  cwaCurrent: Decimal;
  outputGrowth: Decimal | null;
  realSpendBase: Decimal;
  realSpendCurrent: Decimal;
  inputGrowth: Decimal | null;
  productivityGrowth: Decimal | null;
  contributions: TrustContribution[];
}

export function groupOf(trust: Trust, level: AggregateLevel): string {
  switch (level) {
    case 'national':
      return NATIONAL_GROUP;
    case 'sector':
      return trust.sector;
    case 'region':
      return trust.region;
    case 'peer_group':
      return trust.peerGroup;
  }
}

/**
 * An aggregate sums CWA and real spend over the trusts with a valid estimate in both periods,
 * then applies the trust formulas (methodology §4).
 */
export function aggregate(level: AggregateLevel, group: string, period: string, estimates: readonly TrustEstimate[]): Aggregate {
  const valid = estimates.filter((e) => e.measures !== null);
  const m = valid.map((e) => e.measures!);
  const cwaBase = cwa(m.map((x) => x.cwaBase));
  const cwaCurrent = cwa(m.map((x) => x.cwaCurrent));
  const realSpendBase = cwa(m.map((x) => x.realSpendBase));
  const realSpendCurrent = cwa(m.map((x) => x.realSpendCurrent));
  const measurable = valid.length > 0 && !cwaBase.isZero() && !realSpendBase.isZero();
  const output = measurable ? outputGrowth(cwaBase, cwaCurrent) : null;
  const input = measurable ? inputGrowth(realSpendBase, realSpendCurrent) : null;
  return {
    level,
    group,
    period,
    trusts: valid.length,
    cwaBase,
    cwaCurrent,
    outputGrowth: output,
    realSpendBase,
    realSpendCurrent,
    inputGrowth: input,
    productivityGrowth: output && input ? productivityGrowth(output, input) : null,
    contributions: measurable
      ? valid.map((e) => ({
          orgCode: e.trust.orgCode,
          output: contribution(e.measures!.cwaBase, e.measures!.cwaCurrent, cwaBase),
          input: contribution(e.measures!.realSpendBase, e.measures!.realSpendCurrent, realSpendBase),
        }))
      : [],
  };
}

/** National, peer group, region and sector aggregates; each trust counted in exactly one group per level. */
export function aggregateAll(period: string, estimates: readonly TrustEstimate[]): Aggregate[] {
  const result: Aggregate[] = [];
  for (const level of AGGREGATE_LEVELS) {
    const groups = new Map<string, TrustEstimate[]>();
    for (const e of estimates) {
      const name = groupOf(e.trust, level);
      groups.set(name, [...(groups.get(name) ?? []), e]);
    }
    for (const name of [...groups.keys()].sort()) result.push(aggregate(level, name, period, groups.get(name)!));
  }
  return result;
}
