import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A run's inputs (every submission hash of the months it read: about 370 KB of JSON for a national
 * run) are written once per run and read whole. Compressing them (pglz, the only method every
 * server here is built with) saved a third of their size but cost about 40 ms of PostgreSQL time
 * per run against 8 ms uncompressed: hex digests compress poorly and slowly. Stored out of line
 * as they are (EXTERNAL), they are written and read without it. Storage only: the values read
 * back are the same; rows written before stay as they are.
 */
export class RunInputsUncompressed1795420010000 implements MigrationInterface {
  name = 'RunInputsUncompressed1795420010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE productivity.run ALTER COLUMN inputs SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE productivity.run ALTER COLUMN inputs SET STORAGE EXTENDED`);
  }
}
