// What `nhsp compute` does for one period once the bundle is read (tools/cli/src/period-outputs.ts,
// less the notifications, which the benches' bundles lack), step by step so a bench can time each
// step: one copy for bench:compute's stage profile and bench:recompute's CLI floor. The CSV text
// of every output file is made, not written.
import { aggregatesTable, benchmarksTable, contributionsTable, estimatesTable, tableToCsv } from '@nhsp/data-contract';
import { BundleInputs, computePeriod, CostWeights, MethodSettings } from '@nhsp/methodology';
import { packResults, packTables } from '../../cli/src/pack-outputs';
import { computePlan, planFiles } from '../../cli/src/plan';

export type ComputeStage = 'estimatesMs' | 'planViewMs' | 'packsAndIndicatorsMs' | 'outputFilesMs';

/** Computes `period`, calling `lap` as each step ends and `csv` (when given) with each output file's text, in a fixed order. */
export function computeStagedPeriod(
  inputs: BundleInputs,
  period: string,
  settings: MethodSettings,
  weights: CostWeights,
  lap: (stage: ComputeStage) => void,
  csv?: (text: string) => void,
): void {
  const computed = computePeriod(inputs, period, settings, { weights });
  lap('estimatesMs');
  const { view: plan, result } = computePlan(inputs, computed, weights);
  lap('planViewMs');
  const packs = packResults(inputs, result, weights);
  lap('packsAndIndicatorsMs');
  const files = [
    estimatesTable(result.estimates, 'provisional'),
    aggregatesTable(result.aggregates),
    contributionsTable(result.estimates),
    benchmarksTable(result.benchmarks),
    ...Object.values(packTables(packs)),
    ...Object.values(planFiles(plan)),
  ];
  for (const table of files) {
    const text = tableToCsv(table);
    csv?.(text);
  }
  lap('outputFilesMs');
}
