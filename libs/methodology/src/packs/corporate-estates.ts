import Decimal from 'decimal.js';
import { CORPORATE_FUNCTIONS, CorporateFunction, Exact } from '@nhsp/domain';
import {
  BenchmarkedCategory,
  benchmarkedRows,
  excess,
  Lacking,
  NATIONAL,
  OPERATIONS_FILE,
  operations,
  operationsMean,
  operationsSum,
  PackContext,
  positive,
  reading,
} from './pack-context';
import { OpportunityRow } from './pack-types';

/**
 * Corporate services, estates and procurement (§11, every sector): ratios of `operations.csv`
 * measures over the year to date, against the national benchmark.
 */

/** `corporate` (one row per function): corporate cost of the function / operating income; £ = max(0, v − b) × income. */
export function corporateRows(ctx: PackContext): OpportunityRow[] {
  return CORPORATE_FUNCTIONS.flatMap((fn) => benchmarkedRows(ctx, shareOfIncome(ctx, 'corporate', fn)));
}

/** `general_supplies_share`: general supplies and services cost / operating income; £ = max(0, v − b) × income. */
export function generalSuppliesRows(ctx: PackContext): OpportunityRow[] {
  return benchmarkedRows(ctx, shareOfIncome(ctx, 'general_supplies_share', null));
}

function shareOfIncome(ctx: PackContext, metric: 'corporate' | 'general_supplies_share', fn: CorporateFunction | null): BenchmarkedCategory<Decimal> {
  return {
    metric,
    dimension: fn,
    unit: null,
    point: '0.25',
    groupOf: () => NATIONAL,
    read: (trust) => {
      const lacking = new Lacking();
      const cost = fn ? operations(ctx, trust.orgCode, lacking, 'corporate_cost_gbp', fn) : operations(ctx, trust.orgCode, lacking, 'general_supplies_cost_gbp');
      const income = positive(operations(ctx, trust.orgCode, lacking, 'operating_income_gbp'), lacking, OPERATIONS_FILE, 'operating_income_gbp');
      return reading(lacking, () => cost!.div(income!), () => income!);
    },
    opportunity: (value, benchmark, income) => ({ units: null, gbp: excess(value, benchmark).times(income) }),
  };
}

interface Energy {
  area: Decimal;
  kwh: Decimal;
  cost: Decimal | null;
}

/**
 * `estates_energy`: (electricity + gas kWh) / gross internal area (the mean of the months'
 * stock), against the national median; kWh = max(0, v − b) × area, £ at the trust's own energy
 * cost per kWh (energy cost / kWh used).
 */
export function estatesEnergyRows(ctx: PackContext): OpportunityRow[] {
  return benchmarkedRows<Energy>(ctx, {
    metric: 'estates_energy',
    dimension: null,
    unit: 'kwh',
    point: '0.5',
    groupOf: () => NATIONAL,
    read: (trust) => {
      const lacking = new Lacking();
      const electricity = operations(ctx, trust.orgCode, lacking, 'electricity_kwh');
      const gas = operations(ctx, trust.orgCode, lacking, 'gas_kwh');
      const area = positive(operationsMean(ctx, trust.orgCode, lacking, 'estate_area_m2'), lacking, OPERATIONS_FILE, 'estate_area_m2');
      // The £ only needs the cost: without it the kWh opportunity still stands.
      const cost = operationsSum(ctx, trust.orgCode, 'energy_cost_gbp')?.total ?? null;
      const kwh = () => electricity!.plus(gas!);
      return reading(lacking, () => kwh().div(area!), () => ({ area: area!, kwh: kwh(), cost }));
    },
    opportunity: (value, benchmark, energy) => {
      const kwh = excess(value, benchmark).times(energy.area);
      if (energy.cost === null) return { units: kwh, gbp: null, missing: [{ file: OPERATIONS_FILE, items: ['energy_cost_gbp'] }] };
      // kWh saved are priced at what the trust pays; a trust that used none has nothing to save.
      return { units: kwh, gbp: kwh.isZero() ? new Exact(0) : kwh.times(energy.cost).div(energy.kwh) };
    },
  });
}
