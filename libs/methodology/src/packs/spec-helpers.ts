import {
  Exact,
  FinanceRecord,
  MedicineProduct,
  NccScheduleRow,
  OperationsMeasure,
  Pod,
  StaffGroup,
  Trust,
  UnitCostName,
} from '@nhsp/domain';
import { CostWeights } from '../cost-weights';
import { DeflatorSeries } from '../deflation';
import { FinanceIndex } from '../inputs';
import { resolveSettings, MethodSettings } from '../settings';
import { deflatorSeries } from '../spec-helpers';
import { PackInputs } from './pack-context';
import { OpportunityRow } from './pack-types';
import { indexReturns } from './returns-index';

/** Small hand-made pack inputs for the packs' own tests (pure data, no files). */
export function packInputs(parts: {
  trusts: Trust[];
  schedule?: NccScheduleRow[];
  finance?: FinanceRecord[];
  operations?: [org: string, month: string, measure: OperationsMeasure, dimension: string, value: number | string][];
  workforce?: [org: string, month: string, group: StaffGroup, wte: number | string][];
  medicines?: [org: string, month: string, molecule: string, product: MedicineProduct, quantity: number | string, cost: number | string][];
  trustCosts?: [org: string, year: number, pod: Pod, currency: string, activity: number | string, cost: number | string][];
  unitCosts?: [name: UnitCostName, gbp: number | string][];
  deflators?: DeflatorSeries;
  settings?: Partial<MethodSettings>;
}): PackInputs {
  const settings = resolveSettings(parts.settings);
  return {
    trusts: parts.trusts,
    finance: FinanceIndex.from(parts.finance ?? []),
    weights: CostWeights.fromSchedule(parts.schedule ?? [], settings.equalisation),
    deflators: parts.deflators ?? deflatorSeries([[2025, '0', '0']]),
    settings,
    returns: indexReturns({
      operations: (parts.operations ?? []).map(([orgCode, month, measure, dimension, value]) => ({ orgCode, month, measure, dimension, value: new Exact(value) })),
      workforce: (parts.workforce ?? []).map(([orgCode, month, staffGroup, wte]) => ({ orgCode, month, staffGroup, wte: new Exact(wte) })),
      medicines: (parts.medicines ?? []).map(([orgCode, month, molecule, product, quantity, cost]) => ({
        orgCode, month, molecule, product, quantity: new Exact(quantity), cost: new Exact(cost),
      })),
      trustCosts: (parts.trustCosts ?? []).map(([orgCode, year, pod, currency, activity, cost]) => ({
        orgCode, year, pod, currency, activity: new Exact(activity), cost: new Exact(cost),
      })),
      unitCosts: (parts.unitCosts ?? []).map(([name, gbp]) => ({ name, gbp: new Exact(gbp) })),
    }),
  };
}

/** A row's figures as text, for comparing with hand-worked numbers. */
export function figures(row: OpportunityRow | undefined) {
  if (!row) return undefined;
  const text = (d: { toString(): string } | null | undefined) => (d === null || d === undefined ? null : d.toString());
  return {
    value: text(row.value),
    benchmark: text(row.benchmark),
    group: row.benchmarkGroup,
    units: text(row.opportunityUnits),
    unit: row.unit,
    gbp: text(row.opportunityGbp),
    missing: row.missing,
  };
}

export function findRow(rows: readonly OpportunityRow[], orgCode: string, metric: string, dimension: string | null = null): OpportunityRow | undefined {
  return rows.find((r) => r.orgCode === orgCode && r.metric === metric && r.dimension === dimension);
}
