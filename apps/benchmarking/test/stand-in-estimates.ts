// Stand-ins for productivity's views (v_runs, v_estimates, columns as its migration documents),
// filled with the golden bundle's estimates computed by the methodology, so these tests do not
// depend on the productivity service.
import { join } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { readBundle } from '@nhsp/data-contract';
import { ActivityIndex, computePeriod, DeflatorSeries, FinanceIndex, MethodSettings, PeriodResult, resolveSettings } from '@nhsp/methodology';
import { SchemaRegistration } from '@nhsp/persistence';
import { withClient } from '@nhsp/testing';

export const GOLDEN = join(__dirname, '../../../tools/fixtures/golden');

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

export { withClient };

/** Computes the golden bundle's period with `settings` and stores it as run `runId` in the stand-in views. */
export async function storeGoldenRun(url: string, runId: string, period: string, settings: MethodSettings = resolveSettings()): Promise<PeriodResult> {
  const bundle = await readBundle(join(GOLDEN, 'bundle'));
  const result = computePeriod(
    {
      trusts: bundle.trusts.rows,
      activity: ActivityIndex.from(bundle.activity!.rows),
      finance: FinanceIndex.from(bundle.finance!.rows),
      schedule: bundle.costWeights!.rows,
      deflators: new DeflatorSeries('nhs-cost-inflation-index', bundle.deflators!.rows),
    },
    period,
    settings,
  );
  const text = (v: { toFixed(): string } | undefined) => v?.toFixed() ?? null;
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO productivity.v_runs VALUES ($1, $2, 'provisional', 'completed', $3, '{}', 'golden', 'test', now())`, [runId, period, result.settings]);
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
