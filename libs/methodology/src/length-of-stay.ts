import Decimal from 'decimal.js';
import { Exact, Month, Pod } from '@nhsp/domain';
import { ActivityIndex } from './inputs';
import { MonthPrefixes } from './packs/month-prefixes';

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

interface LosCell {
  key: string;
  count: number;
  bedDays: number;
}

// A trust-month's cells that carry bed days, by group, in the month's cell order: read once per
// index revision, however many periods' year to date the month is in (issue 17).
const losCellsByIndex = new WeakMap<ActivityIndex, Map<string, { revision: number; byGroup: Record<LosGroup, LosCell[]> }>>();

function losCellsOf(activity: ActivityIndex, orgCode: string, month: string): Record<LosGroup, LosCell[]> {
  let byTrustMonth = losCellsByIndex.get(activity);
  if (!byTrustMonth) losCellsByIndex.set(activity, (byTrustMonth = new Map()));
  const at = `${orgCode}|${month}`;
  const held = byTrustMonth.get(at);
  if (held && held.revision === activity.revision) return held.byGroup;
  const byGroup: Record<LosGroup, LosCell[]> = { elective: [], non_elective: [] };
  for (const cell of activity.cells(orgCode, month)) {
    if (cell.bedDays === null) continue;
    for (const group of Object.keys(LOS_GROUPS) as LosGroup[]) {
      if ((LOS_GROUPS[group] as readonly Pod[]).includes(cell.pod)) byGroup[group].push({ key: losKey(cell.pod, cell.currency), count: cell.count, bedDays: cell.bedDays });
    }
  }
  byTrustMonth.set(at, { revision: activity.revision, byGroup });
  return byGroup;
}

type LosTotals = Map<string, { spells: number; bedDays: number }>;
// Whole counts: the year to date's totals are its previous period's plus its month, exactly.
const nationalPrefixes = new MonthPrefixes<LosTotals>();

/** National mean LOS per (pod, currency): Σ bed days / Σ spells over every trust's rows that carry bed days. */
export function nationalLengthOfStay(activity: ActivityIndex, months: readonly Month[]): Map<string, Decimal> {
  const totals = nationalPrefixes.get(activity, months.map(String), String(activity.revision), new Map(), (held, month) => {
    const next: LosTotals = new Map([...held].map(([key, t]) => [key, { ...t }]));
    for (const org of activity.orgCodes) {
      for (const cells of Object.values(losCellsOf(activity, org, month))) {
        for (const cell of cells) {
          const t = next.get(cell.key) ?? { spells: 0, bedDays: 0 };
          t.spells += cell.count;
          t.bedDays += cell.bedDays;
          next.set(cell.key, t);
        }
      }
    }
    return next;
  });
  const means = new Map<string, Decimal>();
  for (const [key, t] of totals) if (t.spells > 0) means.set(key, new Exact(t.bedDays).div(t.spells));
  return means;
}

/** A trust's spells, bed days and casemix-expected bed days per group, over the rows that carry bed days. */
export function trustLengthOfStay(orgCode: string, activity: ActivityIndex, months: readonly Month[], national: Map<string, Decimal>): LengthOfStay[] {
  const result: LengthOfStay[] = [];
  const cellsByMonth = months.map((month) => losCellsOf(activity, orgCode, String(month)));
  for (const group of Object.keys(LOS_GROUPS) as LosGroup[]) {
    let spells = 0;
    let bedDays = 0;
    let expected = new Exact(0);
    // The expected bed days are summed cell by cell in the one-period order: the national means change with the period.
    for (const cells of cellsByMonth) {
      for (const cell of cells[group]) {
        spells += cell.count;
        bedDays += cell.bedDays;
        expected = expected.plus(national.get(cell.key)!.times(cell.count));
      }
    }
    if (spells > 0) result.push({ group, spells, bedDays, expectedBedDays: expected });
  }
  return result;
}
