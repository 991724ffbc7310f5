// Reads a reference file ingestion stored, through its read-only view (never its tables).
import { Injectable } from '@nestjs/common';
import { PermanentJobError } from '@nhsp/queue';
import { DataSource } from 'typeorm';
import type { ReferenceStoredV1 } from '@nhsp/queue';
import type { LoadSource } from './file-source';

interface ReferenceFileRow {
  kind: string;
  file_name: string;
  sha256: string;
  content: Buffer;
}

@Injectable()
export class ReferenceFiles {
  constructor(private readonly db: DataSource) {}

  async read(message: ReferenceStoredV1): Promise<LoadSource> {
    const rows: ReferenceFileRow[] = await this.db.query(
      'SELECT kind, file_name, sha256, content FROM ingestion.v_reference_files WHERE batch_id = $1',
      [message.batchId],
    );
    // Ingestion emits after its commit, so a missing row is not a lag to wait out.
    if (rows.length === 0) throw new PermanentJobError(`reference file of batch ${message.batchId} not found in ingestion.v_reference_files`);
    const [file] = rows;
    if (file.kind !== message.kind || file.sha256 !== message.sha256) {
      throw new PermanentJobError(
        `batch ${message.batchId} holds ${file.kind} ${file.sha256}, the message said ${message.kind} ${message.sha256}`,
      );
    }
    return {
      csv: { bytes: file.content, name: file.file_name },
      fileName: file.file_name,
      origin: `reference:${message.batchId}`,
    };
  }
}
