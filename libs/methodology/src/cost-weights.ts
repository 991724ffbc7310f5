import Decimal from 'decimal.js';
import { Exact, NccScheduleRow, Pod, PODS, podForServiceCode } from '@nhsp/domain';
import { MethodologyError } from './errors';
import { EQUALISATION_GROUPS, MethodSettings } from './settings';

export interface Weight {
  value: Decimal;
  /** True when the POD's national mean stood in for a missing (pod, currency) weight. */
  fallback: boolean;
}

interface CostAndActivity {
  cost: Decimal;
  activity: Decimal;
}

const key = (pod: Pod, currency: string) => `${pod}|${currency}`;

/** w = Σ Cost / Σ Activity (methodology §2). */
export function unitCost(totals: CostAndActivity): Decimal {
  return totals.cost.div(totals.activity);
}

/**
 * Cost weights from one NCC national schedule, held fixed across both periods (Laspeyres).
 * Rows with no or zero activity are skipped; a zero cost is a real weight of 0.
 */
export class CostWeights {
  private constructor(
    private readonly weights: ReadonlyMap<string, Decimal>,
    private readonly podMeans: ReadonlyMap<Pod, Decimal>,
    readonly equalised: ReadonlyMap<string, Decimal>,
    readonly unmappedServiceCodes: readonly string[],
  ) {}

  static fromSchedule(rows: Iterable<NccScheduleRow>, equalisation: MethodSettings['equalisation']): CostWeights {
    const byCurrency = new Map<string, CostAndActivity>();
    const byPod = new Map<Pod, CostAndActivity>();
    const unmapped = new Set<string>();
    for (const row of rows) {
      const pod = podForServiceCode(row.serviceCode);
      if (!pod) {
        unmapped.add(row.serviceCode);
        continue;
      }
      if (row.activity === null || !row.activity.gt(0)) continue;
      const cost = row.cost ?? new Exact(0);
      accumulate(byCurrency, key(pod, row.currency), cost, row.activity);
      accumulate(byPod, pod, cost, row.activity);
    }

    const weights = new Map<string, Decimal>();
    for (const [k, totals] of byCurrency) weights.set(k, unitCost(totals));
    const podMeans = new Map<Pod, Decimal>();
    for (const [pod, totals] of byPod) podMeans.set(pod, unitCost(totals));

    const equalised = equaliseSettings(byCurrency, EQUALISATION_GROUPS[equalisation]);
    for (const [k, w] of equalised) weights.set(k, w);
    return new CostWeights(weights, podMeans, equalised, [...unmapped].sort());
  }

  /** Whether the schedule has any activity for the POD at all; a POD it lacks cannot be weighed. */
  hasPod(pod: Pod): boolean {
    return this.podMeans.has(pod);
  }

  podMean(pod: Pod): Decimal {
    const mean = this.podMeans.get(pod);
    if (!mean) throw new MethodologyError(`POD ${pod} is absent from the NCC schedule: its activity cannot be weighted`);
    return mean;
  }

  weight(pod: Pod, currency: string): Weight {
    const value = this.weights.get(key(pod, currency));
    if (value !== undefined) return { value, fallback: false };
    return { value: this.podMean(pod), fallback: true };
  }

  /** The schedule's own weight (after equalisation), or null where only the POD's fallback mean would stand in. */
  scheduleWeight(pod: Pod, currency: string): Decimal | null {
    return this.weights.get(key(pod, currency)) ?? null;
  }

  get pods(): Pod[] {
    return PODS.filter((pod) => this.podMeans.has(pod));
  }

  /** Every (pod, currency) weight the schedule gives, after equalisation. */
  entries(): { pod: Pod; currency: string; weight: Decimal }[] {
    return [...this.weights].map(([k, weight]) => {
      const [pod, currency] = k.split('|') as [Pod, string];
      return { pod, currency, weight };
    });
  }

  podMeanEntries(): { pod: Pod; mean: Decimal }[] {
    return [...this.podMeans].map(([pod, mean]) => ({ pod, mean }));
  }
}

function accumulate<K>(map: Map<K, CostAndActivity>, k: K, cost: Decimal, activity: Decimal): void {
  const totals = map.get(k);
  if (totals) {
    totals.cost = totals.cost.plus(cost);
    totals.activity = totals.activity.plus(activity);
  } else {
    map.set(k, { cost, activity });
  }
}

/**
 * Setting equalisation: a currency present (positive activity) in more than one POD of the
 * group gets, in each of those PODs, the common weight Σ cost / Σ activity over the group's rows.
 */
function equaliseSettings(byCurrency: Map<string, CostAndActivity>, group: readonly Pod[]): Map<string, Decimal> {
  const presence = new Map<string, Pod[]>();
  for (const k of byCurrency.keys()) {
    const [pod, currency] = k.split('|') as [Pod, string];
    if (!group.includes(pod)) continue;
    presence.set(currency, [...(presence.get(currency) ?? []), pod]);
  }
  const equalised = new Map<string, Decimal>();
  for (const [currency, pods] of presence) {
    if (pods.length < 2) continue;
    const totals = { cost: new Exact(0), activity: new Exact(0) };
    for (const pod of pods) {
      const t = byCurrency.get(key(pod, currency))!;
      totals.cost = totals.cost.plus(t.cost);
      totals.activity = totals.activity.plus(t.activity);
    }
    for (const pod of pods) equalised.set(key(pod, currency), unitCost(totals));
  }
  return equalised;
}
