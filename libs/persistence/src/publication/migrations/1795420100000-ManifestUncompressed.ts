import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A release's manifest holds its run's inputs (every submission hash: about 370 KB of JSON for a
 * national run) and is written at assembly, then once more when the copy's counts are added.
 * Compressing it (pglz) cost about 40 ms of PostgreSQL time per write against 7 ms uncompressed,
 * for a third of its size: hex digests compress poorly and slowly. Stored out of line as it is
 * (EXTERNAL), it is written and read without it. Storage only: the manifest read back, and so
 * every answer and download that shows it, is the same; releases written before stay as they are.
 */
export class ManifestUncompressed1795420100000 implements MigrationInterface {
  name = 'ManifestUncompressed1795420100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publication.release ALTER COLUMN manifest SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publication.release ALTER COLUMN manifest SET STORAGE EXTENDED`);
  }
}
