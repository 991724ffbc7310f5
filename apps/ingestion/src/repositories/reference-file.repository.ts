// ingestion.reference_file: NCC schedules and inflation series, stored as sent (their owners parse them).
import { Injectable } from '@nestjs/common';
import { Db } from './db';

@Injectable()
export class ReferenceFileRepository {
  async insert(batchId: string, kind: 'cost_weights' | 'deflators', content: Buffer, tx: Db): Promise<void> {
    await tx.query('INSERT INTO ingestion.reference_file (batch_id, kind, content) VALUES ($1, $2, $3)', [batchId, kind, content]);
  }
}
