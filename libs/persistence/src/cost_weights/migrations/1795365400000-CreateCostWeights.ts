import { MigrationInterface, QueryRunner } from 'typeorm';

/** Weight sets, their schedule rows, derived weights and POD means, and the read-only views. */
export class CreateCostWeights1795365400000 implements MigrationInterface {
  name = 'CreateCostWeights1795365400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cost_weights.weight_set (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        version integer NOT NULL,
        file_name text NOT NULL,
        sha256 text NOT NULL UNIQUE,
        rows integer NOT NULL,
        anomalies jsonb NOT NULL,
        source text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (name, version)
      )`);
    await q.query(`
      CREATE TABLE cost_weights.schedule_row (
        weight_set_id uuid NOT NULL REFERENCES cost_weights.weight_set (id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        service_code text NOT NULL,
        currency text NOT NULL,
        description text NOT NULL,
        activity numeric,
        unit_cost numeric,
        cost numeric,
        PRIMARY KEY (weight_set_id, row_number)
      )`);
    await q.query(`
      CREATE TABLE cost_weights.weight (
        weight_set_id uuid NOT NULL REFERENCES cost_weights.weight_set (id) ON DELETE CASCADE,
        equalisation text NOT NULL CHECK (equalisation IN ('opproc-dc', 'none')),
        pod text NOT NULL,
        currency text NOT NULL,
        weight numeric NOT NULL,
        equalised boolean NOT NULL,
        PRIMARY KEY (weight_set_id, equalisation, pod, currency)
      )`);
    await q.query(`
      CREATE TABLE cost_weights.pod_mean (
        weight_set_id uuid NOT NULL REFERENCES cost_weights.weight_set (id) ON DELETE CASCADE,
        pod text NOT NULL,
        mean numeric NOT NULL,
        PRIMARY KEY (weight_set_id, pod)
      )`);
    await q.query(`
      CREATE VIEW cost_weights.v_weight_sets AS
        SELECT id, name, sha256, loaded_at FROM cost_weights.weight_set`);
    await q.query(`
      CREATE VIEW cost_weights.v_schedule_rows AS
        SELECT weight_set_id, service_code, currency, description, activity, unit_cost, cost
        FROM cost_weights.schedule_row`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW cost_weights.v_schedule_rows');
    await q.query('DROP VIEW cost_weights.v_weight_sets');
    await q.query('DROP TABLE cost_weights.pod_mean');
    await q.query('DROP TABLE cost_weights.weight');
    await q.query('DROP TABLE cost_weights.schedule_row');
    await q.query('DROP TABLE cost_weights.weight_set');
  }
}
