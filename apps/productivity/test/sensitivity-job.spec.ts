// The sensitivity follow-up job of a run, through the service on the golden bundle (stand-in
// views): while it computes - in a worker thread - the service's event loop stays free, where the
// same computation in process holds it throughout; and it stores exactly the in-process figures.
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { resolveSettings } from '@nhsp/methodology';
import { baseSchema, productivitySchema } from '@nhsp/persistence';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService, waitFor } from '@nhsp/testing';
import { productivityService } from '../src/main';
import { readBundleRows, readRunInputs } from '../src/run-inputs';
import { computeSensitivity, SensitivityAnswer } from '../src/sensitivity-compute';
import { SensitivityController } from '../src/sensitivity.controller';
import { loadGoldenBundle, standInSchema, withClient } from './stand-in-inputs';
import { longestEventLoopStallMs } from './golden-rows';

const ADMIN_KEY = 'sensitivity-job-spec-admin-key-0123456789';
const PERIOD = '2025-12';
/** Golden trusts × this (copies under new org codes): a computation of several seconds, far above any scheduling jitter. */
const COPIES = 3;

/** Every golden trust again under org code + n, with its activity, finance and submissions. */
async function replicateTrusts(url: string, copies: number): Promise<void> {
  await withClient(url, async (c) => {
    const n = `generate_series(2, ${copies}) AS n`;
    await c.query(`INSERT INTO ingestion.v_trusts SELECT org_code || n, name || ' ' || n, region, trust_type, peer_group, sector FROM ingestion.v_trusts, ${n}`);
    await c.query(`INSERT INTO ingestion.v_current_activity SELECT org_code || n, month, pod, currency, count, bed_days FROM ingestion.v_current_activity, ${n}`);
    await c.query(`INSERT INTO ingestion.v_current_finance SELECT org_code || n, month, category, amount_gbp FROM ingestion.v_current_finance, ${n}`);
    await c.query(
      `INSERT INTO ingestion.v_current_submissions SELECT org_code || n, month, kind, batch_id, content_sha256, received_at FROM ingestion.v_current_submissions, ${n}`,
    );
  });
}

describe('productivity: the sensitivity follow-up job', () => {
  let svc: TestService;
  let runId: string;
  const sensitivityStored = async () =>
    (await withClient(svc.database.url, (c) => c.query(`SELECT 1 FROM productivity.sensitivity_run WHERE run_id = $1`, [runId]))).rowCount;

  beforeAll(async () => {
    svc = await startTestService({
      ...productivityService,
      registrations: [baseSchema, accessRegistration, standInSchema, productivitySchema],
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
    await loadGoldenBundle(svc.database.url);
    await replicateTrusts(svc.database.url, COPIES);
    const run = await request(svc.app.getHttpServer()).post('/runs').set('Authorization', `Bearer ${ADMIN_KEY}`).send({ period: PERIOD }).expect(202);
    runId = run.body.run.id;
    // The run queued its follow-up; once that is done nothing else is queued, and the job is run again below, watched.
    await waitFor(sensitivityStored, { timeoutMs: 120000, description: 'the sensitivity job of the run' });
    await withClient(svc.database.url, async (c) => {
      await c.query(`DELETE FROM productivity.sensitivity WHERE run_id = $1`, [runId]);
      await c.query(`DELETE FROM productivity.sensitivity_run WHERE run_id = $1`, [runId]);
    });
  });
  afterAll(() => svc?.stop());

  it('keeps the event loop free while the job computes, and stores the figures computed in process', async () => {

    // The job as the queue delivers it: reads the inputs, computes in a thread, stores the answer.
    expect(await sensitivityStored()).toBe(0);
    let outcome: unknown;
    const jobMs = await longestEventLoopStallMs(async () => {
      outcome = await svc.app.get(SensitivityController).onRequested({ runId });
    });
    expect(outcome).toEqual({ runId, computed: true });

    // The same computation in process, on the rows the job read, holds the event loop throughout.
    // (Second, so its garbage is not collected during the job's watch.)
    const manager = svc.app.get(DataSource).manager;
    const inputs = { rows: await readBundleRows(manager, await readRunInputs(manager, PERIOD)), period: PERIOD, settings: resolveSettings() };
    expect(inputs.rows.trusts).toHaveLength(15 * COPIES);
    let wanted!: SensitivityAnswer;
    let inProcessMs = 0;
    const blockedMs = await longestEventLoopStallMs(async () => {
      const started = performance.now();
      wanted = computeSensitivity(inputs);
      inProcessMs = performance.now() - started;
    });
    expect(blockedMs).toBeGreaterThan(inProcessMs / 2);
    expect(jobMs).toBeLessThan(inProcessMs / 2);

    const stored = (await request(svc.app.getHttpServer()).get(`/runs/${runId}/sensitivity`).set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200)).body;
    expect(stored).toMatchObject({ runId, period: PERIOD, variants: wanted.variants });
    expect(stored.trusts).toEqual(wanted.trusts);
    expect(wanted.trusts.some((t) => t.spread !== null && t.spread !== '0')).toBe(true);
  });
});
