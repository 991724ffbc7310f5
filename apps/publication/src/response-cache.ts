// Rendered answers of the figures endpoints (/v1/estimates, /v1/aggregates, /v1/benchmarks),
// keyed on the release they come from (id, status, published_at), the negotiated format and the
// request's query. A run's figures do not change once its release exists, so a hit skips the
// view query, the row formatting, the JSON/CSV serialisation and the ETag hash; the release is
// still chosen on every request (visibleRelease), so a newly published release is served at
// once. An entry lives no longer than the max-age the API already gives clients and proxies.
// One cache per process, shared by the routed path (DataController, which fills it) and the
// quick path ahead of Express (quick-reads, which only reads it).
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
  private readonly maxAgeSeconds: number;

  constructor(@InjectConfig() config: PublicationConfig) {
    this.maxAgeSeconds = config.CACHE_MAX_AGE;
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
    if (entry.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.rendered;
  }

  set(key: string, rendered: Rendered): void {
    if (this.maxAgeSeconds <= 0) return;
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { rendered, expires: Date.now() + this.maxAgeSeconds * 1000 });
  }
}
