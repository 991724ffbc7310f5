// Stand-ins for the views productivity reads from ingestion, cost-weights and deflators
// (services-design.md), as plain tables with exactly those names and columns, filled from the
// golden bundle. Tests then do not depend on those services, and can restate a month by hand.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { readBundle } from '@nhsp/data-contract';
import { SchemaRegistration } from '@nhsp/persistence';
import { withClient } from '@nhsp/testing';

export const GOLDEN = join(__dirname, '../../../tools/fixtures/golden');

class CreateStandInViews1795365550000 implements MigrationInterface {
  name = 'CreateStandInViews1795365550000';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE ingestion.v_trusts (org_code text, name text, region text, trust_type text, peer_group text, sector text)`);
    await q.query(`CREATE TABLE ingestion.v_current_submissions (org_code text, month text, kind text, batch_id uuid, content_sha256 text, received_at timestamptz)`);
    await q.query(`CREATE TABLE ingestion.v_current_return_submissions (org_code text, period text, kind text, batch_id uuid, content_sha256 text, received_at timestamptz)`);
    await q.query(`CREATE TABLE ingestion.v_current_activity (org_code text, month text, pod text, currency text, count bigint, bed_days bigint)`);
    await q.query(`CREATE TABLE ingestion.v_current_finance (org_code text, month text, category text, amount_gbp numeric)`);
    await q.query(`CREATE TABLE cost_weights.v_weight_sets (id uuid, name text, sha256 text, loaded_at timestamptz)`);
    await q.query(`CREATE TABLE cost_weights.v_schedule_rows (weight_set_id uuid, service_code text, currency text, description text, activity numeric, unit_cost numeric, cost numeric)`);
    await q.query(`CREATE TABLE deflators.v_deflator_sets (id uuid, name text, sha256 text, loaded_at timestamptz)`);
    await q.query(`CREATE TABLE deflators.v_deflator_years (deflator_set_id uuid, year integer, prices numeric, pay numeric, pay_and_prices numeric)`);
  }
  async down() {}
}

export const standInSchema: SchemaRegistration = { schema: 'stand_in', entities: [], migrations: [CreateStandInViews1795365550000] };

const BATCH = { activity: '00000000-0000-4000-8000-00000000000a', finance: '00000000-0000-4000-8000-00000000000f' };
const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export { withClient };

async function insertJson(c: Client, table: string, columns: string, rows: object[]) {
  const names = columns.split(',').map((col) => col.trim().split(' ')[0]).join(', ');
  await c.query(`INSERT INTO ${table} (${names}) SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${columns})`, [JSON.stringify(rows)]);
}

/** Fills the stand-in views from a golden bundle (submission hashes = sha256 of each org-month's rows). */
export async function loadGoldenBundle(url: string, dir = join(GOLDEN, 'bundle')): Promise<void> {
  const bundle = await readBundle(dir);
  const activity = bundle.activity!.rows.map((r) => ({ org_code: r.orgCode, month: r.month, pod: r.pod, currency: r.currency, count: r.count, bed_days: r.bedDays }));
  const finance = bundle.finance!.rows.map((r) => ({ org_code: r.orgCode, month: r.month, category: r.category, amount_gbp: r.amount.toFixed() }));
  await withClient(url, async (c) => {
    await insertJson(c, 'ingestion.v_trusts', 'org_code text, name text, region text, trust_type text, peer_group text, sector text',
      bundle.trusts.rows.map((t) => ({ org_code: t.orgCode, name: t.name, region: t.region, trust_type: t.trustType, peer_group: t.peerGroup, sector: t.sector })));
    await insertJson(c, 'ingestion.v_current_activity', 'org_code text, month text, pod text, currency text, count bigint, bed_days bigint', activity);
    await insertJson(c, 'ingestion.v_current_finance', 'org_code text, month text, category text, amount_gbp numeric', finance);
    const submissions = new Map<string, { org_code: string; month: string; kind: string; rows: object[] }>();
    for (const [kind, rows] of [['activity', activity], ['finance', finance]] as const) {
      for (const row of rows) {
        const key = `${row.org_code}|${row.month}|${kind}`;
        if (!submissions.has(key)) submissions.set(key, { org_code: row.org_code, month: row.month, kind, rows: [] });
        submissions.get(key)!.rows.push(row);
      }
    }
    await insertJson(c, 'ingestion.v_current_submissions', 'org_code text, month text, kind text, batch_id uuid, content_sha256 text, received_at timestamptz',
      [...submissions.values()].map((s) => ({ org_code: s.org_code, month: s.month, kind: s.kind, batch_id: BATCH[s.kind as 'activity'], content_sha256: sha(s.rows), received_at: '2026-01-01T00:00:00Z' })));

    const [{ id: weightSetId }] = (await c.query(`INSERT INTO cost_weights.v_weight_sets VALUES (gen_random_uuid(), 'ncc-2023-24', 'golden', now()) RETURNING id`)).rows;
    await insertJson(c, 'cost_weights.v_schedule_rows', 'weight_set_id uuid, service_code text, currency text, description text, activity numeric, unit_cost numeric, cost numeric',
      bundle.costWeights!.rows.map((r) => ({ weight_set_id: weightSetId, service_code: r.serviceCode, currency: r.currency, description: r.description,
        activity: r.activity?.toFixed() ?? null, unit_cost: r.unitCost?.toFixed() ?? null, cost: r.cost?.toFixed() ?? null })));
    const [{ id: deflatorSetId }] = (await c.query(`INSERT INTO deflators.v_deflator_sets VALUES (gen_random_uuid(), 'nhs-cost-inflation-index', 'golden', now()) RETURNING id`)).rows;
    await insertJson(c, 'deflators.v_deflator_years', 'deflator_set_id uuid, year integer, prices numeric, pay numeric, pay_and_prices numeric',
      bundle.deflators!.rows.map((r) => ({ deflator_set_id: deflatorSetId, year: r.year, prices: r.prices.toFixed(), pay: r.pay.toFixed(), pay_and_prices: r.payAndPrices?.toFixed() ?? null })));
  });
}

/** A restated finance submission: every amount of one trust-month scaled, with a new content hash. */
export async function restateFinance(url: string, orgCode: string, month: string, factor: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`UPDATE ingestion.v_current_finance SET amount_gbp = amount_gbp * $3::numeric WHERE org_code = $1 AND month = $2`, [orgCode, month, factor]);
    const { rowCount } = await c.query(
      `UPDATE ingestion.v_current_submissions SET content_sha256 = $3, received_at = now() WHERE org_code = $1 AND month = $2 AND kind = 'finance'`,
      [orgCode, month, sha({ restated: orgCode, month, factor })],
    );
    if (rowCount !== 1) throw new Error(`no finance submission for ${orgCode} ${month}`);
  });
}

/** Parses a CSV without quoted commas (the golden expected files have none) into records. */
export function readCsvRecords(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}
