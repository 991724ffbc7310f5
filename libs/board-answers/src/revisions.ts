// How a figure moved between two vintages of a period: each measure before and after with the
// difference, and the flags gained and lost. Figures as their exact text (as views return them).
import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';

type Figure = Decimal.Value | null | undefined;

/** after − before, exact; null when either is missing. */
export function revisionDifference(before: Figure, after: Figure): Decimal | null {
  return before === null || before === undefined || after === null || after === undefined ? null : new Exact(after).minus(before);
}

export interface MeasureRevision<M extends string> {
  measure: M;
  before: string | null;
  after: string | null;
  difference: string | null;
}

/** Every measure of `measures`, before and after (null where that vintage has no figure). */
export function measureRevisions<M extends string>(
  before: Partial<Record<M, string | null>> | undefined,
  after: Partial<Record<M, string | null>> | undefined,
  measures: readonly M[],
): MeasureRevision<M>[] {
  return measures.map((measure) => {
    const [b, a] = [before?.[measure] ?? null, after?.[measure] ?? null];
    return { measure, before: b, after: a, difference: revisionDifference(b, a)?.toFixed() ?? null };
  });
}

/** Flags the later vintage has and the earlier had not (added), and the other way round (removed). */
export function flagRevisions(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  return { added: after.filter((f) => !before.includes(f)), removed: before.filter((f) => !after.includes(f)) };
}
