import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Releases of productivity runs. The exclusion constraint is deferred to commit, so publishing
 * (this release → published, the period's previous one → superseded) can be one UPDATE while
 * the database still guarantees a single published release per period.
 */
export class CreatePublication1795365376860 implements MigrationInterface {
  name = 'CreatePublication1795365376860';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE publication.release (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id text NOT NULL UNIQUE,
        period text NOT NULL,
        vintage text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'superseded')),
        publish_at timestamptz NULL,
        manifest jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz NULL,
        superseded_at timestamptz NULL,
        CONSTRAINT release_one_published_per_period
          EXCLUDE USING btree (period WITH =) WHERE (status = 'published') DEFERRABLE INITIALLY DEFERRED
      )`);
    await queryRunner.query(`CREATE INDEX release_period_created ON publication.release (period, created_at DESC)`);
    await queryRunner.query(`
      CREATE VIEW publication.v_releases AS
        SELECT id, run_id, period, vintage, status, publish_at, manifest, created_at, published_at, superseded_at
        FROM publication.release`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW IF EXISTS publication.v_releases`);
    await queryRunner.query(`DROP TABLE IF EXISTS publication.release`);
  }
}
