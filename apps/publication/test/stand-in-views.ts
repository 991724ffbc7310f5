// Stand-ins for productivity's and benchmarking's read-only views (docs/services-design.md),
// as plain tables in the suite's own database, so publication is tested without those services.
import { randomUUID } from 'node:crypto';
import { withClient } from '@nhsp/testing';

export const STAND_IN_DDL = `
  CREATE TABLE productivity.v_runs (
    id uuid PRIMARY KEY, period text NOT NULL, vintage text NOT NULL, settings jsonb NOT NULL,
    inputs jsonb NOT NULL, input_fingerprint text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE productivity.v_estimates (
    run_id uuid NOT NULL, org_code text NOT NULL, name text NOT NULL, sector text NOT NULL, region text NOT NULL,
    peer_group text NOT NULL, months int NOT NULL, status text NOT NULL,
    cwa_base numeric, cwa_current numeric, output_growth numeric, real_spend_base numeric,
    real_spend_current numeric, input_growth numeric, productivity_growth numeric, flags text[] NOT NULL);
  CREATE TABLE productivity.v_aggregates (
    run_id uuid NOT NULL, level text NOT NULL, group_name text NOT NULL, trusts int NOT NULL,
    cwa_base numeric, cwa_current numeric, output_growth numeric, real_spend_base numeric,
    real_spend_current numeric, input_growth numeric, productivity_growth numeric);
  CREATE TABLE benchmarking.v_benchmarks (
    run_id uuid NOT NULL, org_code text NOT NULL, peer_group text NOT NULL, group_kind text NOT NULL,
    metric text NOT NULL, value numeric, benchmark numeric, opportunity_gbp numeric, opportunity_units numeric,
    score numeric, rank int, group_size int NOT NULL);
`;

export interface FakeRun {
  id: string;
  period: string;
  vintage: string;
  /** Multiplies every measure, so two runs of one period are told apart. */
  scale: number;
}

export { withClient };

export async function insertRun(url: string, period: string, vintage: string, scale: number, createdAt = new Date()): Promise<FakeRun> {
  const run = { id: randomUUID(), period, vintage, scale };
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO productivity.v_runs VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      run.id, period, vintage, { equalisation: 'opproc-dc' },
      { batches: ['b-1', 'b-2'], weightSetId: 'ws-1', deflatorSetId: 'ds-1', submissions: { 'RAA|2025-04': 'abc' } },
      `fp-${run.id}`, createdAt,
    ]);
    const est = `INSERT INTO productivity.v_estimates VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`;
    await c.query(est, [run.id, 'RAA', 'Alpha, "General" Hospital', 'acute', 'London', 'large_acute', 3, 'valid',
      '1000.004', 1100 * scale, '0.10000000000000000123456', '2000', 2100 * scale, '0.05', '0.047619047619047619047619', ['RESTATED']]);
    await c.query(est, [run.id, 'RBB', 'Beta Trust', 'mental_health', 'North West', 'mental_health', 3, 'missing_data',
      null, null, null, null, null, null, null, ['MISSING_DATA', 'LOW_COVERAGE']]);
    const agg = `INSERT INTO productivity.v_aggregates VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`;
    await c.query(agg, [run.id, 'sector', 'acute', 1, '1000', 1100 * scale, '0.1', '2000', '2100', '0.05', '0.04761904761904761904']);
    await c.query(agg, [run.id, 'peer_group', 'large_acute', 1, '1000', '1100', '0.1', '2000', '2100', '0.05', null]);
    await c.query(agg, [run.id, 'peer_group', 'Community', 0, '0', '0', null, '0', '0', null, null]);
    await c.query(agg, [run.id, 'national', 'England', 1, '1000', 1100 * scale, '0.1', '2000', '2100', '0.05', '0.04761904761904761904']);
    await c.query(`INSERT INTO benchmarking.v_benchmarks VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`, [
      run.id, 'RAA', 'large_acute', 'peer_group', 'cost_per_wau', '1.9', '1.5', '12345.678', null, '61.234', 1, 4]);
  });
  return run;
}
