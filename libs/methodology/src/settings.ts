import { z } from 'zod';
import { FINANCE_CATEGORIES, FinanceCategory, FinancialYear, Pod } from '@nhsp/domain';
import { MethodologyError } from './errors';

/**
 * The named settings of methodology.md, declared once: each setting's name, allowed values and
 * default. Every result records the settings it was computed with, so that any figure can be
 * reproduced. The CLI, the services' requests (productivity's POST /runs, cost-weights' weights),
 * the queue messages of a run and the stored runs are all read through this schema: a new setting
 * is added here and nowhere else.
 */
export const EQUALISATIONS = ['opproc-dc', 'none'] as const;
export const WORKING_DAYS = ['on', 'off'] as const;
/** The finance categories left out of input unless a run says otherwise: capital charges and one-off costs. */
export const DEFAULT_EXCLUDED_CATEGORIES = ['depreciation', 'pfi_capital_charges', 'exceptional'] as const satisfies readonly FinanceCategory[];

const threshold = (defaultValue: number) => z.number().nonnegative().default(defaultValue);

export const methodSettingsSchema = z.strictObject({
  /** Setting equalisation: `opproc-dc` weights the same currency alike in OPPROC and DC; `none` turns it off. */
  equalisation: z.enum(EQUALISATIONS).default('opproc-dc'),
  /** Working-day adjustment of elective and outpatient counts in the current period. */
  workingDays: z.enum(WORKING_DAYS).default('off'),
  /** Finance categories left out of input (one-off, exceptional and capital charges by default). */
  excludedCategories: z.array(z.enum(FINANCE_CATEGORIES)).default((): FinanceCategory[] => [...DEFAULT_EXCLUDED_CATEGORIES]),
  /** The name of the deflator series used (a loaded set, e.g. the NHS Cost Inflation Index). */
  deflatorSeries: z.string().min(1).default('nhs-cost-inflation-index'),
  /** Data-quality thresholds, each a strict "more than". */
  thresholds: z
    .strictObject({
      /** UNWEIGHTED_ACTIVITY: share of CWA, both periods together, from fallback weights. */
      unweightedShare: threshold(0.005),
      /** POD_SHIFT: movement of a POD's share of CWA, as a fraction (0.05 = 5 points). */
      podShift: threshold(0.05),
      /** OUTLIER: absolute productivity growth. */
      outlier: threshold(0.1),
      /** UNSTABLE: the trust's stability band (§10), as a fraction (0.02 = 2 points). */
      unstableBand: threshold(0.02),
    })
    .prefault({}),
  /** The Spending Review's annual productivity growth target (§8), as a fraction. */
  target: z.number().gt(-1).default(0.02),
  /** The financial year the chained index is 100 in (§9), written `2019/20`. */
  indexBase: z
    .string()
    .refine((value) => isFinancialYear(value), 'a financial year such as 2019/20')
    .default('2019/20'),
  /** Share of nominal clinical supplies spend counted as the `clinical_supplies` opportunity (§11). */
  clinicalSuppliesSaving: z.number().min(0).max(1).default(0.03),
});

export type MethodSettings = z.output<typeof methodSettingsSchema>;
/** Settings as given (a request, a CLI, a stored run of any age): every one optional, defaults for the rest. */
export type SettingsOverrides = z.input<typeof methodSettingsSchema>;

/**
 * The settings a run request may set: all but the deflator series, which a run takes from the
 * deflator set it reads. Strict: an unknown setting is refused, not ignored.
 */
export const requestedSettingsSchema = methodSettingsSchema.omit({ deflatorSeries: true });
export type RequestedSettings = z.input<typeof requestedSettingsSchema>;

function isFinancialYear(value: string): boolean {
  try {
    FinancialYear.parse(value);
    return true;
  } catch {
    return false;
  }
}

export const EQUALISATION_GROUPS: Record<MethodSettings['equalisation'], readonly Pod[]> = {
  'opproc-dc': ['OPPROC', 'DC'],
  none: [],
};

/** PODs whose current-period counts the working-day adjustment scales. */
export const WORKING_DAY_PODS: readonly Pod[] = ['EL', 'DC', 'OPPROC', 'OP', 'OP_NCL'];

/** Settings from overrides, every other setting at its default; a bad value is a MethodologyError naming it. */
export function resolveSettings(overrides: SettingsOverrides = {}): MethodSettings {
  const parsed = methodSettingsSchema.safeParse(overrides);
  if (!parsed.success) {
    throw new MethodologyError(`invalid settings: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export const DEFAULT_SETTINGS: MethodSettings = Object.freeze(resolveSettings());

/** What a run request may carry of a run's settings (its deflator series comes from its inputs). */
export function requestedSettings(settings: MethodSettings): RequestedSettings {
  const { deflatorSeries: _, ...requested } = settings;
  return requested;
}
