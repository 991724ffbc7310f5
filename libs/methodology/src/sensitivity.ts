import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import { BundleInputs, computePeriod } from './compute';
import { DeflatorSeries } from './deflation';
import { MethodSettings, resolveSettings } from './settings';

/**
 * Method sensitivity: the same period recomputed under alternative settings. The spread of a
 * trust's productivity growth across them tells a board whether its figure is robust or an
 * artefact of method.
 */
export interface MethodVariant {
  name: string;
  settings: MethodSettings;
  /** Another deflator series for this variant (e.g. the combined pay & prices index). */
  deflators?: DeflatorSeries;
}

export interface TrustSensitivity {
  orgCode: string;
  /** Productivity growth under each variant, by name; null where the variant gives no estimate. */
  growth: Record<string, Decimal | null>;
  /** max − min of productivity growth over the variants that give an estimate. */
  spread: Decimal | null;
}

/** The standard alternatives to a base setting: equalisation off, working days on, nothing excluded, combined deflator. */
export function standardVariants(base: MethodSettings, deflators: DeflatorSeries): MethodVariant[] {
  const variants: MethodVariant[] = [
    { name: 'base', settings: base },
    { name: 'equalisation_none', settings: resolveSettings({ ...base, equalisation: base.equalisation === 'none' ? 'opproc-dc' : 'none' }) },
    { name: 'working_days_on', settings: resolveSettings({ ...base, workingDays: base.workingDays === 'on' ? 'off' : 'on' }) },
    { name: 'no_exclusions', settings: resolveSettings({ ...base, excludedCategories: [] }) },
  ];
  const combined = deflators.combined();
  if (combined) variants.push({ name: 'combined_deflator', settings: base, deflators: combined });
  return variants;
}

export function sensitivity(bundle: BundleInputs, period: string, variants: MethodVariant[]): TrustSensitivity[] {
  const results = variants.map((v) => ({ name: v.name, result: computePeriod({ ...bundle, deflators: v.deflators ?? bundle.deflators }, period, v.settings, { metrics: [] }) }));
  return bundle.trusts
    .map((t) => t.orgCode)
    .sort()
    .map((orgCode) => {
      const growth: Record<string, Decimal | null> = {};
      for (const { name, result } of results) {
        growth[name] = result.estimates.find((e) => e.trust.orgCode === orgCode)?.measures?.productivityGrowth ?? null;
      }
      const values = Object.values(growth).filter((g): g is Decimal => g !== null);
      const spread = values.length ? Exact.max(...values).minus(Exact.min(...values)) : null;
      return { orgCode, growth, spread };
    });
}
