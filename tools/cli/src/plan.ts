import { indexTable, OutputTable, stabilityTable, targetsTable } from '@nhsp/data-contract';
import { Exact, formatPercent as percent, formatPounds, Month } from '@nhsp/domain';
import {
  bundleLedgerSums,
  BundleInputs,
  CostWeights,
  NATIONAL_GROUP,
  PeriodResult,
  planInputsFromBundle,
  planInputsFromLedgers,
  PlanView,
  withPlanView,
} from '@nhsp/methodology';
import { ParsedArgs, UsageError } from './args';
import { BundleLedger, ledgerOfSums, sumsOfLedger } from './ledger-cache';

/**
 * compute's plan view (methodology §8–§10): the 2% target, the chained index since the index
 * base year and the stability band, from the bundle's whole history up to the period, and the
 * UNSTABLE flag it puts on the period's estimates.
 */
export function computePlan(inputs: BundleInputs, result: PeriodResult, weights: CostWeights, ledger?: BundleLedger | null): { view: PlanView; result: PeriodResult } {
  const context = { deflators: inputs.deflators, settings: result.settings };
  // A stored ledger holds what weighing the bundle's history gives (ledger-cache.ts): the same sums.
  const planInputs = ledger
    ? planInputsFromLedgers(inputs.trusts, sumsOfLedger(ledger), result.period, context)
    : planInputsFromBundle(inputs, result.period, weights, context);
  return withPlanView(planInputs, result);
}

/** The ledger computePlan weighed from the bundle (memoised there: nothing is weighed again), to store. */
export function weighedLedger(inputs: BundleInputs, weights: CostWeights): BundleLedger {
  const ledger = { activity: inputs.activity, finance: inputs.finance, weights };
  return ledgerOfSums(inputs.trusts.map((t) => bundleLedgerSums(t.orgCode, ledger)));
}

export function planFiles(view: PlanView): Record<string, OutputTable> {
  return {
    'targets.csv': targetsTable(view.targets),
    'index.csv': indexTable(view.index),
    'stability.csv': stabilityTable(view),
  };
}

/** `--target 0.02` or `--target 2%`: the annual productivity growth target (§8), above −100%. */
export function targetOption(args: ParsedArgs): { target: number } | Record<string, never> {
  const value = args.options.target;
  if (value === undefined) return {};
  const match = typeof value === 'string' ? /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%?)\s*$/.exec(value) : null;
  if (!match) throw new UsageError(`--target must be a fraction such as 0.02 or a percentage such as 2% (got "${value === true ? '' : value}")`);
  const target = match[2] ? new Exact(match[1]).div(100) : new Exact(match[1]);
  if (target.lte(-1)) throw new UsageError(`--target must be above -100% (got "${value}")`);
  return { target: target.toNumber() };
}

/** How many trusts are on track, and what England still needs for the rest of the year. */
export function planSummary(view: PlanView): string {
  const target = percent(new Exact(view.settings.target));
  const trusts = view.targets.filter((t) => t.level === 'trust');
  const onTrack = trusts.filter((t) => t.onTrack).length;
  const lines = [`Target ${target} a year: ${onTrack} of ${trusts.length} trusts with an estimate are on track (productivity growth at least ${target}).`];
  const england = view.targets.find((t) => t.level === 'national' && t.group === NATIONAL_GROUP);
  const months = Month.parse(view.period).monthOfYear;
  if (!england) {
    lines.push('England: no trust has the data for a target position.');
  } else if (months === 12) {
    lines.push(`England: the year is complete at ${percent(england.productivityGrowth)} productivity growth, ${england.onTrack ? 'on' : 'not on'} track.`);
  } else if (england.requiredOutputGrowthRest && england.requiredProductivityGrowthRest) {
    const savings = england.savingsNeededGbp;
    const spend = !savings
      ? ''
      : savings.isNegative()
        ? `, or it could spend £${formatPounds(savings.abs())} more (real) and still reach it if output goes on growing as it has`
        : `, or £${formatPounds(savings)} of real savings if output goes on growing as it has`;
    const projected = england.projectedFullYearGrowth ? `; at the last three months' pace the year ends at ${percent(england.projectedFullYearGrowth)}` : '';
    lines.push(
      `England: ${percent(england.productivityGrowth)} so far; to reach ${target} for the year it needs ${percent(england.requiredOutputGrowthRest)} output growth ` +
        `over months ${months + 1}-12 against the same months last year (${percent(england.requiredProductivityGrowthRest)} productivity growth)${spend}${projected}.`,
    );
  }
  const unstable = view.stability.filter((s) => s.band && s.band.gt(view.settings.thresholds.unstableBand)).length;
  const ranks = view.rankStability ? `; rank stability against last month ${view.rankStability.toFixed(3)}` : '';
  lines.push(`Stability: ${unstable} trust(s) move more than ±${percent(new Exact(view.settings.thresholds.unstableBand))} month to month (UNSTABLE)${ranks}.`);
  return lines.join('\n');
}
