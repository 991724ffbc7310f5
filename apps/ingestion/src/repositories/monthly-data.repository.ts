// ingestion.activity, ingestion.finance and ingestion.submission: a trust's monthly activity and
// finance rows, kept per batch forever, and which batch supplies each org-month (the views pick
// the latest, so a restatement supersedes only the org-months it covers).
import { Injectable } from '@nestjs/common';
import { ActivityRecord, FinanceRecord } from '@nhsp/domain';
import type { OrgMonthHash } from '../content-hash';
import { chunks, Db } from './db';

@Injectable()
export class MonthlyDataRepository {
  async insertActivity(batchId: string, rows: readonly ActivityRecord[], tx: Db): Promise<void> {
    for (const part of chunks(rows)) {
      await tx.query(
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

  async insertFinance(batchId: string, rows: readonly FinanceRecord[], tx: Db): Promise<void> {
    for (const part of chunks(rows)) {
      await tx.query(
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

  async insertSubmissions(batchId: string, kind: 'activity' | 'finance', hashes: readonly OrgMonthHash[], tx: Db): Promise<void> {
    for (const part of chunks(hashes)) {
      await tx.query(
        `INSERT INTO ingestion.submission (org_code, month, kind, batch_id, content_sha256, received_at)
         SELECT s.org_code, s.month, $4, $5::uuid, s.content_sha256, now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS s(org_code, month, content_sha256)`,
        [part.map((h) => h.orgCode), part.map((h) => h.month), part.map((h) => h.contentSha256), kind, batchId],
      );
    }
  }
}
