import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables holding a release's copy of its run's rows (release-snapshot.ts copies them). */
export const RELEASE_COPY_TABLES = [
  'release_target', 'release_index', 'release_stability', 'release_sensitivity', 'release_opportunity', 'release_indicator',
  'release_estimate', 'release_aggregate', 'release_benchmark', 'release_contribution', 'release_notification',
] as const;

/*
 * The release copy's tables keep what their foreign keys to publication.release guaranteed, checked
 * once per statement instead of once per row. A release's copy is tens of thousands of rows, each
 * inserted by one INSERT … SELECT per table; a foreign key runs its check (a query locking the
 * release row) for every one of them: about 1.2 million checks in a whole-history recompute, half
 * of what copying the opportunities and contributions cost PostgreSQL. The same guarantees:
 *
 * - a row names an existing release: after each INSERT or UPDATE statement, the releases its rows
 *   name are locked as a foreign key locks them (FOR KEY SHARE: no release is deleted under a copy
 *   before it commits) and every one must be there (else foreign_key_violation, as before);
 * - deleting releases deletes their rows (was ON DELETE CASCADE), truncating them truncates the
 *   copies (a foreign key made a TRUNCATE without CASCADE fail; release_publication's still does);
 * - a release's id never changes (a foreign key refused to change a referenced one; every release
 *   has its copy).
 *
 * release_snapshot (one row per release) keeps its foreign key.
 */
export class ReleaseCopyStatementChecks1795420020000 implements MigrationInterface {
  name = 'ReleaseCopyStatementChecks1795420020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION publication.release_copy_names_releases() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        one uuid;
        named uuid[];
        held bigint;
      BEGIN
        -- A statement copies one release's rows: one pass shows it, without sorting them.
        SELECT release_id INTO one FROM copied LIMIT 1;
        IF NOT FOUND THEN RETURN NULL; END IF;
        IF EXISTS (SELECT 1 FROM copied WHERE release_id <> one) THEN
          SELECT array_agg(DISTINCT release_id) INTO named FROM copied;
        ELSE
          named := ARRAY[one];
        END IF;
        PERFORM 1 FROM publication.release r WHERE r.id = ANY(named) FOR KEY SHARE;
        GET DIAGNOSTICS held = ROW_COUNT;
        IF held <> cardinality(named) THEN
          RAISE EXCEPTION 'insert or update on table "%" violates its reference to publication.release', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
        END IF;
        RETURN NULL;
      END $$`);
    const copies = RELEASE_COPY_TABLES.map((t) => `publication.${t}`).join(', ');
    const deletes = RELEASE_COPY_TABLES.map((t) => `DELETE FROM publication.${t} WHERE release_id IN (SELECT id FROM gone);`).join('\n        ');
    await q.query(`
      CREATE FUNCTION publication.release_deleted_drop_copies() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${deletes}
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION publication.release_truncated_truncate_copies() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE ${copies};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION publication.release_id_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a release''s id never changes (release %)', OLD.id USING ERRCODE = 'foreign_key_violation';
      END $$`);
    for (const table of RELEASE_COPY_TABLES) {
      await q.query(`ALTER TABLE publication.${table} DROP CONSTRAINT ${table}_release_id_fkey`);
      for (const event of ['INSERT', 'UPDATE']) {
        await q.query(`
          CREATE TRIGGER ${table}_names_releases_on_${event.toLowerCase()} AFTER ${event} ON publication.${table}
            REFERENCING NEW TABLE AS copied FOR EACH STATEMENT EXECUTE FUNCTION publication.release_copy_names_releases()`);
      }
    }
    await q.query(`
      CREATE TRIGGER release_deleted_drop_copies AFTER DELETE ON publication.release
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION publication.release_deleted_drop_copies()`);
    await q.query(`
      CREATE TRIGGER release_truncated_truncate_copies AFTER TRUNCATE ON publication.release
        FOR EACH STATEMENT EXECUTE FUNCTION publication.release_truncated_truncate_copies()`);
    await q.query(`
      CREATE TRIGGER release_id_unchanged BEFORE UPDATE OF id ON publication.release
        FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION publication.release_id_unchanged()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS release_id_unchanged ON publication.release`);
    await q.query(`DROP TRIGGER IF EXISTS release_truncated_truncate_copies ON publication.release`);
    await q.query(`DROP TRIGGER IF EXISTS release_deleted_drop_copies ON publication.release`);
    for (const table of RELEASE_COPY_TABLES) {
      for (const event of ['insert', 'update']) await q.query(`DROP TRIGGER IF EXISTS ${table}_names_releases_on_${event} ON publication.${table}`);
      await q.query(`
        ALTER TABLE publication.${table} ADD CONSTRAINT ${table}_release_id_fkey
          FOREIGN KEY (release_id) REFERENCES publication.release (id) ON DELETE CASCADE`);
    }
    for (const fn of ['release_id_unchanged', 'release_truncated_truncate_copies', 'release_deleted_drop_copies', 'release_copy_names_releases']) {
      await q.query(`DROP FUNCTION IF EXISTS publication.${fn}()`);
    }
  }
}
