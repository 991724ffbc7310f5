import Decimal from 'decimal.js';
import { Pod, Trust, WARD_TYPES } from '@nhsp/domain';
import {
  BenchmarkedCategory,
  benchmarkedRows,
  COST_WEIGHTS_FILE,
  emptyRow,
  excess,
  inSectorsOf,
  Lacking,
  NATIONAL,
  OPERATIONS_FILE,
  operations,
  Opportunity,
  PackContext,
  positive,
  priced,
  reading,
  shortfall,
  UNIT_COSTS_FILE,
  WORKFORCE_FILE,
  workforce,
} from './pack-context';
import { OpportunityRow } from './pack-types';

/**
 * Community and mental health categories (§11): ratios of `operations.csv` (and talking
 * therapies WTE of `workforce.csv`) over the year to date against the national benchmark, the
 * opportunity in bed days or contacts, priced at a unit cost.
 */

/** The POD's national mean unit cost (the §2 fallback weight), which prices contacts and bed days of a POD. */
function podUnitCost(ctx: PackContext, pod: Pod): { cost: Decimal | null; lacking: { file: string; items: string[] } } {
  const { weights } = ctx.inputs;
  return { cost: weights.hasPod(pod) ? weights.podMean(pod) : null, lacking: { file: COST_WEIGHTS_FILE, items: [`${pod} activity`] } };
}

function pricedAt(units: Decimal, price: { cost: Decimal | null; lacking: { file: string; items: string[] } }): Opportunity {
  return priced(units, price.cost, price.lacking);
}

/** A DNA rate, DNAs / (contacts + DNAs): the opportunity is the contacts lost beyond the benchmark rate. */
function dnaRate(
  ctx: PackContext,
  metric: 'community_dna' | 'talking_therapies_dna',
  measures: { dna: 'community_dna' | 'talking_therapies_dna'; contacts: 'community_contacts' | 'talking_therapies_contacts' },
  pod: Pod,
): BenchmarkedCategory<Decimal> {
  return {
    metric,
    dimension: null,
    unit: 'contacts',
    point: '0.25',
    groupOf: () => NATIONAL,
    read: (trust) => {
      const lacking = new Lacking();
      const dna = operations(ctx, trust.orgCode, lacking, measures.dna);
      const contacts = operations(ctx, trust.orgCode, lacking, measures.contacts);
      const offered = positive(dna && contacts && dna.plus(contacts), lacking, OPERATIONS_FILE, `${measures.contacts} + ${measures.dna}`);
      return reading(lacking, () => dna!.div(offered!), () => offered!);
    },
    opportunity: (value, benchmark, offered) => pricedAt(excess(value, benchmark).times(offered), podUnitCost(ctx, pod)),
  };
}

/** `community_los` and `community_dna`. */
export function communityRows(ctx: PackContext): OpportunityRow[] {
  const bedDay = ctx.inputs.returns.unitCosts.get('community_bed_day');
  const los = benchmarkedRows<Decimal>(ctx, {
    metric: 'community_los',
    dimension: null,
    unit: 'bed_days',
    point: '0.25',
    groupOf: () => NATIONAL,
    read: (trust) => {
      const lacking = new Lacking();
      const bedDays = operations(ctx, trust.orgCode, lacking, 'community_bed_days');
      const admissions = positive(operations(ctx, trust.orgCode, lacking, 'community_admissions'), lacking, OPERATIONS_FILE, 'community_admissions');
      return reading(lacking, () => bedDays!.div(admissions!), () => admissions!);
    },
    opportunity: (value, benchmark, admissions) =>
      priced(excess(value, benchmark).times(admissions), bedDay, { file: UNIT_COSTS_FILE, items: ['community_bed_day'] }),
  });
  return [...los, ...benchmarkedRows(ctx, dnaRate(ctx, 'community_dna', { dna: 'community_dna', contacts: 'community_contacts' }, 'CHS'))];
}

/** `mh_los` of one ward type: bed days / admissions; excess bed days = max(0, v − b) × admissions, at the MHPS weight. */
function wardLengthOfStay(ctx: PackContext, ward: string, reports: (trust: Trust) => boolean): BenchmarkedCategory<Decimal> {
  return {
    metric: 'mh_los',
    dimension: ward,
    unit: 'bed_days',
    point: '0.25',
    groupOf: () => NATIONAL,
    rowFor: (trust) => inSectorsOf('mh_los')(trust) && reports(trust),
    read: (trust) => {
      const lacking = new Lacking();
      const bedDays = operations(ctx, trust.orgCode, lacking, 'mh_bed_days', ward);
      const admissions = positive(operations(ctx, trust.orgCode, lacking, 'mh_admissions', ward), lacking, OPERATIONS_FILE, `mh_admissions (${ward})`);
      return reading(lacking, () => bedDays!.div(admissions!), () => admissions!);
    },
    // The schedule counts MHPS activity in bed days, so its mean unit cost prices a bed day.
    opportunity: (value, benchmark, admissions) => pricedAt(excess(value, benchmark).times(admissions), podUnitCost(ctx, 'MHPS')),
  };
}

/**
 * `mh_los` per ward type the trust reports (either measure of it), benchmarked against every
 * trust reporting that ward type; a mental health trust reporting no ward type gets one row
 * naming what it lacks. Then the two NHS Talking Therapies categories.
 */
export function mentalHealthRows(ctx: PackContext): OpportunityRow[] {
  const ops = ctx.inputs.returns.operations;
  const wards = new Map<string, Set<string>>();
  for (const trust of ctx.trusts) {
    const reported = [...ops.dimensions(trust.orgCode, ctx.months, 'mh_admissions'), ...ops.dimensions(trust.orgCode, ctx.months, 'mh_bed_days')];
    wards.set(trust.orgCode, new Set(reported));
  }
  const losRows = WARD_TYPES.flatMap((ward) => benchmarkedRows(ctx, wardLengthOfStay(ctx, ward, (trust) => wards.get(trust.orgCode)!.has(ward))));
  const none = ctx.trusts
    .filter((trust) => inSectorsOf('mh_los')(trust) && wards.get(trust.orgCode)!.size === 0)
    .map((trust) => ({ ...emptyRow(ctx, trust, 'mh_los', null, 'bed_days'), missing: [{ file: OPERATIONS_FILE, items: ['mh_admissions', 'mh_bed_days'] }] }));
  const iapt = podUnitCost(ctx, 'IAPT');
  const contactsPerWte = benchmarkedRows<Decimal>(ctx, {
    metric: 'talking_therapies_contacts_per_wte',
    dimension: null,
    unit: 'contacts',
    point: '0.75',
    groupOf: () => NATIONAL,
    read: (trust) => {
      const lacking = new Lacking();
      const contacts = operations(ctx, trust.orgCode, lacking, 'talking_therapies_contacts');
      const wte = positive(workforce(ctx, trust.orgCode, lacking, 'talking_therapies'), lacking, WORKFORCE_FILE, 'wte (talking_therapies)');
      return reading(lacking, () => contacts!.div(wte!), () => wte!);
    },
    opportunity: (value, benchmark, wte) => pricedAt(shortfall(value, benchmark).times(wte), iapt),
  });
  return [
    ...losRows,
    ...none,
    ...benchmarkedRows(ctx, dnaRate(ctx, 'talking_therapies_dna', { dna: 'talking_therapies_dna', contacts: 'talking_therapies_contacts' }, 'IAPT')),
    ...contactsPerWte,
  ];
}
