// ingestion.trust: the current details of every trust, upserted by each trusts batch.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Trust } from '@nhsp/domain';
import { chunks, Db } from './db';

export interface TrustView {
  orgCode: string;
  name: string;
  region: string;
  trustType: string;
  peerGroup: string;
  sector: string;
}

@Injectable()
export class TrustRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async upsert(batchId: string, trusts: readonly Trust[], tx: Db): Promise<void> {
    for (const part of chunks(trusts)) {
      await tx.query(
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

  async orgCodes(): Promise<string[]> {
    const rows: { org_code: string }[] = await this.db.query('SELECT org_code FROM ingestion.trust');
    return rows.map((t) => t.org_code);
  }

  async exists(orgCode: string): Promise<boolean> {
    const [known] = await this.db.query(`SELECT 1 FROM ingestion.trust WHERE org_code = $1`, [orgCode]);
    return Boolean(known);
  }

  list(): Promise<TrustView[]> {
    return this.db.query(
      `SELECT org_code AS "orgCode", name, region, trust_type AS "trustType", peer_group AS "peerGroup", sector
       FROM ingestion.v_trusts ORDER BY org_code`,
    );
  }
}
