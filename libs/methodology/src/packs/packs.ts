import type { BundleInputs } from '../compute';
import { CostWeights } from '../cost-weights';
import { MethodSettings } from '../settings';
import { ambulanceRows } from './ambulance';
import { communityRows, mentalHealthRows } from './community-mental-health';
import { corporateRows, estatesEnergyRows, generalSuppliesRows } from './corporate-estates';
import { costIndexRows } from './cost-index';
import { clinicalSuppliesRows, temporaryStaffingRows } from './finance-categories';
import { medicinesSwitchRows } from './medicines-switch';
import { PackContext, packContext, PackInputs } from './pack-context';
import { OpportunityRow, PACK_METRICS, PackMetric } from './pack-types';
import { indexReturns } from './returns-index';

const CATEGORIES: ((ctx: PackContext) => OpportunityRow[])[] = [
  costIndexRows,
  temporaryStaffingRows,
  corporateRows,
  estatesEnergyRows,
  generalSuppliesRows,
  clinicalSuppliesRows,
  medicinesSwitchRows,
  communityRows,
  mentalHealthRows,
  ambulanceRows,
];

const order = new Map<PackMetric, number>(PACK_METRICS.map((metric, i) => [metric, i]));

/**
 * Every trust's pack for a period (methodology §11): each category of its sector with value,
 * benchmark and opportunity, or with what it lacked. Independent of the estimates. Rows by org
 * code, then in Table 2's order; a metric's dimensions in their own order.
 */
export function computePacks(inputs: PackInputs, period: string): OpportunityRow[] {
  const ctx = packContext(inputs, period);
  const rows = CATEGORIES.flatMap((category) => category(ctx));
  // Array.prototype.sort is stable: dimensions keep the order their category wrote them in.
  return rows.sort((a, b) => a.orgCode.localeCompare(b.orgCode) || order.get(a.metric)! - order.get(b.metric)!);
}

/** One trust's pack out of a period's rows. */
export function packOf(rows: readonly OpportunityRow[], orgCode: string): OpportunityRow[] {
  return rows.filter((row) => row.orgCode === orgCode);
}

/** The packs' inputs from a bundle's; `weights` when already derived for these settings. */
export function packInputsOf(bundle: BundleInputs, settings: MethodSettings, weights?: CostWeights): PackInputs {
  return {
    trusts: bundle.trusts,
    finance: bundle.finance,
    weights: weights ?? CostWeights.fromSchedule(bundle.schedule, settings.equalisation),
    deflators: bundle.deflators,
    returns: bundle.returns ?? indexReturns({}),
    settings,
  };
}
