// The releases a year's final revision is made of, and those it revises. SQL only.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReleaseEntity, releaseColumnsWithoutManifest } from '@nhsp/persistence';

const toEntity = (row: object) => Object.assign(new ReleaseEntity(), row);

@Injectable()
export class FinalRevisionRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Per period, the final_revised release a caller sees: the published one (publicOnly), or the
   * newest that is not superseded (a key holder's preview of the year before it goes out).
   */
  async finalReleases(periods: string[], publicOnly: boolean): Promise<ReleaseEntity[]> {
    const rows = await this.db.query(
      `SELECT DISTINCT ON (period) ${releaseColumnsWithoutManifest()} FROM publication.release
        WHERE vintage = 'final_revised' AND period = ANY($1::text[])
          AND (CASE WHEN $2::boolean THEN status = 'published' ELSE status <> 'superseded' END)
        ORDER BY period, (manifest->>'runCreatedAt')::timestamptz DESC, created_at DESC, id`,
      [periods, publicOnly],
    );
    return rows.map(toEntity);
  }

  /** Per period, the first figures ever published for it (its provisional release): what the final one revises. */
  async firstPublished(periods: string[]): Promise<ReleaseEntity[]> {
    const rows = await this.db.query(
      `SELECT DISTINCT ON (period) ${releaseColumnsWithoutManifest()} FROM publication.release
        WHERE vintage <> 'final_revised' AND published_at IS NOT NULL AND period = ANY($1::text[])
        ORDER BY period, published_at, id`,
      [periods],
    );
    return rows.map(toEntity);
  }
}
