// Rendered answers of the figures endpoints (/v1/estimates, /v1/aggregates, /v1/benchmarks),
// keyed on the release they come from (id, status, published_at), the negotiated format and the
// request's URL. A run's figures do not change once its release exists, so an entry is never
// wrong: a hit skips the view query, the row formatting, the JSON/CSV serialisation and the
// ETag hash, and a newly published release is a new key. An entry therefore lives as long as it
// is read, and goes once nobody has read it for CACHE_MAX_AGE (the max-age clients are given):
// a fixed lifetime made every hot URL miss once a minute, all its waiting readers at once.
// Concurrent misses of one key render it once (build). One cache per process, shared by the
// routed path (DataController, which fills it) and the quick path ahead of Express
// (quick-reads, which only reads it).
import { Injectable } from '@nestjs/common';
import type { ReleaseEntity } from '@nhsp/persistence';
import { InjectConfig } from '@nhsp/service-kit';
import type { PublicationConfig } from './config';
import type { Format, Rendered } from './representation';

/** What a cached answer was made from: the release as it stood (status and publication time too). */
export type ReleaseState = Pick<ReleaseEntity, 'id' | 'status' | 'publishedAt'>;

const MAX_ENTRIES = 1000;

@Injectable()
export class ResponseCache {
  private readonly entries = new Map<string, { rendered: Rendered; expires: number }>();
  private readonly building = new Map<string, Promise<Rendered>>();
  private readonly idleMs: number;

  constructor(@InjectConfig() config: PublicationConfig) {
    this.idleMs = config.CACHE_MAX_AGE * 1000;
  }

  /** `url`: the request's path and query exactly as sent, so every other parameter is in the key. */
  key(endpoint: string, release: ReleaseState, format: Format, url: string): string {
    return `${endpoint}|${this.stateOf(release)}|${format}|${url}`;
  }

  /** Per release object: the quick path asks thousands of times a second for the same few. */
  private readonly states = new WeakMap<ReleaseState, string>();

  private stateOf(release: ReleaseState): string {
    let state = this.states.get(release);
    if (state === undefined) {
      const published = release.publishedAt ? new Date(release.publishedAt).toISOString() : '';
      state = `${release.id}|${release.status}|${published}`;
      this.states.set(release, state);
    }
    return state;
  }

  get(key: string): Rendered | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = Date.now();
    if (entry.expires <= now) {
      this.entries.delete(key);
      return undefined;
    }
    entry.expires = now + this.idleMs;
    return entry.rendered;
  }

  /** The cached answer, or the one `render` makes - once, however many ask for it meanwhile. */
  async build(key: string, render: () => Promise<Rendered>): Promise<Rendered> {
    const cached = this.get(key);
    if (cached) return cached;
    let pending = this.building.get(key);
    if (!pending) {
      pending = render()
        .then((rendered) => {
          this.set(key, rendered);
          return rendered;
        })
        .finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }

  /**
   * An answer already rendered (the quick path's, from a read model), kept unless one is held or
   * being built: what build() would keep, without its promises, which each fresh cold read paid.
   */
  keep(key: string, rendered: Rendered): void {
    if (!this.building.has(key) && !this.get(key)) this.set(key, rendered);
  }

  private set(key: string, rendered: Rendered): void {
    if (this.idleMs <= 0) return;
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { rendered, expires: Date.now() + this.idleMs });
  }
}
