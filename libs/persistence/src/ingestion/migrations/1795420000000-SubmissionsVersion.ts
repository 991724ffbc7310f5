import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * ingestion.v_submissions_version: one row naming the state of the current submissions (activity,
 * finance and the optional returns': what v_current_submissions and v_current_return_submissions
 * return). Readers that derive something costly from the whole history of submissions (a run's
 * input fingerprint, benchmarking's month identities) keep it under this name and read one row per
 * run instead of aggregating every submission again: 84 runs of a whole-history recompute each
 * hashed up to 84 months of 194 trusts.
 *
 * The version moves in the transaction that changes a submission, by statement triggers on the
 * tables the views read, whoever writes them (the upload's one transaction, a test's SQL): a
 * snapshot that sees the version sees exactly the submissions it names, and a rolled-back upload
 * moves nothing. `epoch` is new whenever the table is made, so a version is never the name of two
 * states (a database rebuilt counts again from 1). It names a state, not its content: identical
 * submissions stored again give a new version, and the readers' digests, taken from the rows, the
 * same values.
 */
export class SubmissionsVersion1795420000000 implements MigrationInterface {
  name = 'SubmissionsVersion1795420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ingestion.submissions_version (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        epoch uuid NOT NULL DEFAULT gen_random_uuid(),
        version bigint NOT NULL DEFAULT 1
      )`);
    await q.query(`INSERT INTO ingestion.submissions_version DEFAULT VALUES`);
    await q.query(`
      CREATE FUNCTION ingestion.next_submissions_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ingestion.submissions_version SET version = version + 1;
        RETURN NULL;
      END $$`);
    for (const table of ['submission', 'return_submission']) {
      await q.query(`
        CREATE TRIGGER ${table}_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ingestion.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ingestion.next_submissions_version()`);
    }
    // v_current_submissions picks a trust-month's latest batch by seq.
    await q.query(`
      CREATE TRIGGER batch_version AFTER UPDATE OF id, seq OR DELETE OR TRUNCATE ON ingestion.batch
      FOR EACH STATEMENT EXECUTE FUNCTION ingestion.next_submissions_version()`);
    await q.query(`CREATE VIEW ingestion.v_submissions_version AS SELECT epoch::text || ':' || version AS version FROM ingestion.submissions_version`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS ingestion.v_submissions_version`);
    for (const table of ['submission', 'return_submission', 'batch']) {
      await q.query(`DROP TRIGGER IF EXISTS ${table}_version ON ingestion.${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS ingestion.next_submissions_version()`);
    await q.query(`DROP TABLE IF EXISTS ingestion.submissions_version`);
  }
}
