// ingestion.batch: one row per stored file, whatever its kind.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BatchKind } from '../file-kinds';
import { Db } from './db';

/** Serialises uploads: the duplicate check is exact and `seq` order is commit order. */
const UPLOAD_LOCK_KEY = 'ingestion.bundle-upload';

const BATCH_COLUMNS = `id, kind, file_name AS "fileName", sha256, rows, months,
  received_at AS "receivedAt", notified_at AS "notifiedAt"`;

export interface BatchRow {
  id: string;
  kind: BatchKind;
  fileName: string;
  sha256: string;
  rows: number;
  months: string[];
  receivedAt: string;
  notifiedAt: string | null;
}

export interface NewBatch {
  kind: BatchKind;
  fileName: string;
  sha256: string;
  rows: number;
  months: string[];
}

/** A batch still to announce, with the one organisation it covers (null: national or none). */
export type PendingBatch = Pick<BatchRow, 'id' | 'kind' | 'sha256' | 'months' | 'rows' | 'notifiedAt'> & { orgCode: string | null };

@Injectable()
export class BatchRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Held until the caller's transaction ends. */
  async lockUploads(tx: Db): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [UPLOAD_LOCK_KEY]);
  }

  async findByContent(kind: BatchKind, sha256: string, tx: Db = this.db.manager): Promise<BatchRow | undefined> {
    const [batch] = await tx.query(`SELECT ${BATCH_COLUMNS} FROM ingestion.batch WHERE kind = $1 AND sha256 = $2`, [kind, sha256]);
    return batch;
  }

  async insert(batch: NewBatch, tx: Db): Promise<BatchRow> {
    const [row] = await tx.query(
      `INSERT INTO ingestion.batch (kind, file_name, sha256, rows, months) VALUES ($1, $2, $3, $4, $5) RETURNING ${BATCH_COLUMNS}`,
      [batch.kind, batch.fileName, batch.sha256, batch.rows, batch.months],
    );
    return row;
  }

  /** Newest first. */
  list(kind: string | undefined, limit: number): Promise<BatchRow[]> {
    return this.db.query(`SELECT ${BATCH_COLUMNS} FROM ingestion.batch WHERE ($1::text IS NULL OR kind = $1) ORDER BY seq DESC LIMIT $2`, [kind ?? null, limit]);
  }

  /** A batch with how many org-months (org-years, of trust costs) it supplied and how many it still supplies. */
  async get(id: string): Promise<(BatchRow & { orgMonths: number; currentOrgMonths: number }) | undefined> {
    const [batch] = await this.db.query(
      `SELECT ${BATCH_COLUMNS},
         (SELECT count(*)::int FROM ingestion.submission s WHERE s.batch_id = b.id)
           + (SELECT count(*)::int FROM ingestion.return_submission r WHERE r.batch_id = b.id) AS "orgMonths",
         (SELECT count(*)::int FROM ingestion.v_current_submissions c WHERE c.batch_id = b.id)
           + (SELECT count(*)::int FROM ingestion.return_submission r WHERE r.batch_id = b.id AND r.current) AS "currentOrgMonths"
       FROM ingestion.batch b WHERE id = $1`,
      [id],
    );
    return batch;
  }

  async markNotified(id: string): Promise<void> {
    await this.db.query('UPDATE ingestion.batch SET notified_at = now() WHERE id = $1', [id]);
  }

  /** Batches stored but not announced, oldest first. */
  pending(): Promise<PendingBatch[]> {
    return this.db.query(
      `SELECT b.id, b.kind, b.sha256, b.months, b.rows, b.notified_at AS "notifiedAt",
         (SELECT CASE WHEN count(DISTINCT s.org_code) = 1 THEN min(s.org_code) END
            FROM (SELECT org_code FROM ingestion.submission WHERE batch_id = b.id
                  UNION ALL SELECT org_code FROM ingestion.return_submission WHERE batch_id = b.id) s) AS "orgCode"
       FROM ingestion.batch b WHERE b.notified_at IS NULL ORDER BY b.seq`,
    );
  }
}
