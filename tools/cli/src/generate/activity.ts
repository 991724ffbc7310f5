import { Month, Pod } from '@nhsp/domain';
import { losLevel, pandemicFactor } from './history';
import { CurrencyLine, LosShape, TrustModel } from './model';
import { yearIndex } from './paths';
import { seasonality } from './profiles';
import { logNormal, normal, poisson, Rng, rngFor } from './prng';
import { PLANTED } from './selection';

/** Length of stay of one spell in a month: `min` days plus a geometric excess, or a 0/1 day short stay. */
export interface LosModel {
  min: number;
  /** 1 / ln(1 − p) of the geometric excess (mean excess = (1 − p) / p). */
  inverseLogQ: number;
  /** For short stays: the chance of one night rather than none. */
  oneNight?: number;
}

const atOrAfter = (month: Month, start: Month) => month.compare(start) >= 0;
// Taken once: a global lookup per spell is slow under Jest (see prng.ts).
const { log, floor } = Math;

/** Volume the trust's own trend gives a POD in the month (season included), as if no pandemic. */
export function trendVolume(model: TrustModel, pod: Pod, month: Month): number {
  const volume = model.podVolume.get(pod) ?? 0;
  if (volume === 0) return 0;
  return volume * seasonality(pod, month.year, month.month) * model.podPath.get(pod)!.at(month);
}

/**
 * Expected count of one currency line. `planted` applies the pandemic and the planted cases: the
 * outlier's step in activity and the SDEC trust's move of short stays into A&E. Spend follows the
 * trend without them: the pandemic cut activity, not costs, and neither a recording change nor
 * the outlier's step changed what the trust spent.
 */
export function expectedCount(model: TrustModel, line: CurrencyLine, month: Month, planted: boolean): number {
  let expected = trendVolume(model, line.pod, month) * line.share;
  if (!planted) return expected;
  expected *= pandemicFactor(line.pod, month);
  if (model.roles.has('outlier') && atOrAfter(month, PLANTED.outlierFrom)) expected *= PLANTED.outlierStep;
  if (model.roles.has('sdec') && atOrAfter(month, PLANTED.sdecFrom)) {
    if (line.pod === 'NEL_SS') expected *= 1 - PLANTED.sdecShare;
    if (line.pod === 'AE') {
      expected += PLANTED.sdecShare * trendVolume(model, 'NEL_SS', month) * pandemicFactor('NEL_SS', month) * line.share;
    }
  }
  return expected;
}

/** National-cost value of the month's trend activity (no pandemic, nothing planted): what spend follows. */
export function expectedCostWeightedActivity(model: TrustModel, month: Month): number {
  let total = 0;
  let pod: Pod | undefined;
  let volume = 0;
  for (const line of model.lines) {
    if (line.pod !== pod) volume = trendVolume(model, (pod = line.pod), month);
    total += volume * line.share * line.unitCost;
  }
  return total;
}

/** The trust existed in the month: every trust but the late starter before its start. */
export function existed(model: TrustModel, month: Month): boolean {
  return !(model.roles.has('lateStart') && month.compare(PLANTED.lateStartFrom) < 0);
}

/** The trust sends no return of any kind for the month: before its late start, or its gap month. */
export function sendsNothing(model: TrustModel, month: Month): boolean {
  return !existed(model, month) || (model.roles.has('gap') && month.equals(PLANTED.gapMonth));
}

/** No activity rows for the month: the planted missing month, or a month without any return. */
export function isMissingMonth(model: TrustModel, month: Month): boolean {
  return (model.roles.has('missingMonth') && month.equals(PLANTED.missingMonth)) || sendsNothing(model, month);
}

/** The month's length-of-stay model of a line: national level of the year × the trust's own. */
export function losAt(model: TrustModel, shape: LosShape, month: Month): LosModel {
  const year = month.financialYear.startYear;
  const factor = losLevel(year) * (1 + model.losNoise[yearIndex(year)]);
  if (shape.kind === 'short') return { min: 0, inverseLogQ: 0, oneNight: Math.min(0.95, shape.oneNight * factor) };
  const meanExcess = Math.max(0.05, (shape.min + shape.meanExcess) * factor - shape.min);
  const p = 1 / (1 + meanExcess);
  return { min: shape.min, inverseLogQ: 1 / Math.log(1 - p) };
}

/** One spell's length of stay in days. */
export function drawLos(rng: Rng, los: LosModel): number {
  if (los.oneNight !== undefined) return rng() < los.oneNight ? 1 : 0;
  return los.min + floor(log(1 - rng()) * los.inverseLogQ);
}

/** Rows with more spells than this draw their bed days as one sum (normal approximation). */
const SPELLS_DRAWN_ONE_BY_ONE = 48;

/**
 * Bed days of `spells` spells: the sum of their lengths of stay. Up to a few dozen spells each is
 * drawn; beyond, the sum is drawn at once from the normal approximation with the same mean and
 * variance (of a Bernoulli or a geometric excess), which keeps a seven-year history quick.
 */
export function drawBedDays(rng: Rng, los: LosModel, spells: number): number {
  if (spells <= SPELLS_DRAWN_ONE_BY_ONE) {
    let days = 0;
    for (let i = 0; i < spells; i++) days += drawLos(rng, los);
    return days;
  }
  if (los.oneNight !== undefined) {
    const p = los.oneNight;
    return Math.min(spells, Math.max(0, Math.round(spells * p + Math.sqrt(spells * p * (1 - p)) * normal(rng))));
  }
  const q = Math.exp(1 / los.inverseLogQ);
  const p = 1 - q;
  const mean = spells * (los.min + q / p);
  const sd = Math.sqrt((spells * q) / (p * p));
  return Math.max(spells * los.min, Math.round(mean + sd * normal(rng)));
}

/**
 * Lengths of stay of `spells` spells that add up to `bedDays` (as drawBedDays gave): each is
 * drawn, then single days are added to or taken from spells picked at random (never below the
 * minimum stay, never above one night for a short stay) until the sum is right.
 */
export function spellLengths(rng: Rng, los: LosModel, spells: number, bedDays: number): number[] {
  const lengths = Array.from({ length: spells }, () => drawLos(rng, los));
  const most = los.oneNight !== undefined ? 1 : Infinity;
  let gap = bedDays - lengths.reduce((a, b) => a + b, 0);
  while (gap !== 0) {
    const i = Math.floor(rng() * spells);
    if (gap > 0 && lengths[i] < most) {
      lengths[i]++;
      gap--;
    } else if (gap < 0 && lengths[i] > los.min) {
      lengths[i]--;
      gap++;
    }
  }
  return lengths;
}

export interface MonthRow {
  line: CurrencyLine;
  count: number;
  /** Σ length of stay over the row's spells; null where the POD has no stays (or none were drawn). */
  bedDays: number | null;
  /** The month's length-of-stay model of the line, for the records of its spells. */
  los: LosModel | null;
}

/** The random streams of one trust-month: counts, lengths of stay and (records mode) dates. */
export function countStream(seed: number, model: TrustModel, month: Month): Rng {
  return rngFor(seed, model.trust.orgCode, String(month), 'counts');
}

export function losStream(seed: number, model: TrustModel, month: Month): Rng {
  return rngFor(seed, model.trust.orgCode, String(month), 'los');
}

/**
 * The activity the trust had in the month, whether or not it sent it: one row per currency with
 * a positive count, in model order. With `bedDays`, each row's bed days are drawn from the
 * trust-month's LOS stream; records mode draws the same sums and spreads them over the spells,
 * so Σ los_days of the records equals bed_days here.
 */
export function monthActivityHad(seed: number, model: TrustModel, month: Month, bedDays: boolean): MonthRow[] {
  const counts = countStream(seed, model, month);
  const stays = bedDays ? losStream(seed, model, month) : undefined;
  const rows: MonthRow[] = [];
  // Lines of a POD are consecutive: their POD's volume is worked out once.
  let pod: Pod | undefined;
  let podVolume = 0;
  for (const line of model.lines) {
    if (line.pod !== pod) {
      pod = line.pod;
      podVolume = expectedCount(model, { ...line, share: 1 }, month, true);
    }
    const count = poisson(counts, podVolume * line.share * logNormal(counts, 0.02));
    if (count === 0) continue;
    const los = line.los ? losAt(model, line.los, month) : null;
    rows.push({ line, count, bedDays: los && stays ? drawBedDays(stays, los, count) : null, los });
  }
  return rows;
}

/** The activity rows the trust sent for the month (none for a missing month). */
export function monthActivity(seed: number, model: TrustModel, month: Month, bedDays: boolean): MonthRow[] {
  return isMissingMonth(model, month) ? [] : monthActivityHad(seed, model, month, bedDays);
}
