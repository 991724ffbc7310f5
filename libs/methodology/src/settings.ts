import { FinanceCategory, Pod } from '@nhsp/domain';

/**
 * The named settings of methodology.md. Every result records the settings it was computed with,
 * so that any figure can be reproduced.
 */
export interface MethodSettings {
  /** Setting equalisation: `opproc-dc` weights the same currency alike in OPPROC and DC; `none` turns it off. */
  equalisation: 'opproc-dc' | 'none';
  /** Working-day adjustment of elective and outpatient counts in the current period. */
  workingDays: 'on' | 'off';
  /** Finance categories left out of input (one-off, exceptional and capital charges by default). */
  excludedCategories: FinanceCategory[];
  /** The name of the deflator series used (a loaded set, e.g. the NHS Cost Inflation Index). */
  deflatorSeries: string;
  /** Data-quality thresholds, each a strict "more than". */
  thresholds: {
    /** UNWEIGHTED_ACTIVITY: share of CWA, both periods together, from fallback weights. */
    unweightedShare: number;
    /** POD_SHIFT: movement of a POD's share of CWA, as a fraction (0.05 = 5 points). */
    podShift: number;
    /** OUTLIER: absolute productivity growth. */
    outlier: number;
    /** UNSTABLE: the trust's stability band (§10), as a fraction (0.02 = 2 points). */
    unstableBand: number;
  };
  /** The Spending Review's annual productivity growth target (§8), as a fraction. */
  target: number;
  /** The financial year the chained index is 100 in (§9), written `2019/20`. */
  indexBase: string;
  /** Share of nominal clinical supplies spend counted as the `clinical_supplies` opportunity (§11). */
  clinicalSuppliesSaving: number;
}

export const EQUALISATION_GROUPS: Record<MethodSettings['equalisation'], readonly Pod[]> = {
  'opproc-dc': ['OPPROC', 'DC'],
  none: [],
};

/** PODs whose current-period counts the working-day adjustment scales. */
export const WORKING_DAY_PODS: readonly Pod[] = ['EL', 'DC', 'OPPROC', 'OP', 'OP_NCL'];

export const DEFAULT_SETTINGS: MethodSettings = Object.freeze({
  equalisation: 'opproc-dc',
  workingDays: 'off',
  excludedCategories: ['depreciation', 'pfi_capital_charges', 'exceptional'],
  deflatorSeries: 'nhs-cost-inflation-index',
  thresholds: { unweightedShare: 0.005, podShift: 0.05, outlier: 0.1, unstableBand: 0.02 },
  target: 0.02,
  indexBase: '2019/20',
  clinicalSuppliesSaving: 0.03,
}) as MethodSettings;

export function resolveSettings(overrides: Partial<MethodSettings> = {}): MethodSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...overrides,
    excludedCategories: [...(overrides.excludedCategories ?? DEFAULT_SETTINGS.excludedCategories)],
    thresholds: { ...DEFAULT_SETTINGS.thresholds, ...overrides.thresholds },
  };
}
