// The optional operational returns (trust_costs, workforce, operations, medicine, unit_cost rows,
// kept per batch forever) and return_submission: which batch supplies each trust's month (year,
// for trust costs) of each return. The latest batch is flagged `current` when it is stored,
// under the upload lock, so the views find a month's rows by index rather than by sorting every
// submission ever received.
import { Injectable } from '@nestjs/common';
import { MedicineRecord, OperationsRecord, TrustCostRecord, UnitCostRecord, WorkforceRecord } from '@nhsp/domain';
import type { OrgPeriodHash } from '../content-hash';
import type { TrustReturnKind } from '../file-kinds';
import { chunks, Db } from './db';

/** Exact decimal text, never a JS number. */
const exact = (value: { toFixed(): string }) => value.toFixed();

@Injectable()
export class ReturnsRepository {
  async insertTrustCosts(batchId: string, rows: readonly TrustCostRecord[], tx: Db): Promise<void> {
    for (const part of chunks(rows)) {
      await tx.query(
        `INSERT INTO ingestion.trust_cost (batch_id, org_code, year, pod, currency, activity, cost_gbp)
         SELECT $1::uuid, r.* FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::numeric[], $7::numeric[]) AS r`,
        [
          batchId,
          part.map((r) => r.orgCode),
          part.map((r) => r.year),
          part.map((r) => r.pod),
          part.map((r) => r.currency),
          part.map((r) => exact(r.activity)),
          part.map((r) => exact(r.cost)),
        ],
      );
    }
  }

  async insertWorkforce(batchId: string, rows: readonly WorkforceRecord[], tx: Db): Promise<void> {
    for (const part of chunks(rows)) {
      await tx.query(
        `INSERT INTO ingestion.workforce (batch_id, org_code, month, staff_group, wte)
         SELECT $1::uuid, r.* FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[]) AS r`,
        [batchId, part.map((r) => r.orgCode), part.map((r) => r.month), part.map((r) => r.staffGroup), part.map((r) => exact(r.wte))],
      );
    }
  }

  async insertOperations(batchId: string, rows: readonly OperationsRecord[], tx: Db): Promise<void> {
    for (const part of chunks(rows)) {
      await tx.query(
        `INSERT INTO ingestion.operations (batch_id, org_code, month, measure, dimension, value)
         SELECT $1::uuid, r.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[]) AS r`,
        [
          batchId,
          part.map((r) => r.orgCode),
          part.map((r) => r.month),
          part.map((r) => r.measure),
          part.map((r) => r.dimension),
          part.map((r) => exact(r.value)),
        ],
      );
    }
  }

  async insertMedicines(batchId: string, rows: readonly MedicineRecord[], tx: Db): Promise<void> {
    for (const part of chunks(rows)) {
      await tx.query(
        `INSERT INTO ingestion.medicine (batch_id, org_code, month, molecule, product, quantity, cost_gbp)
         SELECT $1::uuid, r.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[]) AS r`,
        [
          batchId,
          part.map((r) => r.orgCode),
          part.map((r) => r.month),
          part.map((r) => r.molecule),
          part.map((r) => r.product),
          part.map((r) => exact(r.quantity)),
          part.map((r) => exact(r.cost)),
        ],
      );
    }
  }

  async insertUnitCosts(batchId: string, rows: readonly UnitCostRecord[], tx: Db): Promise<void> {
    await tx.query(
      `INSERT INTO ingestion.unit_cost (batch_id, name, gbp) SELECT $1::uuid, r.* FROM unnest($2::text[], $3::numeric[]) AS r`,
      [batchId, rows.map((r) => r.name), rows.map((r) => exact(r.gbp))],
    );
  }

  /** The batch becomes the current supplier of each trust-period it covers; the earlier one stays, no longer current. */
  async insertSubmissions(batchId: string, kind: TrustReturnKind, hashes: readonly OrgPeriodHash[], tx: Db): Promise<void> {
    for (const part of chunks(hashes)) {
      const orgCodes = part.map((h) => h.orgCode);
      const periods = part.map((h) => h.period);
      await tx.query(
        `UPDATE ingestion.return_submission s SET current = false
         FROM unnest($1::text[], $2::text[]) AS n(org_code, period)
         WHERE s.current AND s.kind = $3 AND s.org_code = n.org_code AND s.period = n.period`,
        [orgCodes, periods, kind],
      );
      await tx.query(
        `INSERT INTO ingestion.return_submission (org_code, period, kind, batch_id, content_sha256, received_at, current)
         SELECT n.org_code, n.period, $4, $5::uuid, n.content_sha256, now(), true
         FROM unnest($1::text[], $2::text[], $3::text[]) AS n(org_code, period, content_sha256)`,
        [orgCodes, periods, part.map((h) => h.contentSha256), kind, batchId],
      );
    }
  }
}
