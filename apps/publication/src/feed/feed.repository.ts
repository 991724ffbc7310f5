// The releases the feed announces: every publication, newest first. SQL only.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface PublishedRelease {
  id: string;
  period: string;
  vintage: string;
  status: string;
  publishedAt: Date;
}

@Injectable()
export class FeedRepository {
  constructor(private readonly db: DataSource) {}

  /** Releases ever published (superseded ones too: each was news once), newest publication first. */
  async published(limit: number): Promise<PublishedRelease[]> {
    const rows: Array<{ id: string; period: string; vintage: string; status: string; published_at: Date }> = await this.db.query(
      `SELECT id, period, vintage, status, published_at FROM publication.release WHERE published_at IS NOT NULL
        ORDER BY published_at DESC, period DESC, id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, period: r.period, vintage: r.vintage, status: r.status, publishedAt: r.published_at }));
  }
}
