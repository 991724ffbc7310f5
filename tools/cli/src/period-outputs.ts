import { NotificationRecord } from '@nhsp/data-contract';
import { YearToDate } from '@nhsp/domain';
import { applyNotifications, BundleInputs, computePeriod, CostWeights, MethodSettings, PeriodResult, PlanView } from '@nhsp/methodology';
import { PackResults, packResults } from './pack-outputs';
import { BundleLedger } from './ledger-cache';
import { computePlan, weighedLedger } from './plan';

/** Everything the CLI computes for a period: estimates (with their notifications and UNSTABLE), the plan view and the packs. */
export interface PeriodOutputs {
  result: PeriodResult;
  plan: PlanView;
  packs: PackResults;
  /** The weighed ledger the plan view read (given, or weighed from the bundle): what the ledger cache stores. */
  ledger: () => BundleLedger;
}

/**
 * The one way the CLI computes a period, so that `compute` and `explain` cannot disagree on a
 * flag: methodology §2–§7, notifications.csv's TRUST_NOTIFICATION, the plan view's UNSTABLE
 * (§8–§10) and the packs and indicators (§11–§12), with the weights derived once; the plan view
 * from `ledger` when given (the bundle's weighed ledger, ledger-cache.ts), else from the bundle.
 */
export function computePeriodOutputs(
  inputs: BundleInputs,
  notifications: readonly NotificationRecord[],
  period: string,
  settings: MethodSettings,
  ledger?: BundleLedger | null,
): PeriodOutputs {
  const weights = CostWeights.fromSchedule(inputs.schedule, settings.equalisation);
  const computed = computePeriod(inputs, period, settings, { weights });
  const notified = { ...computed, estimates: applyNotifications(computed.estimates, [...notifications], YearToDate.of(computed.period)) };
  const { view: plan, result } = computePlan(inputs, notified, weights, ledger);
  return { result, plan, packs: packResults(inputs, result, weights), ledger: () => ledger ?? weighedLedger(inputs, weights) };
}
