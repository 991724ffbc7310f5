// Year-end final revision (issue 16.3): one request asks for the twelve months of a financial
// year as final_revised runs, after the year end only, with every month's inputs complete.
import request from 'supertest';
import { FinancialYear } from '@nhsp/domain';
import { baseSchema, productivitySchema } from '@nhsp/persistence';
import { PATTERNS, QueueRegistry, QUEUES } from '@nhsp/queue';
import { accessRegistration } from '@nhsp/service-kit';
import { startTestService, TestService } from '@nhsp/testing';
import { yearEnded } from '../src/final-revision';
import { productivityService } from '../src/main';
import { ADMIN_KEY, boardStandInSchema } from './board-stand-ins';
import { loadGoldenBundle, standInSchema, withClient } from './stand-in-inputs';

describe('productivity: year-end final revision', () => {
  let svc: TestService;
  const post = (body: object, key = ADMIN_KEY) => request(svc.app.getHttpServer()).post('/final-revisions').set('Authorization', `Bearer ${key}`).send(body);

  beforeAll(async () => {
    // No worker: the requested runs stay on the queue to be read back.
    svc = await startTestService({
      ...productivityService,
      queues: [],
      registrations: [baseSchema, standInSchema, boardStandInSchema, productivitySchema, accessRegistration],
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
    await loadGoldenBundle(svc.database.url);
    // The golden bundle ends in December 2025: January to March 2026 as December's copies
    // complete FY 2025/26 (the year before it is the bundle's 2024/25).
    await withClient(svc.database.url, async (c) => {
      for (const month of ['2026-01', '2026-02', '2026-03']) {
        await c.query(`INSERT INTO ingestion.v_current_submissions SELECT org_code, $1, kind, batch_id, content_sha256 || $1, received_at FROM ingestion.v_current_submissions WHERE month = '2025-12'`, [month]);
        await c.query(`INSERT INTO ingestion.v_current_activity SELECT org_code, $1, pod, currency, count, bed_days FROM ingestion.v_current_activity WHERE month = '2025-12'`, [month]);
        await c.query(`INSERT INTO ingestion.v_current_finance SELECT org_code, $1, category, amount_gbp FROM ingestion.v_current_finance WHERE month = '2025-12'`, [month]);
      }
    });
  });
  afterAll(() => svc?.stop());

  it('the year ends when March is over in London', () => {
    const fy = FinancialYear.parse('2024/25');
    expect(yearEnded(fy, new Date('2025-03-31T22:59:59Z'))).toBe(false);
    expect(yearEnded(fy, new Date('2025-03-31T23:00:00Z'))).toBe(true);
  });

  it('requests the twelve months of 2025/26 as final_revised runs, once', async () => {
    const res = await post({ financialYear: '2025/26' }).expect(202);
    const periods = res.body.periods.map((p: { period: string }) => p.period);
    expect(periods).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    const queue = svc.app.get(QueueRegistry).queue(QUEUES.productivity);
    const jobs = async () => (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.name === PATTERNS.runRequested).map((j) => j.data);
    expect((await jobs()).sort((a, b) => a.period.localeCompare(b.period))).toEqual(
      res.body.periods.map(({ period, fingerprint }: { period: string; fingerprint: string }) => expect.objectContaining({ period, vintage: 'final_revised', reason: `final revision 2025/26 inputs ${fingerprint}` })),
    );
    // Asked again on the same inputs: the same twelve jobs, none added.
    const again = await post({ financialYear: '2025/26' }).expect(202);
    expect(again.body).toEqual(res.body);
    expect(await jobs()).toHaveLength(12);
  });

  it('refuses a year not ended, a year without complete inputs, a malformed year and a non-admin key', async () => {
    const future = FinancialYear.of(new Date().getUTCFullYear() + 1);
    expect((await post({ financialYear: String(future) }).expect(409)).body.detail).toMatch(/has not ended/);
    expect((await post({ financialYear: '2024/25' }).expect(422)).body.detail).toMatch(/lacks activity or finance for 2023-04, 2023-05/);
    expect((await post({ financialYear: '2024/26' }).expect(400)).body.errors[0].path).toBe('financialYear');
    await post({ financialYear: 'last year' }).expect(400);
    await request(svc.app.getHttpServer()).post('/final-revisions').send({ financialYear: '2024/25' }).expect(401);
  });
});
