// The activity and finance indexes the runs of one process compute on (issue 17). The methodology
// keeps what it works out of the history (each trust-month weighed, its spend in units, the length
// of stay cells and sums: history-memo.ts and its users) by the identity and revision of the
// indexes a run passes it. Indexes built afresh per run (24 months each) made every one of those
// figures again in every period of a recompute, and their garbage with them; `nhsp compute` of
// many periods builds one index of the bundle and computes each period from it, so each figure is
// made once. Here the runs do the same: one pair of indexes of every month the snapshot holds,
// shared by every run whose months it holds under the same submissions.
//
// Correctness: a run computes on its months only (estimates, length of stay: the methodology reads
// no other month of an index, as `nhsp compute` of one period of a many-year bundle shows), so
// the held indexes give it exactly the rows its snapshot would: each of its months is held under
// the identity its own submissions give it (the current submissions that make the month's rows).
// A month restated since, or one the held indexes lack, makes new indexes (new objects, so no
// figure memoised from the old ones is reused), with every month of the run's snapshot added at
// once: adding months to held indexes one run at a time would move their revision, and so drop
// the methodology's memos, in every period. Nothing is added to indexes once they are shared.
import { ActivityIndex, FinanceIndex, monthsHeldAsNamed } from '@nhsp/methodology';
import type { MonthRecords } from './history-cache';

export interface Indexes {
  activity: ActivityIndex;
  finance: FinanceIndex;
}

export interface HeldIndexes extends Indexes {
  /** Month → identity (monthIdentities) of every month added, and of those only. */
  identities: ReadonlyMap<string, string>;
}

/** Whether `held` holds each of `months` as `identities` (the run's snapshot) names it; a month the snapshot names no submission of is never held. */
export function holdsMonths(held: HeldIndexes | undefined, months: readonly string[], identities: ReadonlyMap<string, string>): boolean {
  return monthsHeldAsNamed(held?.identities, months, identities);
}

/** New indexes of `records`, months added in ascending order (the order the indexes' trusts are then listed in). */
export function indexesOf(records: ReadonlyMap<string, MonthRecords>, identities: ReadonlyMap<string, string>): HeldIndexes {
  const activity = new ActivityIndex();
  const finance = new FinanceIndex();
  const added = new Map<string, string>();
  for (const month of [...records.keys()].sort()) {
    const rows = records.get(month)!;
    for (const r of rows.activity) activity.add(r);
    for (const r of rows.finance) finance.add(r);
    const identity = identities.get(month);
    if (identity !== undefined) added.set(month, identity);
  }
  return { activity, finance, identities: added };
}
