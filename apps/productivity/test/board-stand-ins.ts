// Stand-ins for the two further views the board answers read - ingestion.v_notifications and
// benchmarking.v_benchmarks - as plain tables with those names and columns, plus the golden
// bundle computed by the methodology directly, to compare the service's answers with.
import { join } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { readBundle } from '@nhsp/data-contract';
import { ActivityIndex, BundleInputs, computePeriod, DeflatorSeries, FinanceIndex, PeriodResult, resolveSettings } from '@nhsp/methodology';
import { SchemaRegistration } from '@nhsp/persistence';
import { GOLDEN, withClient } from './stand-in-inputs';

class CreateBoardStandIns1795365560000 implements MigrationInterface {
  name = 'CreateBoardStandIns1795365560000';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE ingestion.v_notifications (id uuid, org_code text, month text, category text, text text, raised_at timestamptz, status text NOT NULL DEFAULT 'raised', status_note text, status_changed_at timestamptz)`);
    await q.query(`CREATE TABLE benchmarking.v_benchmarks (run_id uuid, period text, org_code text, peer_group text, group_kind text, metric text,
      value numeric, benchmark numeric, opportunity_gbp numeric, opportunity_units numeric, score numeric, rank integer, group_size integer, computed_at timestamptz)`);
  }
  async down() {}
}

export const boardStandInSchema: SchemaRegistration = { schema: 'board_stand_in', entities: [], migrations: [CreateBoardStandIns1795365560000] };

/** Accepted as admin by the access layer (ADMIN_API_KEY in the service's environment). */
export const ADMIN_KEY = 'board-answers-spec-admin-key-0123456789';

/** The golden bundle as the methodology reads it (the stand-in views hold the same rows). */
export async function goldenInputs(): Promise<BundleInputs> {
  const bundle = await readBundle(join(GOLDEN, 'bundle'));
  return {
    trusts: bundle.trusts.rows,
    activity: ActivityIndex.from(bundle.activity!.rows),
    finance: FinanceIndex.from(bundle.finance!.rows),
    schedule: bundle.costWeights!.rows,
    deflators: new DeflatorSeries('nhs-cost-inflation-index', bundle.deflators!.rows),
  };
}

export async function goldenResult(period: string): Promise<PeriodResult> {
  return computePeriod(await goldenInputs(), period, resolveSettings());
}

/** Benchmarks of a computed period, stored against a run as benchmarking would. */
export async function storeBenchmarks(url: string, runId: string, result: PeriodResult): Promise<void> {
  const text = (d: { toFixed(): string } | null) => (d ? d.toFixed() : null);
  const rows = result.benchmarks.map((b) => ({
    run_id: runId, period: b.period, org_code: b.orgCode, peer_group: b.peerGroup, group_kind: b.groupKind, metric: b.metric,
    value: text(b.value), benchmark: text(b.benchmark), opportunity_gbp: text(b.opportunityGbp), opportunity_units: text(b.opportunityUnits),
    score: text(b.score), rank: b.rank, group_size: b.groupSize,
  }));
  await withClient(url, (c) =>
    c.query(
      `INSERT INTO benchmarking.v_benchmarks (run_id, period, org_code, peer_group, group_kind, metric, value, benchmark, opportunity_gbp, opportunity_units, score, rank, group_size, computed_at)
       SELECT *, now() FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, period text, org_code text, peer_group text, group_kind text, metric text,
         value numeric, benchmark numeric, opportunity_gbp numeric, opportunity_units numeric, score numeric, rank integer, group_size integer)`,
      [JSON.stringify(rows)],
    ),
  );
}

/** A notification as ingestion would have stored it; returns its id. */
export async function raiseNotification(url: string, orgCode: string, month: string, category: string, text: string): Promise<string> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `INSERT INTO ingestion.v_notifications VALUES (gen_random_uuid(), $1, $2, $3, $4, now()) RETURNING id::text AS id`,
      [orgCode, month, category, text],
    );
    return rows[0].id;
  });
}
