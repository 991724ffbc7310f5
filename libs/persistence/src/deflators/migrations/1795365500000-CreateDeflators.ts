import { MigrationInterface, QueryRunner } from 'typeorm';

/** Deflator sets and their years, and the read-only views other services use. */
export class CreateDeflators1795365500000 implements MigrationInterface {
  name = 'CreateDeflators1795365500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deflators.deflator_set (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        file_name text NOT NULL,
        sha256 text NOT NULL UNIQUE,
        source text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE deflators.deflator_year (
        deflator_set_id uuid NOT NULL REFERENCES deflators.deflator_set (id) ON DELETE CASCADE,
        year integer NOT NULL,
        prices numeric NOT NULL,
        pay numeric NOT NULL,
        pay_and_prices numeric,
        PRIMARY KEY (deflator_set_id, year)
      )`);
    await q.query(`
      CREATE VIEW deflators.v_deflator_sets AS
        SELECT id, name, sha256, loaded_at FROM deflators.deflator_set`);
    await q.query(`
      CREATE VIEW deflators.v_deflator_years AS
        SELECT deflator_set_id, year, prices, pay, pay_and_prices FROM deflators.deflator_year`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW deflators.v_deflator_years');
    await q.query('DROP VIEW deflators.v_deflator_sets');
    await q.query('DROP TABLE deflators.deflator_year');
    await q.query('DROP TABLE deflators.deflator_set');
  }
}
