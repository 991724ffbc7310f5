import { indicatorsTable, opportunitiesTable, OutputTable } from '@nhsp/data-contract';
import {
  BundleInputs,
  computePacks,
  CostWeights,
  IndicatorRow,
  keyIndicators,
  OpportunityRow,
  packInputsOf,
  PeriodResult,
} from '@nhsp/methodology';

/** A period's packs (§11) and key indicators (§12), beside its estimates. */
export interface PackResults {
  packs: OpportunityRow[];
  indicators: IndicatorRow[];
}

/** The packs of every trust and the indicators of every trust with an estimate and of their groups. */
export function packResults(inputs: BundleInputs, result: PeriodResult, weights?: CostWeights): PackResults {
  return {
    packs: computePacks(packInputsOf(inputs, result.settings, weights), result.period),
    indicators: keyIndicators(result.period, result.estimates, inputs),
  };
}

/** `opportunities.csv` and `indicators.csv` as compute writes them. */
export function packTables(results: PackResults): Record<'opportunities.csv' | 'indicators.csv', OutputTable> {
  return { 'opportunities.csv': opportunitiesTable(results.packs), 'indicators.csv': indicatorsTable(results.indicators) };
}
