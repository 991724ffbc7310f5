import Decimal from 'decimal.js';
import { Exact, Month, Pod } from '@nhsp/domain';
import { ActivityIndex } from './inputs';

/**
 * Length of stay against casemix-expected length of stay (issue 4, board paper Table 2):
 * expected bed days = Σ spells × the national mean LOS of that currency, where bed days are
 * supplied. "National" is every trust of the bundle in the same months.
 */
export const LOS_GROUPS = {
  elective: ['EL'],
  non_elective: ['NEL_LS', 'NEL_SS'],
} as const satisfies Record<string, readonly Pod[]>;
export type LosGroup = keyof typeof LOS_GROUPS;

export interface LengthOfStay {
  group: LosGroup;
  spells: number;
  bedDays: number;
  expectedBedDays: Decimal;
}

const losKey = (pod: Pod, currency: string) => `${pod}|${currency}`;
const isLosPod = (pod: Pod) => Object.values(LOS_GROUPS).some((pods) => (pods as readonly Pod[]).includes(pod));

/** National mean LOS per (pod, currency): Σ bed days / Σ spells over every trust's rows that carry bed days. */
export function nationalLengthOfStay(activity: ActivityIndex, months: readonly Month[]): Map<string, Decimal> {
  const totals = new Map<string, { spells: number; bedDays: number }>();
  for (const org of activity.orgCodes) {
    for (const month of months.map(String)) {
      for (const cell of activity.cells(org, month)) {
        if (cell.bedDays === null || !isLosPod(cell.pod)) continue;
        const key = losKey(cell.pod, cell.currency);
        const t = totals.get(key) ?? { spells: 0, bedDays: 0 };
        t.spells += cell.count;
        t.bedDays += cell.bedDays;
        totals.set(key, t);
      }
    }
  }
  const means = new Map<string, Decimal>();
  for (const [key, t] of totals) if (t.spells > 0) means.set(key, new Exact(t.bedDays).div(t.spells));
  return means;
}

/** A trust's spells, bed days and casemix-expected bed days per group, over the rows that carry bed days. */
export function trustLengthOfStay(orgCode: string, activity: ActivityIndex, months: readonly Month[], national: Map<string, Decimal>): LengthOfStay[] {
  const result: LengthOfStay[] = [];
  for (const group of Object.keys(LOS_GROUPS) as LosGroup[]) {
    let spells = 0;
    let bedDays = 0;
    let expected = new Exact(0);
    for (const month of months.map(String)) {
      for (const cell of activity.cells(orgCode, month)) {
        if (cell.bedDays === null || !(LOS_GROUPS[group] as readonly Pod[]).includes(cell.pod)) continue;
        spells += cell.count;
        bedDays += cell.bedDays;
        expected = expected.plus(national.get(losKey(cell.pod, cell.currency))!.times(cell.count));
      }
    }
    if (spells > 0) result.push({ group, spells, bedDays, expectedBedDays: expected });
  }
  return result;
}
