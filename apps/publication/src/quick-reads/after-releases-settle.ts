// When the API does the work that follows a change of the public releases (ModelReads' preload of
// read models, HeldTrustPages' rendering of the newest release's trust pages): the first change
// (the service's start, which waits on that work) at once; every later one once the releases have
// stayed unchanged for PRELOAD_SETTLE_MS. A whole-history recompute publishes a release every
// second or two (docs/benchmarks.md, issue 17 target 1); doing the work for each release of such a
// burst took a whole history's worth of CPU from the services publishing it. Work under way stops
// when another change comes (`isCurrent`), and is done again once the releases settle.

/** How long the public releases must stay unchanged before the work of a change is done. */
export const PRELOAD_SETTLE_MS = 5_000;

export class AfterReleasesSettle {
  /** Changes heard so far: what a piece of work was started for, to tell whether it is still current. */
  private changes = 0;
  private timer: NodeJS.Timeout | undefined;

  /** `work` is told the change it is done for (1 for the first). */
  constructor(private readonly work: (asOfChange: number) => void) {}

  /** A change of the public releases: the work at once for the first, else once they settle. */
  changed(): void {
    this.changes++;
    if (this.changes === 1) return this.work(1);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.work(this.changes), PRELOAD_SETTLE_MS);
    this.timer.unref();
  }

  /** The work again now, as for a new change (work under way for an older one stops). */
  now(): void {
    this.work(++this.changes);
  }

  /** Whether no change has come since the one `asOfChange` names. */
  isCurrent(asOfChange: number): boolean {
    return this.changes === asOfChange;
  }
}
