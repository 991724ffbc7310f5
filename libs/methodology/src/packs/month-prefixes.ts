/**
 * Sums over a run of months, kept as the run grows (issue 17): a whole-history recompute asks
 * for the year to date of every period, April..P, which is the year to date of P − 1 plus month
 * P. Each run is extended from the longest run already held that starts the same way, by the
 * same step the one-period loop takes, in the same order: the figures are those of the loop to
 * the last digit; only how often a month is added changes.
 */
export class MonthPrefixes<S> {
  // By the source the months are read from (an index's map, made again when it gets a row), then by first month and what is summed.
  private readonly bySource = new WeakMap<object, Map<string, { months: string[]; states: S[] }>>();

  /**
   * The state after every month of `months`, read from `source` (the object whose contents decide
   * the sums) for `what`; `step` gives the state after one more month and must not change the
   * state it is given (held states are shared).
   */
  get(source: object, months: readonly string[], what: string, initial: S, step: (state: S, month: string) => S): S {
    if (months.length === 0) return initial;
    let byStart = this.bySource.get(source);
    if (!byStart) this.bySource.set(source, (byStart = new Map()));
    const key = `${months[0]}|${what}`;
    let run = byStart.get(key);
    if (!run) byStart.set(key, (run = { months: [], states: [] }));
    let held = 0;
    while (held < months.length && held < run.months.length && run.months[held] === months[held]) held++;
    if (held < months.length && held < run.months.length) {
      // Another run from the same month (not the year to date): start it again from where they differ.
      run.months.length = held;
      run.states.length = held;
    }
    let state = held ? run.states[held - 1] : initial;
    for (let i = held; i < months.length; i++) {
      state = step(state, months[i]);
      run.months.push(months[i]);
      run.states.push(state);
    }
    return run.states[months.length - 1];
  }

  /** Forgets what was summed from `source` (a row was added to it). */
  forget(source: object): void {
    this.bySource.delete(source);
  }
}
