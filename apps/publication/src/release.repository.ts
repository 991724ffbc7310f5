// The SQL on publication.release (and its publication record) that publishing, visibility and
// assembly run: SQL only, the rules stay with their callers. Methods that run inside a caller's
// transaction take its EntityManager, so the caller decides what commits together.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { releaseColumnsWithoutManifest } from '@nhsp/persistence';

export interface PublicationState {
  status: string;
  due: boolean | null;
  newer_published: boolean | null;
}

@Injectable()
export class ReleaseRepository {
  constructor(private readonly db: DataSource) {}

  /** The releases of these ids with their periods, in the order their periods are locked. */
  targetsInLockOrder(tx: EntityManager, ids: string[]): Promise<Array<{ id: string; period: string }>> {
    return tx.query(`SELECT id, period FROM publication.release WHERE id = ANY($1::uuid[]) ORDER BY period, id`, [ids]);
  }

  /** Two publications of one period queue up here instead of failing at commit. */
  async lockPeriod(tx: EntityManager, period: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('publication.release:' || $1))`, [period]);
  }

  /** A release's status, whether it is due for this schedule, and whether its period's published release is of a newer run. */
  async publicationState(tx: EntityManager, id: string, publishAt: Date | null): Promise<PublicationState> {
    const [state] = await tx.query(
      `SELECT t.status, t.publish_at = $2::timestamptz AND t.publish_at <= now() AS due,
              (p.manifest->>'runCreatedAt')::timestamptz > (t.manifest->>'runCreatedAt')::timestamptz AS newer_published
         FROM publication.release t
         LEFT JOIN publication.release p ON p.period = t.period AND p.status = 'published' AND p.id <> t.id
        WHERE t.id = $1`,
      [id, publishAt],
    );
    return state;
  }

  async markSuperseded(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`UPDATE publication.release SET status = 'superseded', superseded_at = now() WHERE id = $1`, [id]);
  }

  /** One UPDATE: this release published, the period's previously published one superseded. */
  async markPublished(tx: EntityManager, id: string, period: string): Promise<void> {
    await tx.query(
      `UPDATE publication.release
            SET status = CASE WHEN id = $1 THEN 'published' ELSE 'superseded' END,
                published_at = CASE WHEN id = $1 THEN now() ELSE published_at END,
                superseded_at = CASE WHEN id = $1 THEN superseded_at ELSE now() END
          WHERE id = $1 OR (period = $2 AND status = 'published')`,
      [id, period],
    );
  }

  /** The record of each publication (publication.release_publication). */
  async recordPublication(tx: EntityManager, id: string, via: 'scheduled' | 'manual'): Promise<void> {
    await tx.query(`INSERT INTO publication.release_publication (release_id, published_at, via) VALUES ($1, now(), $2)`, [id, via]);
  }

  /** The release and, for a final_revised one, every final_revised release of its financial year scheduled for the same time. */
  dueTogether(id: string, publishAt: Date): Promise<Array<{ id: string }>> {
    // A financial year starts in April: 2025-03 is FY 2024/25.
    const fy = (t: string) => `(substr(${t}.period, 1, 4)::int - CASE WHEN substr(${t}.period, 6, 2)::int < 4 THEN 1 ELSE 0 END)`;
    return this.db.query(
      `SELECT c.id FROM publication.release t
         JOIN publication.release c ON c.id = t.id OR (
              t.vintage = 'final_revised' AND c.vintage = 'final_revised' AND c.status = 'scheduled'
              AND c.publish_at = $2::timestamptz AND ${fy('c')} = ${fy('t')})
        WHERE t.id = $1`,
      [id, publishAt],
    );
  }

  /** The release's status, its row locked for the rest of the transaction; undefined when there is none. */
  async lockStatus(tx: EntityManager, id: string): Promise<{ status: string } | undefined> {
    const [row] = await tx.query(`SELECT status FROM publication.release WHERE id = $1 FOR UPDATE`, [id]);
    return row;
  }

  async markScheduled(tx: EntityManager, id: string, publishAt: Date): Promise<void> {
    await tx.query(`UPDATE publication.release SET status = 'scheduled', publish_at = $2 WHERE id = $1`, [id, publishAt]);
  }

  /** Scheduled releases whose time has passed. */
  overdue(): Promise<Array<{ id: string; publish_at: Date }>> {
    return this.db.query(`SELECT id, publish_at FROM publication.release WHERE status = 'scheduled' AND publish_at <= now()`);
  }

  /**
   * In one round trip: how many scheduled releases are overdue, and the columns (no manifest) of
   * the published release of the period, or of the latest period that has one (all null if none).
   */
  async overdueCountAndPublished(period: string | null): Promise<Record<string, unknown> & { overdue: number }> {
    const [row] = await this.db.query(
      `SELECT o.overdue, ${releaseColumnsWithoutManifest('r')}
         FROM (SELECT count(*)::int AS overdue FROM publication.release WHERE status = 'scheduled' AND publish_at <= now()) o
         LEFT JOIN LATERAL (SELECT * FROM publication.release WHERE status = 'published' AND ($1::text IS NULL OR period = $1)
                             ORDER BY period DESC LIMIT 1) r ON true`,
      [period],
    );
    return row;
  }

  /** Per period, the id of its newest release that is not superseded. */
  newestCurrentIdPerPeriod(): Promise<Array<{ id: string }>> {
    return this.db.query(
      `SELECT DISTINCT ON (period) id FROM publication.release WHERE status <> 'superseded'
        ORDER BY period, (manifest->>'runCreatedAt')::timestamptz DESC, created_at DESC`,
    );
  }

  /** The id of the newest release not superseded, of the period or of the latest period that has one. */
  async newestCurrentId(period: string | null): Promise<{ id: string } | undefined> {
    const [row] = await this.db.query(
      `SELECT id FROM publication.release WHERE status <> 'superseded' AND ($1::text IS NULL OR period = $1)
        ORDER BY period DESC, (manifest->>'runCreatedAt')::timestamptz DESC, created_at DESC LIMIT 1`,
      [period],
    );
    return row;
  }

  /** The ids of every release of a period, oldest run first. */
  async idsOfPeriod(period: string): Promise<string[]> {
    return (await this.db.query(
      `SELECT id FROM publication.release WHERE period = $1 ORDER BY (manifest->>'runCreatedAt')::timestamptz NULLS FIRST, run_id`,
      [period],
    )).map((r: { id: string }) => r.id);
  }

  /** Adds these counts to the manifest's counts. */
  async addManifestCounts(tx: EntityManager, id: string, counts: object): Promise<void> {
    await tx.query(`UPDATE publication.release SET manifest = jsonb_set(manifest, '{counts}', (manifest->'counts') || $2::jsonb) WHERE id = $1`, [
      id, JSON.stringify(counts),
    ]);
  }
}
