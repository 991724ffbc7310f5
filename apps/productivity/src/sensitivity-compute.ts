// The CPU-heavy part of a run's method sensitivity - the period recomputed under every standard
// variant - from plain rows to plain answers, with no I/O: what the sensitivity worker thread
// runs (sensitivity-thread.ts). Growth figures leave as decimal text (Decimal.toFixed, exact),
// the form they are stored in, so crossing the thread boundary changes no digit.
import Decimal from 'decimal.js';
import { MethodSettings, sensitivity, standardVariants } from '@nhsp/methodology';
import { BundleRows, bundleFromRows } from './bundle-rows';

export interface SensitivityRequest {
  rows: BundleRows;
  period: string;
  /** The run's own settings: the `base` variant. */
  settings: MethodSettings;
}

export interface SensitivityTrustRow {
  orgCode: string;
  growth: Record<string, string | null>;
  spread: string | null;
}

export interface SensitivityAnswer {
  /** Variant names in order; the first, `base`, is the run's own settings. */
  variants: string[];
  trusts: SensitivityTrustRow[];
}

export const decimalText = (value: Decimal | null): string | null => (value ? value.toFixed() : null);

export function computeSensitivity({ rows, period, settings }: SensitivityRequest): SensitivityAnswer {
  const bundle = bundleFromRows(rows);
  const variants = standardVariants(settings, bundle.deflators);
  const trusts = sensitivity(bundle, period, variants).map((r) => ({
    orgCode: r.orgCode,
    growth: Object.fromEntries(Object.entries(r.growth).map(([name, g]) => [name, decimalText(g)])),
    spread: decimalText(r.spread),
  }));
  return { variants: variants.map((v) => v.name), trusts };
}
