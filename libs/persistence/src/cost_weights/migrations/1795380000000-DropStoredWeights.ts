import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Weights are not stored: a run derives them from its weight set's schedule rows under its own
 * equalisation setting (docs/services-design.md, "Who owns the weights"), and GET
 * /weight-sets/:id/weights derives them the same way on read. The tables held a second copy,
 * for two settings only, that nothing computed with.
 */
export class DropStoredWeights1795380000000 implements MigrationInterface {
  name = 'DropStoredWeights1795380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cost_weights.pod_mean');
    await q.query('DROP TABLE cost_weights.weight');
  }

  /** The tables come back empty: reloading a schedule is what filled them. */
  async down(q: QueryRunner): Promise<void> {
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
  }
}
