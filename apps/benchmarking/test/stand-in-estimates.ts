// Stand-ins for the views benchmarking reads (columns as their owners' migrations document them):
// productivity's v_runs and v_estimates, filled with a bundle's estimates computed by the
// methodology; and ingestion's, cost-weights' and deflators' views, filled with the bundle's files
// as the data-contract readers read them; so these tests do not depend on the other services.
import { join } from 'node:path';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { Bundle, readBundle } from '@nhsp/data-contract';
import { ActivityIndex, computePeriod, DeflatorSeries, FinanceIndex, indexReturns, MethodSettings, PeriodResult, resolveSettings } from '@nhsp/methodology';
import { SchemaRegistration } from '@nhsp/persistence';
import { withClient } from '@nhsp/testing';

export const GOLDEN = join(__dirname, '../../../tools/fixtures/golden');
/** The sets every stand-in run names among its inputs. */
export const STAND_IN_WEIGHT_SET = '0c0c0c0c-0000-4000-8000-00000000c057';
export const STAND_IN_DEFLATOR_SET = '0d0d0d0d-0000-4000-8000-0000000def1a';
const STAND_IN_BATCH = '0b0b0b0b-0000-4000-8000-00000000ba7c';

class CreateStandInProductivity1795365650000 implements MigrationInterface {
  name = 'CreateStandInProductivity1795365650000';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE productivity.v_runs (id uuid, period text, vintage text, status text, settings jsonb, inputs jsonb,
      input_fingerprint text, reason text, created_at timestamptz)`);
    await q.query(`CREATE TABLE productivity.v_estimates (run_id uuid, org_code text, name text, sector text, region text, peer_group text,
      trust_type text, period text, months integer, status text, cwa_base numeric, cwa_current numeric, output_growth numeric,
      real_spend_base numeric, real_spend_current numeric, input_growth numeric, productivity_growth numeric, cost_per_wau numeric,
      flags text[], detail jsonb)`);
  }
  async down() {}
}

export const standInProductivitySchema: SchemaRegistration = { schema: 'stand_in', entities: [], migrations: [CreateStandInProductivity1795365650000] };

const VIEWS: Record<string, string> = {
  'ingestion.v_current_activity': 'org_code text, month text, pod text, currency text, count bigint, bed_days bigint',
  'ingestion.v_current_finance': 'org_code text, month text, category text, amount_gbp numeric',
  'ingestion.v_current_return_submissions': 'org_code text, period text, kind text, batch_id uuid, content_sha256 text, received_at timestamptz',
  'ingestion.v_current_trust_costs': 'org_code text, year integer, pod text, currency text, activity numeric, cost_gbp numeric',
  'ingestion.v_current_workforce': 'org_code text, month text, staff_group text, wte numeric',
  'ingestion.v_current_operations': 'org_code text, month text, measure text, dimension text, value numeric',
  'ingestion.v_current_medicines': 'org_code text, month text, molecule text, product text, quantity numeric, cost_gbp numeric',
  'ingestion.v_current_unit_costs': 'name text, gbp numeric, batch_id uuid',
  'cost_weights.v_schedule_rows': 'weight_set_id uuid, service_code text, currency text, description text, activity numeric, unit_cost numeric, cost numeric',
  'deflators.v_deflator_years': 'deflator_set_id uuid, year integer, prices numeric, pay numeric, pay_and_prices numeric',
};

class CreateStandInInputs1795365660000 implements MigrationInterface {
  name = 'CreateStandInInputs1795365660000';
  async up(q: QueryRunner) {
    for (const [view, columns] of Object.entries(VIEWS)) await q.query(`CREATE TABLE ${view} (${columns})`);
  }
  async down() {}
}

/** Ingestion's, cost-weights' and deflators' views as tables (fill them with `loadStandInInputs`). */
export const standInInputsSchema: SchemaRegistration = { schema: 'stand_in_inputs', entities: [], migrations: [CreateStandInInputs1795365660000] };

export { withClient };

const text = (v: { toFixed(): string } | null | undefined) => v?.toFixed() ?? null;

async function insertRows(c: Client, view: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 20000) {
    await c.query(`INSERT INTO ${view} SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${VIEWS[view]})`, [JSON.stringify(rows.slice(i, i + 20000))]);
  }
}

/** Fills the stand-in input views with a bundle's files, as their owners would hold them. */
export async function loadStandInInputs(url: string, bundleDir: string): Promise<Bundle> {
  const bundle = await readBundle(bundleDir);
  const { returns } = bundle;
  await withClient(url, async (c) => {
    await insertRows(c, 'ingestion.v_current_activity', bundle.activity!.rows.map((r) => ({ org_code: r.orgCode, month: r.month, pod: r.pod, currency: r.currency, count: r.count, bed_days: r.bedDays })));
    await insertRows(c, 'ingestion.v_current_finance', bundle.finance!.rows.map((r) => ({ org_code: r.orgCode, month: r.month, category: r.category, amount_gbp: text(r.amount) })));
    await insertRows(c, 'cost_weights.v_schedule_rows', bundle.costWeights!.rows.map((r) => ({
      weight_set_id: STAND_IN_WEIGHT_SET, service_code: r.serviceCode, currency: r.currency, description: r.description,
      activity: text(r.activity), unit_cost: text(r.unitCost), cost: text(r.cost),
    })));
    await insertRows(c, 'deflators.v_deflator_years', bundle.deflators!.rows.map((r) => ({
      deflator_set_id: STAND_IN_DEFLATOR_SET, year: r.year, prices: text(r.prices), pay: text(r.pay), pay_and_prices: text(r.payAndPrices),
    })));
    const trustCosts = returns.trustCosts?.rows ?? [];
    await insertRows(c, 'ingestion.v_current_trust_costs', trustCosts.map((r) => ({ org_code: r.orgCode, year: r.year, pod: r.pod, currency: r.currency, activity: text(r.activity), cost_gbp: text(r.cost) })));
    const years = [...new Set(trustCosts.map((r) => `${r.orgCode}|${r.year}`))].map((k) => k.split('|'));
    await insertRows(c, 'ingestion.v_current_return_submissions', years.map(([org, year]) => ({ org_code: org, period: year, kind: 'trust_costs', batch_id: STAND_IN_BATCH, content_sha256: 'stand-in', received_at: new Date().toISOString() })));
    await insertRows(c, 'ingestion.v_current_workforce', (returns.workforce?.rows ?? []).map((r) => ({ org_code: r.orgCode, month: r.month, staff_group: r.staffGroup, wte: text(r.wte) })));
    await insertRows(c, 'ingestion.v_current_operations', (returns.operations?.rows ?? []).map((r) => ({ org_code: r.orgCode, month: r.month, measure: r.measure, dimension: r.dimension, value: text(r.value) })));
    await insertRows(c, 'ingestion.v_current_medicines', (returns.medicines?.rows ?? []).map((r) => ({
      org_code: r.orgCode, month: r.month, molecule: r.molecule, product: r.product, quantity: text(r.quantity), cost_gbp: text(r.cost),
    })));
    await insertRows(c, 'ingestion.v_current_unit_costs', (returns.unitCosts?.rows ?? []).map((r) => ({ name: r.name, gbp: text(r.gbp), batch_id: STAND_IN_BATCH })));
  });
  return bundle;
}

/** A bundle's files as the methodology takes them (as `nhsp compute` builds them). */
export function bundleInputs(bundle: Bundle) {
  return {
    trusts: bundle.trusts.rows,
    activity: ActivityIndex.from(bundle.activity!.rows),
    finance: FinanceIndex.from(bundle.finance!.rows),
    schedule: bundle.costWeights!.rows,
    deflators: new DeflatorSeries('nhs-cost-inflation-index', bundle.deflators!.rows),
    returns: indexReturns({
      trustCosts: bundle.returns.trustCosts?.rows,
      workforce: bundle.returns.workforce?.rows,
      operations: bundle.returns.operations?.rows,
      medicines: bundle.returns.medicines?.rows,
      unitCosts: bundle.returns.unitCosts?.rows,
    }),
  };
}

export interface StoredRunOptions {
  settings?: MethodSettings;
  /** The bundle folder (default the golden bundle). */
  bundleDir?: string;
  /** The sets the run names among its inputs (default the stand-in sets). */
  weightSetId?: string;
  deflatorSetId?: string;
}

/** Computes a bundle's period with `settings` and stores it as run `runId` in the stand-in productivity views. */
export async function storeGoldenRun(url: string, runId: string, period: string, settings: MethodSettings = resolveSettings(), options: Omit<StoredRunOptions, 'settings'> = {}): Promise<PeriodResult> {
  return storeRun(url, runId, period, { ...options, settings });
}

export async function storeRun(url: string, runId: string, period: string, options: StoredRunOptions = {}): Promise<PeriodResult> {
  const bundle = await readBundle(options.bundleDir ?? join(GOLDEN, 'bundle'));
  const result = computePeriod(bundleInputs(bundle), period, options.settings ?? resolveSettings());
  const inputs = { weightSetId: options.weightSetId ?? STAND_IN_WEIGHT_SET, deflatorSetId: options.deflatorSetId ?? STAND_IN_DEFLATOR_SET };
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO productivity.v_runs VALUES ($1, $2, 'provisional', 'completed', $3, $4, 'golden', 'test', now())`, [runId, period, result.settings, inputs]);
    await c.query(
      `INSERT INTO productivity.v_estimates SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, org_code text, name text,
         sector text, region text, peer_group text, trust_type text, period text, months integer, status text, cwa_base numeric,
         cwa_current numeric, output_growth numeric, real_spend_base numeric, real_spend_current numeric, input_growth numeric,
         productivity_growth numeric, cost_per_wau numeric, flags text[], detail jsonb)`,
      [
        JSON.stringify(
          result.estimates.map((e) => ({
            run_id: runId, org_code: e.trust.orgCode, name: e.trust.name, sector: e.trust.sector, region: e.trust.region,
            peer_group: e.trust.peerGroup, trust_type: e.trust.trustType, period: e.period, months: e.months, status: e.status,
            cwa_base: text(e.measures?.cwaBase), cwa_current: text(e.measures?.cwaCurrent), output_growth: text(e.measures?.outputGrowth),
            real_spend_base: text(e.measures?.realSpendBase), real_spend_current: text(e.measures?.realSpendCurrent),
            input_growth: text(e.measures?.inputGrowth), productivity_growth: text(e.measures?.productivityGrowth),
            cost_per_wau: text(e.measures?.costPerWau), flags: e.flags, detail: {},
          })),
        ),
      ],
    );
  });
  return result;
}

/** Parses a CSV without quoted commas (the golden expected files have none) into records. */
export function readCsvRecords(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}
