import { Month } from '@nhsp/domain';
import { CurrencyLine, LosModel, TrustModel } from './model';
import { seasonality } from './profiles';
import { logNormal, poisson, Rng, rngFor } from './prng';
import { PLANTED } from './selection';

/** Growth is measured from the middle of FY 2024/25 (between September and October 2024). */
const ANCHOR_MONTH_INDEX = 2024 * 12 + 8.5;

export function yearsFromAnchor(month: Month): number {
  return (month.year * 12 + month.month - 1 - ANCHOR_MONTH_INDEX) / 12;
}

const atOrAfter = (month: Month, start: Month) => month.compare(start) >= 0;

/** Expected POD volume of the month before any planted case: size, mix, season and trend. */
function podExpected(model: TrustModel, pod: CurrencyLine['pod'], month: Month): number {
  const volume = model.podVolume.get(pod) ?? 0;
  const growth = model.podGrowth.get(pod) ?? model.growth;
  return volume * seasonality(pod, month.year, month.month) * Math.pow(1 + growth, yearsFromAnchor(month));
}

/**
 * Expected count of one currency line. `planted` applies the planted cases: the outlier's step
 * in activity and the SDEC trust's move of short stays into A&E. Spend is driven by the
 * unplanted figure, because neither a recording change nor the outlier's step changed costs.
 */
export function expectedCount(model: TrustModel, line: CurrencyLine, month: Month, planted: boolean): number {
  let expected = podExpected(model, line.pod, month) * line.share;
  if (!planted) return expected;
  if (model.roles.has('outlier') && atOrAfter(month, PLANTED.outlierFrom)) expected *= PLANTED.outlierStep;
  if (model.roles.has('sdec') && atOrAfter(month, PLANTED.sdecFrom)) {
    if (line.pod === 'NEL_SS') expected *= 1 - PLANTED.sdecShare;
    if (line.pod === 'AE') expected += PLANTED.sdecShare * podExpected(model, 'NEL_SS', month) * line.share;
  }
  return expected;
}

/** National-cost value of the month's expected activity (before planted cases): what spend follows. */
export function expectedCostWeightedActivity(model: TrustModel, month: Month): number {
  return model.lines.reduce((sum, line) => sum + expectedCount(model, line, month, false) * line.unitCost, 0);
}

export function isMissingMonth(model: TrustModel, month: Month): boolean {
  return model.roles.has('missingMonth') && month.equals(PLANTED.missingMonth);
}

/** One spell's length of stay in days. */
export function drawLos(rng: Rng, los: LosModel): number {
  if (los.oneNight !== undefined) return rng() < los.oneNight ? 1 : 0;
  return los.min + Math.floor(Math.log(1 - rng()) * los.inverseLogQ);
}

export interface MonthRow {
  line: CurrencyLine;
  count: number;
  /** Σ length of stay over the row's spells; null where the POD has no stays. */
  bedDays: number | null;
}

/** The random streams of one trust-month: counts, lengths of stay and (records mode) dates. */
export function countStream(seed: number, model: TrustModel, month: Month): Rng {
  return rngFor(seed, model.trust.orgCode, String(month), 'counts');
}

export function losStream(seed: number, model: TrustModel, month: Month): Rng {
  return rngFor(seed, model.trust.orgCode, String(month), 'los');
}

/**
 * The activity of one trust-month, one row per currency with a positive count, in model order.
 * With `bedDays`, each spell's length of stay is drawn from the trust-month's LOS stream in the
 * same order that records mode draws them, so Σ los_days of the records equals bed_days here.
 */
export function monthActivity(seed: number, model: TrustModel, month: Month, bedDays: boolean): MonthRow[] {
  if (isMissingMonth(model, month)) return [];
  const counts = countStream(seed, model, month);
  const stays = bedDays ? losStream(seed, model, month) : undefined;
  const rows: MonthRow[] = [];
  for (const line of model.lines) {
    const count = poisson(counts, expectedCount(model, line, month, true) * logNormal(counts, 0.02));
    if (count === 0) continue;
    let days: number | null = null;
    if (line.los && stays) {
      days = 0;
      for (let i = 0; i < count; i++) days += drawLos(stays, line.los);
    }
    rows.push({ line, count, bedDays: line.los ? days : null });
  }
  return rows;
}
