import { FinancialYear } from '@nhsp/domain';
import { DeflatorSeries } from './deflation';
import type { Measures } from './estimate';
import type { MonthUnits } from './ledger';
import { MethodSettings } from './settings';

/**
 * The history computed once, not once per period (issue 17): what each period of a whole-history
 * recompute would otherwise work out again from the same trust-months. Every entry is keyed by the
 * identity of the inputs it was made from (the weighed months, the indexes, the weight set) and
 * by the content of what else it read (deflators, settings), so a figure is reused only where it
 * would be computed from the very same values: the numbers are those of the one-period functions,
 * to the last digit; only how often a formula is evaluated changes. Entries live as long as the
 * objects they are keyed by (WeakMaps): a bundle read once keeps its history for all its periods,
 * and a service that holds its weighed months across runs (productivity's HistoryCache) finds the
 * measures of the windows whose months it still holds.
 */

/** An index that counts the rows added to it, so a memo made before a later add is not reused. */
export interface Revised {
  readonly revision: number;
}

/**
 * A value memoised per (a, b) identity pair, made again when either object's revision has moved
 * since (an index filled after a period was computed from it).
 */
export class PairMemo<A extends object, B extends object, V> {
  private readonly byA = new WeakMap<A, WeakMap<B, { revisions: string; value: V }>>();

  get(a: A, b: B, revisions: string, make: () => V): V {
    let byB = this.byA.get(a);
    if (!byB) this.byA.set(a, (byB = new WeakMap()));
    const held = byB.get(b);
    if (held && held.revisions === revisions) return held.value;
    const value = make();
    byB.set(b, { revisions, value });
    return value;
  }
}

const deflatorKeys = new WeakMap<DeflatorSeries, string>();

/** A deflator series by content (its name and every year's rates): services build a new series object per run. */
function deflatorsKey(series: DeflatorSeries): string {
  let key = deflatorKeys.get(series);
  if (key === undefined) {
    const years = series.years.map((year) => {
      const fy = FinancialYear.of(year);
      return `${year}:${series.deflator('pay_substantive', fy)}:${series.deflator('non_pay_other', fy)}`;
    });
    deflatorKeys.set(series, (key = `${series.name}|${years.join(',')}`));
  }
  return key;
}

/** What turns a window's sums into measures besides the months themselves: the deflators, the working-day setting and the exclusions. */
export function measureContextKey(deflators: DeflatorSeries, settings: Pick<MethodSettings, 'workingDays' | 'excludedCategories'>): string {
  return `${deflatorsKey(deflators)}|${settings.workingDays}|${settings.excludedCategories.join(',')}`;
}

interface WindowEntry {
  /** The weighed months the measures were made from: the current window, then its base a year earlier. */
  months: (MonthUnits | undefined)[];
  measures: Measures | null;
}

// By the weighed month that ends the window, then by context and window.
const windows = new WeakMap<MonthUnits, Map<string, WindowEntry>>();

const sameMonths = (a: readonly (MonthUnits | undefined)[], b: readonly (MonthUnits | undefined)[]) => a.length === b.length && a.every((m, i) => m === b[i]);

/**
 * The measures of a window (§2–§4 over consecutive months against the same months a year earlier),
 * made once per set of weighed months: `held` gives the weighed month at each month number (held
 * as the same object for as long as its submission is unchanged), `make` computes the measures.
 * A window whose last month is not held has no data and is simply made (it costs nothing).
 */
export function memoisedWindow(
  held: (monthNumber: number) => MonthUnits | undefined,
  firstMonth: number,
  length: number,
  /** What else the measures depend on, and the window (its first month and length): measureContextKey and both numbers. */
  key: string,
  make: () => Measures | null,
): Measures | null {
  const anchor = held(firstMonth + length - 1);
  if (!anchor) return make();
  const months: (MonthUnits | undefined)[] = [];
  for (let i = 0; i < length; i++) months.push(held(firstMonth + i));
  for (let i = 0; i < length; i++) months.push(held(firstMonth - 12 + i));
  let byKey = windows.get(anchor);
  if (!byKey) windows.set(anchor, (byKey = new Map()));
  const entry = byKey.get(key);
  if (entry && sameMonths(entry.months, months)) return entry.measures;
  const measures = make();
  byKey.set(key, { months, measures });
  return measures;
}

/**
 * Whether indexes made of months under `held` identities (month → the identity of the current
 * submissions that make its rows) give a run exactly the rows of its snapshot: each of its
 * `months` held under the identity the snapshot names for it. A month the snapshot names no
 * submission of is never held. The services hold indexes of every month across runs, so that
 * the memos above hit as they do in `nhsp compute` (productivity's held-indexes.ts,
 * benchmarking's month-data.ts).
 */
export function monthsHeldAsNamed(held: ReadonlyMap<string, string> | undefined, months: readonly string[], identities: ReadonlyMap<string, string>): boolean {
  if (!held) return false;
  for (const month of months) {
    const identity = identities.get(month);
    if (identity === undefined || held.get(month) !== identity) return false;
  }
  return true;
}
