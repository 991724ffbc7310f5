// What the methodology derives from one NCC schedule: the weights under an equalisation setting
// with the POD means (shown by GET /weight-sets/:id/weights, never stored: a run derives its own
// from the same rows, docs/services-design.md), and the anomalies report stored with the set.
// Pure, so it is tested without a database.
import Decimal from 'decimal.js';
import { Exact, NccScheduleRow, Pod, podForServiceCode } from '@nhsp/domain';
import { CostWeights, EQUALISATIONS, MethodSettings } from '@nhsp/methodology';

export type Equalisation = MethodSettings['equalisation'];

/** A published Unit cost this far from Σcost/Σactivity is more than the schedule's rounding. */
export const UNIT_COST_TOLERANCE = new Exact('0.0001');

export interface DerivedWeight {
  equalisation: Equalisation;
  pod: Pod;
  currency: string;
  weight: Decimal;
  equalised: boolean;
}

export interface ScheduleAnomalies {
  /** Service codes no POD maps from: their rows carry no weight. */
  unmappedServiceCodes: string[];
  /** Rows skipped by the methodology because Activity is empty or 0 (row = data row, 1-based). */
  noActivityRows: { row: number; serviceCode: string; currency: string; activity: string | null }[];
  /** (pod, currency) with activity but a total cost of 0: a real weight of 0, worth a look. */
  zeroCostCurrencies: { pod: Pod; currency: string }[];
  /** Single-row currencies whose published Unit cost is not Cost / Activity. */
  unitCostMismatches: { row: number; pod: Pod; currency: string; unitCost: string; computed: string }[];
  /** Currencies given a common weight across OPPROC and DC under `opproc-dc`. */
  equalisedCurrencies: { currency: string; pods: Pod[]; weight: string }[];
}

export interface ScheduleAnalysis {
  weights: DerivedWeight[];
  podMeans: { pod: Pod; mean: Decimal }[];
  anomalies: ScheduleAnomalies;
}

interface CurrencyRows {
  pod: Pod;
  currency: string;
  rows: { row: number; data: NccScheduleRow }[];
}

/** The weights of a schedule under one setting, and the POD means (the same under every setting). */
export function scheduleWeights(rows: readonly NccScheduleRow[], equalisation: Equalisation): Pick<ScheduleAnalysis, 'weights' | 'podMeans'> {
  const w = CostWeights.fromSchedule(rows, equalisation);
  return {
    weights: w.entries().map((e) => ({ equalisation, ...e, equalised: w.equalised.has(`${e.pod}|${e.currency}`) })),
    podMeans: w.podMeanEntries(),
  };
}

/** The anomalies report stored with a set (equalised currencies as `opproc-dc` makes them). */
export function scheduleAnomalies(rows: readonly NccScheduleRow[]): ScheduleAnomalies {
  const opprocDc = CostWeights.fromSchedule(rows, 'opproc-dc');
  return {
    unmappedServiceCodes: [...opprocDc.unmappedServiceCodes],
    noActivityRows: noActivityRows(rows),
    ...currencyAnomalies(groupByCurrency(rows)),
    equalisedCurrencies: equalisedCurrencies(opprocDc),
  };
}

/** Everything the methodology derives from a schedule: the weights under every equalisation setting, the POD means, the anomalies. */
export function analyseSchedule(rows: readonly NccScheduleRow[]): ScheduleAnalysis {
  return {
    weights: EQUALISATIONS.flatMap((equalisation) => scheduleWeights(rows, equalisation).weights),
    podMeans: CostWeights.fromSchedule(rows, 'opproc-dc').podMeanEntries(),
    anomalies: scheduleAnomalies(rows),
  };
}

function noActivityRows(rows: readonly NccScheduleRow[]): ScheduleAnomalies['noActivityRows'] {
  const found: ScheduleAnomalies['noActivityRows'] = [];
  rows.forEach((r, i) => {
    if (r.activity === null || r.activity.isZero()) {
      found.push({ row: i + 1, serviceCode: r.serviceCode, currency: r.currency, activity: r.activity?.toFixed() ?? null });
    }
  });
  return found;
}

function groupByCurrency(rows: readonly NccScheduleRow[]): CurrencyRows[] {
  const groups = new Map<string, CurrencyRows>();
  rows.forEach((data, i) => {
    const pod = podForServiceCode(data.serviceCode);
    if (!pod) return;
    const k = `${pod}|${data.currency}`;
    const group = groups.get(k) ?? { pod, currency: data.currency, rows: [] };
    group.rows.push({ row: i + 1, data });
    groups.set(k, group);
  });
  return [...groups.values()];
}

function currencyAnomalies(groups: CurrencyRows[]): Pick<ScheduleAnomalies, 'zeroCostCurrencies' | 'unitCostMismatches'> {
  const zeroCostCurrencies: ScheduleAnomalies['zeroCostCurrencies'] = [];
  const unitCostMismatches: ScheduleAnomalies['unitCostMismatches'] = [];
  for (const { pod, currency, rows } of groups) {
    const active = rows.filter((r) => r.data.activity !== null && r.data.activity.gt(0));
    if (active.length === 0) continue;
    const cost = active.reduce((sum, r) => sum.plus(r.data.cost ?? 0), new Exact(0));
    if (cost.isZero()) zeroCostCurrencies.push({ pod, currency });
    if (rows.length !== 1) continue;
    const { row, data } = rows[0];
    if (data.unitCost === null) continue;
    const computed = (data.cost ?? new Exact(0)).div(data.activity!);
    if (data.unitCost.minus(computed).abs().gt(UNIT_COST_TOLERANCE)) {
      unitCostMismatches.push({ row, pod, currency, unitCost: data.unitCost.toFixed(), computed: computed.toFixed() });
    }
  }
  return { zeroCostCurrencies, unitCostMismatches };
}

function equalisedCurrencies(weights: CostWeights): ScheduleAnomalies['equalisedCurrencies'] {
  const byCurrency = new Map<string, { pods: Pod[]; weight: Decimal }>();
  for (const [k, weight] of weights.equalised) {
    const [pod, currency] = k.split('|') as [Pod, string];
    const entry = byCurrency.get(currency) ?? { pods: [], weight };
    entry.pods.push(pod);
    byCurrency.set(currency, entry);
  }
  return [...byCurrency]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, { pods, weight }]) => ({ currency, pods: pods.sort(), weight: weight.toFixed() }));
}
