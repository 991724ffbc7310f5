// Stores every file of an upload in ONE transaction: each file is one batch, or a no-op when
// a batch of the same kind and sha256 exists; notifications.csv adds its notifications (each
// known one is the stored one). Rows go in with unnest() in chunks, one
// statement per chunk rather than per row (~100k activity rows in a national file).
import { DataSource, EntityManager } from 'typeorm';
import { ActivityRecord, FinanceRecord, Trust } from '@nhsp/domain';
import { ParsedFile } from './bundle-reader';
import { activityHashes, financeHashes, monthsOf, OrgMonthHash } from './content-hash';
import { BatchKind } from './file-kinds';
import { WrittenNotification, writeNotification } from './notifications/notification-store';

const CHUNK_ROWS = 10000;
/** Serialises uploads: the duplicate check is exact and `seq` order is commit order. */
const UPLOAD_LOCK_KEY = 'ingestion.bundle-upload';

export interface StoredBatch {
  id: string;
  kind: BatchKind;
  fileName: string;
  sha256: string;
  rows: number;
  months: string[];
  receivedAt: string;
  notifiedAt: string | null;
  duplicate: boolean;
  /** Single organisation covered, null for a national batch (message payload only). */
  orgCode: string | null;
}

export const BATCH_COLUMNS = `id, kind, file_name AS "fileName", sha256, rows, months,
  received_at AS "receivedAt", notified_at AS "notifiedAt"`;

export interface StoredUpload {
  batches: StoredBatch[];
  notifications: WrittenNotification[];
}

type BatchFile = Exclude<ParsedFile, { kind: 'notifications' }>;

export async function storeBundle(dataSource: DataSource, files: readonly ParsedFile[]): Promise<StoredUpload> {
  return dataSource.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [UPLOAD_LOCK_KEY]);
    const stored: StoredUpload = { batches: [], notifications: [] };
    for (const file of files) {
      if (file.kind === 'notifications') {
        for (const row of file.rows) stored.notifications.push(await writeNotification(m, row));
      } else {
        stored.batches.push(await storeFile(m, file));
      }
    }
    return stored;
  });
}

async function storeFile(m: EntityManager, file: BatchFile): Promise<StoredBatch> {
  const rows = 'rows' in file ? file.rows.length : file.rowCount;
  const months = 'rows' in file && file.kind !== 'trusts' ? monthsOf(file.rows) : [];
  const orgCode = 'rows' in file && file.kind !== 'trusts' ? singleOrg(file.rows) : null;
  const [existing] = await m.query(`SELECT ${BATCH_COLUMNS} FROM ingestion.batch WHERE kind = $1 AND sha256 = $2`, [
    file.kind,
    file.sha256,
  ]);
  if (existing) return { ...existing, duplicate: true, orgCode };

  const [batch] = await m.query(
    `INSERT INTO ingestion.batch (kind, file_name, sha256, rows, months) VALUES ($1, $2, $3, $4, $5) RETURNING ${BATCH_COLUMNS}`,
    [file.kind, file.fileName, file.sha256, rows, months],
  );
  switch (file.kind) {
    case 'trusts':
      await upsertTrusts(m, batch.id, file.rows);
      break;
    case 'activity':
      await insertActivity(m, batch.id, file.rows);
      await insertSubmissions(m, batch.id, 'activity', activityHashes(file.rows));
      break;
    case 'finance':
      await insertFinance(m, batch.id, file.rows);
      await insertSubmissions(m, batch.id, 'finance', financeHashes(file.rows));
      break;
    default:
      await m.query('INSERT INTO ingestion.reference_file (batch_id, kind, content) VALUES ($1, $2, $3)', [
        batch.id,
        file.kind,
        file.content,
      ]);
  }
  return { ...batch, duplicate: false, orgCode };
}

function singleOrg(rows: readonly { orgCode: string }[]): string | null {
  const first = rows[0]?.orgCode;
  return first !== undefined && rows.every((r) => r.orgCode === first) ? first : null;
}

async function upsertTrusts(m: EntityManager, batchId: string, trusts: readonly Trust[]): Promise<void> {
  for (const part of chunks(trusts)) {
    await m.query(
      `INSERT INTO ingestion.trust (org_code, name, region, trust_type, peer_group, sector, batch_id)
       SELECT t.*, $7::uuid FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t
       ON CONFLICT (org_code) DO UPDATE SET name = excluded.name, region = excluded.region,
         trust_type = excluded.trust_type, peer_group = excluded.peer_group, sector = excluded.sector,
         batch_id = excluded.batch_id, updated_at = now()`,
      [
        part.map((t) => t.orgCode),
        part.map((t) => t.name),
        part.map((t) => t.region),
        part.map((t) => t.trustType),
        part.map((t) => t.peerGroup),
        part.map((t) => t.sector),
        batchId,
      ],
    );
  }
}

async function insertActivity(m: EntityManager, batchId: string, rows: readonly ActivityRecord[]): Promise<void> {
  for (const part of chunks(rows)) {
    await m.query(
      `INSERT INTO ingestion.activity (batch_id, org_code, month, pod, currency, count, bed_days)
       SELECT $1::uuid, a.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[]) AS a`,
      [
        batchId,
        part.map((r) => r.orgCode),
        part.map((r) => r.month),
        part.map((r) => r.pod),
        part.map((r) => r.currency),
        part.map((r) => r.count),
        part.map((r) => r.bedDays),
      ],
    );
  }
}

async function insertFinance(m: EntityManager, batchId: string, rows: readonly FinanceRecord[]): Promise<void> {
  for (const part of chunks(rows)) {
    await m.query(
      `INSERT INTO ingestion.finance (batch_id, org_code, month, category, amount_gbp)
       SELECT $1::uuid, f.* FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[]) AS f`,
      [
        batchId,
        part.map((r) => r.orgCode),
        part.map((r) => r.month),
        part.map((r) => r.category),
        // Exact decimal text, never a JS number.
        part.map((r) => r.amount.toFixed()),
      ],
    );
  }
}

async function insertSubmissions(m: EntityManager, batchId: string, kind: 'activity' | 'finance', hashes: OrgMonthHash[]) {
  for (const part of chunks(hashes)) {
    await m.query(
      `INSERT INTO ingestion.submission (org_code, month, kind, batch_id, content_sha256, received_at)
       SELECT s.org_code, s.month, $4, $5::uuid, s.content_sha256, now()
       FROM unnest($1::text[], $2::text[], $3::text[]) AS s(org_code, month, content_sha256)`,
      [part.map((h) => h.orgCode), part.map((h) => h.month), part.map((h) => h.contentSha256), kind, batchId],
    );
  }
}

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) yield rows.slice(i, i + CHUNK_ROWS);
}
