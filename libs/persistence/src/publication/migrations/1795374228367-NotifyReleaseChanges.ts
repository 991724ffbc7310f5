import { MigrationInterface, QueryRunner } from 'typeorm';

/** LISTEN on this channel to hear of any change to publication.release (after its commit). */
export const RELEASE_CHANGES_CHANNEL = 'publication_release_changed';

/**
 * Every statement that changes releases (assembled, scheduled, published, superseded) notifies
 * RELEASE_CHANGES_CHANNEL when its transaction commits, whoever made it: the API replicas keep
 * the public releases in memory (apps/publication, quick reads) and must hear of a publication
 * made by a worker or another replica at once. One notification per statement: listeners
 * reload everything, so which rows changed does not matter.
 */
export class NotifyReleaseChanges1795374228367 implements MigrationInterface {
  name = 'NotifyReleaseChanges1795374228367';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION publication.notify_release_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${RELEASE_CHANGES_CHANNEL}', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER release_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON publication.release
        FOR EACH STATEMENT EXECUTE FUNCTION publication.notify_release_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS release_changed ON publication.release`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS publication.notify_release_changed()`);
  }
}
