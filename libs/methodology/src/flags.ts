import Decimal from 'decimal.js';
import { Pod } from '@nhsp/domain';
import { MethodSettings } from './settings';

/** Data-quality flags, in the order of methodology §6 (estimates list them in this order). */
export const FLAG_CODES = [
  'MISSING_DATA',
  'UNWEIGHTED_ACTIVITY',
  'POD_SHIFT',
  'OUTLIER',
  'RESTATED',
  'TRUST_NOTIFICATION',
  'UNSTABLE',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export function orderFlags(flags: Iterable<FlagCode>): FlagCode[] {
  const present = new Set(flags);
  return FLAG_CODES.filter((code) => present.has(code));
}

export interface PodShare {
  pod: Pod;
  baseShare: Decimal;
  currentShare: Decimal;
}

/** UNWEIGHTED_ACTIVITY: more than the threshold of CWA, over both periods together, from fallback weights. */
export function hasUnweightedActivity(unweightedCwa: Decimal, totalCwa: Decimal, settings: MethodSettings): boolean {
  return !totalCwa.isZero() && unweightedCwa.div(totalCwa).gt(settings.thresholds.unweightedShare);
}

/** POD_SHIFT: the PODs whose share of CWA moved more than the threshold against the base period. */
export function shiftedPods(shares: readonly PodShare[], settings: MethodSettings): PodShare[] {
  return shares.filter((s) => s.currentShare.minus(s.baseShare).abs().gt(settings.thresholds.podShift));
}

/** OUTLIER: productivity growth outside ± the threshold. */
export function isOutlier(productivityGrowth: Decimal, settings: MethodSettings): boolean {
  return productivityGrowth.abs().gt(settings.thresholds.outlier);
}
