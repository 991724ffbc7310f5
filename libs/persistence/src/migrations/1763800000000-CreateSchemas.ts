import { MigrationInterface, QueryRunner } from 'typeorm';
import { OPS_SCHEMA, SERVICE_SCHEMAS } from '../naming';

/** Creates every service's schema up front so each service's own migrations can assume it. */
export class CreateSchemas1763800000000 implements MigrationInterface {
  name = 'CreateSchemas1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const schema of [...Object.values(SERVICE_SCHEMAS), OPS_SCHEMA]) {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    }
  }

  async down(): Promise<void> {
    // Dropping schemas would drop every service's data; do that by hand if ever needed.
  }
}
