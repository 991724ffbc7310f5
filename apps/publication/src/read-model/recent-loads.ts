/**
 * Loads kept by key while among the `max` most recently asked for: one load in flight per key,
 * shared by every caller; a load that fails (resolves undefined) is dropped, so the next ask
 * loads again. The per-release models of explanations and report pages, and the report's
 * revision sets, are held this way.
 */
export class RecentLoads<T> {
  /** By key, most recently asked last (a Map iterates in insertion order). */
  private readonly held = new Map<string, Promise<T | undefined>>();

  constructor(private readonly max: number) {}

  get(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    let value = this.held.get(key);
    if (value) this.held.delete(key);
    else {
      value = load().then((loaded) => {
        if (loaded === undefined && this.held.get(key) === value) this.held.delete(key);
        return loaded;
      });
      if (this.held.size >= this.max) this.held.delete(this.held.keys().next().value!);
    }
    this.held.set(key, value);
    return value;
  }

  get size(): number {
    return this.held.size;
  }
}
