// The history bundle (every optional return) through the real ingestion, cost-weights, deflators
// and benchmarking services on one database: the packs and key indicators benchmarking stores for
// a run are, row for row and column for column as the CLI writes them, the opportunities.csv and
// indicators.csv that `nhsp compute` writes for the same bundle and period; and a run benchmarked
// again is stored once. Productivity's views are stand-ins holding the estimates computed from the
// bundle (as compute computes them), naming the weight and deflator sets ingestion loaded.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import request from 'supertest';
import { Exact } from '@nhsp/domain';
import { indicatorsTable, opportunitiesTable, tableToCsv } from '@nhsp/data-contract';
import { baseSchema, benchmarkingSchema, costWeightsSchema, deflatorsSchema, ingestionSchema } from '@nhsp/persistence';
import { BullMqClient, jobIdFor, PATTERNS, QUEUES, QueueRegistry } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { createTestDatabase, startTestService, TestDatabase, TestService, testQueuePrefix, waitFor, withClient } from '@nhsp/testing';
import { benchmarkingService } from '../../apps/benchmarking/src/main';
import { standInProductivitySchema, storeRun } from '../../apps/benchmarking/test/stand-in-estimates';
import { AppModule as CostWeightsModule } from '../../apps/cost-weights/src/app.module';
import { AppModule as DeflatorsModule } from '../../apps/deflators/src/app.module';
import { AppModule as IngestionModule } from '../../apps/ingestion/src/app.module';
import { configSchema as ingestionConfig } from '../../apps/ingestion/src/config';
import { parseArgs } from '../cli/src/args';
import { computeCommand } from '../cli/src/commands/compute';

const HISTORY = join(__dirname, '../fixtures/golden/history-bundle');
const ADMIN_KEY = 'packs-flow-admin-key-0123456789';
const registrations = [baseSchema, accessRegistration, ingestionSchema, costWeightsSchema, deflatorsSchema, standInProductivitySchema, benchmarkingSchema];
/** FY 2025/26 (trust costs of 2024/25) and FY 2024/25 (of 2023/24): two years of returns, and the first year's base. */
const RUNS = [
  { period: '2025-10', runId: '7a1f9c1e-0000-4000-8000-000000202510' },
  { period: '2024-10', runId: '7a1f9c1e-0000-4000-8000-000000202410' },
];

const num = (v: string | null) => (v === null ? null : new Exact(v));

describe('packs and indicators through the services equal compute', () => {
  let database: TestDatabase;
  let out: string;
  const services: TestService[] = [];
  let benchmarking: TestService;
  const query = async (sql: string, params: unknown[] = []) => (await withClient(database.url, (c) => c.query(sql, params))).rows;

  /** The run's stored rows written as compute writes its files. */
  async function storedFiles(runId: string): Promise<{ opportunities: string; indicators: string }> {
    const opportunities = await query(
      `SELECT org_code, period, sector, metric, dimension, value::text, benchmark::text, benchmark_group, opportunity_units::text, unit,
              opportunity_gbp::text, missing FROM benchmarking.v_opportunities WHERE run_id = $1 ORDER BY seq`,
      [runId],
    );
    const indicators = await query(
      `SELECT level, group_name, period, indicator, "window", base::text, current::text, change::text, change_kind
       FROM benchmarking.v_indicators WHERE run_id = $1 ORDER BY seq`,
      [runId],
    );
    const table = opportunitiesTable(
      opportunities.map((r) => ({
        orgCode: r.org_code, period: r.period, sector: r.sector, metric: r.metric, dimension: r.dimension, value: num(r.value),
        benchmark: num(r.benchmark), benchmarkGroup: r.benchmark_group, opportunityUnits: num(r.opportunity_units), unit: r.unit,
        opportunityGbp: num(r.opportunity_gbp), missing: [],
      })),
    );
    // `missing` is stored as the file writes it: the last cell, as stored.
    const withMissing = { ...table, rows: table.rows.map((row, i) => [...row.slice(0, -1), opportunities[i].missing]) };
    return {
      opportunities: tableToCsv(withMissing),
      indicators: tableToCsv(
        indicatorsTable(
          indicators.map((r) => ({
            level: r.level, group: r.group_name, period: r.period, indicator: r.indicator, window: r.window, base: num(r.base),
            current: num(r.current), change: num(r.change), changeKind: r.change_kind,
          })),
        ),
      ),
    };
  }

  beforeAll(async () => {
    database = await createTestDatabase('nhsp_packs_flow');
    out = await mkdtemp(join(tmpdir(), 'packs-flow-'));
    const env = { QUEUE_PREFIX: testQueuePrefix(), ADMIN_API_KEY: ADMIN_KEY, DATA_ROOTS: HISTORY };
    const start = async (options: Parameters<typeof startTestService>[0]) => {
      const svc = await startTestService({ ...options, registrations, database, env: { ...env, ...options.env } });
      services.push(svc);
      return svc;
    };
    const ingestion = await start({ name: 'ingestion', module: IngestionModule, queues: [], configSchema: ingestionConfig });
    await start({ name: 'cost-weights', module: CostWeightsModule, queues: [QUEUES.costWeights] });
    await start({ name: 'deflators', module: DeflatorsModule, queues: [QUEUES.deflators] });
    benchmarking = await start(benchmarkingService);

    const res = await request(ingestion.app.getHttpServer()).post('/bundles/folder').set('Authorization', `Bearer ${ADMIN_KEY}`).send({ path: HISTORY }).expect(201);
    expect(res.body.batches.map((b: { kind: string }) => b.kind)).toEqual([
      'trusts', 'activity', 'finance', 'trust_costs', 'workforce', 'operations', 'medicines', 'unit_costs', 'cost_weights', 'deflators',
    ]);
    const [weightSet] = await waitFor(async () => (await query(`SELECT id::text FROM cost_weights.v_weight_sets`)).at(0) && query(`SELECT id::text FROM cost_weights.v_weight_sets`), {
      timeoutMs: 120000,
      description: 'the weight set loaded from ingestion',
    });
    const [deflatorSet] = await waitFor(async () => (await query(`SELECT id::text FROM deflators.v_deflator_sets`)).at(0) && query(`SELECT id::text FROM deflators.v_deflator_sets`), {
      timeoutMs: 60000,
      description: 'the deflator set loaded from ingestion',
    });

    const bus = benchmarking.app.get(BullMqClient);
    for (const { period, runId } of RUNS) {
      await storeRun(database.url, runId, period, { bundleDir: HISTORY, weightSetId: weightSet.id, deflatorSetId: deflatorSet.id });
      await bus.emitEvent(PATTERNS.runCompleted, { runId, period, vintage: 'provisional' });
      // compute's own files for the same bundle and period, default settings.
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        expect(await computeCommand.run(parseArgs(['--data', HISTORY, '--period', period, '--out', join(out, period)]))).toBe(0);
      } finally {
        log.mockRestore();
      }
    }
    const publication = benchmarking.app.get(QueueRegistry).queue(QUEUES.publication);
    for (const { runId } of RUNS) {
      await waitFor(() => publication.getJob(jobIdFor(PATTERNS.benchmarksCompleted, runId)), { timeoutMs: 120000, description: `benchmarks.completed of ${runId}` });
    }
  }, 600000);

  afterAll(async () => {
    for (const svc of services.reverse()) await svc.stop().catch(() => undefined);
    await database?.drop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it.each(RUNS)('$period: opportunities.csv and indicators.csv, row for row', async ({ period, runId }) => {
    const stored = await storedFiles(runId);
    const opportunities = await readFile(join(out, period, 'opportunities.csv'), 'utf8');
    const indicators = await readFile(join(out, period, 'indicators.csv'), 'utf8');
    // Every sector's categories computed from the returns, not only named as missing.
    const computed = (await query(`SELECT DISTINCT sector, metric FROM benchmarking.v_opportunities WHERE run_id = $1 AND value IS NOT NULL`, [runId])).map((r) => r.metric);
    expect(computed).toEqual(expect.arrayContaining(['cost_index', 'cost_index_detail', 'medicines_switch', 'mh_los', 'community_los', 'ambulance_conveyance', 'corporate']));
    expect(stored.opportunities.split('\n')).toEqual(opportunities.split('\n'));
    expect(stored.indicators.split('\n')).toEqual(indicators.split('\n'));
    expect(new Set(indicators.split('\n').slice(1).map((line) => line.split(',')[3]).filter(Boolean))).toContain('theatre_utilisation');
  });

  it('stores a run benchmarked again once, with the same figures', async () => {
    const { period, runId } = RUNS[0];
    const count = async () => (await query(
      `SELECT (SELECT count(*)::int FROM benchmarking.v_opportunities WHERE run_id = $1) AS opportunities,
              (SELECT count(*)::int FROM benchmarking.v_indicators WHERE run_id = $1) AS indicators`,
      [runId],
    ))[0];
    const before = await count();
    await lastValueFrom(benchmarking.app.get(BullMqClient).send(PATTERNS.runCompleted, { runId, period, vintage: 'provisional' }));
    expect(await count()).toEqual(before);
    const lines = (await readFile(join(out, period, 'opportunities.csv'), 'utf8')).trim().split('\n').length - 1;
    expect(before.opportunities).toBe(lines);
    expect((await storedFiles(runId)).opportunities).toBe(await readFile(join(out, period, 'opportunities.csv'), 'utf8'));
  });
});
