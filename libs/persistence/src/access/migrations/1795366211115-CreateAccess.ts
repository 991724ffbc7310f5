import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys and the audit log of writes. Keys are kept only as sha256 hashes: a database dump
 * must not hand out working credentials. Every service reads keys through v_api_keys (so this
 * table can change without touching them) and appends to audit_log; only the service running
 * the key-management API (ACCESS_ADMIN_API=true) creates and revokes keys.
 */
export class CreateAccess1795366211115 implements MigrationInterface {
  name = 'CreateAccess1795366211115';

  async up(q: QueryRunner): Promise<void> {
    // Not one of the six service schemas, so CreateSchemas does not make it.
    await q.query('CREATE SCHEMA IF NOT EXISTS access');
    await q.query(`
      CREATE TABLE access.api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ('analyst', 'publisher', 'submitter', 'admin')),
        org_code text,
        key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz,
        -- A submitter key is useless without its organisation; any other key with one is a mistake.
        CONSTRAINT api_key_org_code_iff_submitter CHECK ((role = 'submitter') = (org_code IS NOT NULL))
      )`);
    await q.query(`
      CREATE VIEW access.v_api_keys AS
        SELECT id, role, org_code, key_hash, revoked_at FROM access.api_key`);
    await q.query(`
      CREATE TABLE access.audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        key_id uuid REFERENCES access.api_key (id),
        role text,
        method text NOT NULL,
        path text NOT NULL,
        status integer NOT NULL,
        service text NOT NULL,
        entity jsonb,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query('CREATE INDEX audit_log_at ON access.audit_log (at DESC)');
    await q.query('CREATE INDEX audit_log_key_at ON access.audit_log (key_id, at DESC) WHERE key_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE access.audit_log');
    await q.query('DROP VIEW access.v_api_keys');
    await q.query('DROP TABLE access.api_key');
  }
}
