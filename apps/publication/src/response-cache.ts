// Rendered answers of the figures endpoints (/v1/estimates, /v1/aggregates, /v1/benchmarks),
// keyed on the release they come from (id, status, published_at), the negotiated format and the
// request's query. A run's figures do not change once its release exists, so a hit skips the
// view query, the row formatting, the JSON/CSV serialisation and the ETag hash; the release is
// still chosen on every request (visibleRelease), so a newly published release is served at
// once. An entry lives no longer than the max-age the API already gives clients and proxies.
import type { Request } from 'express';
import type { ReleaseEntity } from '@nhsp/persistence';
import type { Format, Rendered } from './representation';

const MAX_ENTRIES = 1000;

export class ResponseCache {
  private readonly entries = new Map<string, { rendered: Rendered; expires: number }>();

  constructor(private readonly maxAgeSeconds: number) {}

  key(endpoint: string, release: ReleaseEntity, format: Format, req: Request): string {
    const published = release.publishedAt ? new Date(release.publishedAt).toISOString() : '';
    return `${endpoint}|${release.id}|${release.status}|${published}|${format}|${req.originalUrl}`;
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
