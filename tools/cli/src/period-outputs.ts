import { NotificationRecord } from '@nhsp/data-contract';
import { YearToDate } from '@nhsp/domain';
import {
  applyNotifications,
  BundleInputs,
  computePacks,
  computePeriod,
  CostWeights,
  IndicatorRow,
  keyIndicators,
  MethodSettings,
  OpportunityRow,
  packInputsOf,
  PeriodResult,
  PlanView,
} from '@nhsp/methodology';
import { PackResults } from './pack-outputs';
import { computePlan } from './plan';

/** Everything the CLI computes for a period: estimates (with their notifications and UNSTABLE), the plan view and the packs. */
export interface PeriodOutputs {
  result: PeriodResult;
  plan: PlanView;
  packs: PackResults;
}

/** A period's outputs but its packs, which are made only if asked for (compute may have them from its packs thread). */
export interface PeriodOutputsBesidePacks {
  result: PeriodResult;
  plan: PlanView;
  indicators: IndicatorRow[];
  packs: () => OpportunityRow[];
}

/**
 * The one way the CLI computes a period, so that `compute` and `explain` cannot disagree on a
 * flag: methodology §2–§7, notifications.csv's TRUST_NOTIFICATION, the plan view's UNSTABLE
 * (§8–§10) and the packs and indicators (§11–§12), with the weights derived once.
 */
export function computePeriodOutputs(
  inputs: BundleInputs,
  notifications: readonly NotificationRecord[],
  period: string,
  settings: MethodSettings,
): PeriodOutputs {
  const { result, plan, indicators, packs } = computePeriodOutputsBesidePacks(inputs, notifications, period, settings);
  return { result, plan, packs: { packs: packs(), indicators } };
}

export function computePeriodOutputsBesidePacks(
  inputs: BundleInputs,
  notifications: readonly NotificationRecord[],
  period: string,
  settings: MethodSettings,
): PeriodOutputsBesidePacks {
  const weights = CostWeights.fromSchedule(inputs.schedule, settings.equalisation);
  const computed = computePeriod(inputs, period, settings, { weights });
  const notified = { ...computed, estimates: applyNotifications(computed.estimates, [...notifications], YearToDate.of(computed.period)) };
  const { view: plan, result } = computePlan(inputs, notified, weights);
  return {
    result,
    plan,
    indicators: keyIndicators(result.period, result.estimates, inputs),
    // As packResults makes them (pack-outputs.ts), with the same weights.
    packs: () => computePacks(packInputsOf(inputs, result.settings, weights), result.period),
  };
}
