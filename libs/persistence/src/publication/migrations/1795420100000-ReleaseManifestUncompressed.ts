import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A release's manifest is stored out of line without compression (STORAGE EXTERNAL). It holds
 * every submission hash of the run, 440 KB of JSON on average over a seven-year history, which
 * compresses poorly (pglz kept 78% of it) at a high price: compressing took 1.8 s of PostgreSQL
 * CPU to store the 84 releases of a whole-history recompute, storing it as it is 0.7 s, and every
 * load of a release as an entity decompressed it again. About 100 KB more a release on disk. What
 * is stored and read is the same jsonb; manifests already stored keep their compression.
 */
export class ReleaseManifestUncompressed1795420100000 implements MigrationInterface {
  name = 'ReleaseManifestUncompressed1795420100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publication.release ALTER COLUMN manifest SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE publication.release ALTER COLUMN manifest SET STORAGE EXTENDED`);
  }
}
