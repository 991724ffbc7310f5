/**
 * Loads kept by key while among the `max` most recently asked for: one load in flight per key,
 * shared by every caller; a load that fails (resolves undefined) is dropped, so the next ask
 * loads again. The per-release models of explanations and report pages, and the report's
 * revision sets, are held this way. A finished load can also be read without waiting (`peek`),
 * which the quick path ahead of Express uses to answer in the same tick.
 */
export class RecentLoads<T> {
  /** By key, most recently asked last (a Map iterates in insertion order). */
  private readonly held = new Map<string, Promise<T | undefined>>();
  /** The value of each held load that has finished. */
  private readonly settled = new Map<string, T>();

  constructor(private readonly max: number) {}

  get(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    let value = this.held.get(key);
    if (value) this.held.delete(key);
    else {
      const pending: Promise<T | undefined> = load().then((loaded) => {
        if (this.held.get(key) === pending) {
          if (loaded === undefined) this.held.delete(key);
          else this.settled.set(key, loaded);
        }
        return loaded;
      });
      value = pending;
      if (this.held.size >= this.max) this.drop(this.held.keys().next().value!);
    }
    this.held.set(key, value);
    return value;
  }

  /** The value of a finished load, counted as asked for; undefined while loading or when not held. */
  peek(key: string): T | undefined {
    const value = this.settled.get(key);
    if (value !== undefined) {
      const held = this.held.get(key)!;
      this.held.delete(key);
      this.held.set(key, held);
    }
    return value;
  }

  get size(): number {
    return this.held.size;
  }

  private drop(key: string): void {
    this.held.delete(key);
    this.settled.delete(key);
  }
}
