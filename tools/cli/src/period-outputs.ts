import { NotificationRecord } from '@nhsp/data-contract';
import { YearToDate } from '@nhsp/domain';
import { applyNotifications, BundleInputs, computePeriod, CostWeights, MethodSettings, PeriodResult, PlanView } from '@nhsp/methodology';
import { PackResults, packResults } from './pack-outputs';
import { computePlan } from './plan';

/** Everything the CLI computes for a period: estimates (with their notifications and UNSTABLE), the plan view and the packs. */
export interface PeriodOutputs {
  result: PeriodResult;
  plan: PlanView;
  packs: PackResults;
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
  const weights = CostWeights.fromSchedule(inputs.schedule, settings.equalisation);
  const computed = computePeriod(inputs, period, settings, { weights });
  const notified = { ...computed, estimates: applyNotifications(computed.estimates, [...notifications], YearToDate.of(computed.period)) };
  const { view: plan, result } = computePlan(inputs, notified, weights);
  return { result, plan, packs: packResults(inputs, result, weights) };
}
