// The releases the methodology page logs the method of: publication.release rows only. SQL only.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface PublishedMethodRow {
  id: string;
  run_id: string;
  period: string;
  vintage: string;
  published_at: Date | null;
  weight_set: unknown;
  deflator_set: unknown;
}

@Injectable()
export class MethodologyRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Every release published up to `publishedAt` (every one ever, when null), and the release itself
   * even when it is a preview, in publication order: each with its run and its sets.
   */
  publishedUpTo(releaseId: string, publishedAt: Date | null): Promise<PublishedMethodRow[]> {
    return this.db.query(
      `SELECT id, run_id, period, vintage, published_at, manifest->'weightSet' AS weight_set, manifest->'deflatorSet' AS deflator_set
         FROM publication.release
        WHERE (published_at IS NOT NULL AND published_at <= coalesce($2::timestamptz, 'infinity')) OR id = $1
        ORDER BY published_at NULLS LAST, period, id`,
      [releaseId, publishedAt],
    );
  }
}
