// Hostile corpus files posted to the real ingestion service (POST /bundles), the optional returns'
// among them: each upload is a 422
// problem listing exactly the issues the manifest states, under the name the file was sent as;
// nothing is stored (no table of the ingestion schema changes, no spooled upload is left on
// disk); the 200 MB line and the zip bomb are handled in bounded memory; and the service stays
// live throughout.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { startTestService, TestService } from '@nhsp/testing';
import { AppModule } from '../../apps/ingestion/src/app.module';
import { configSchema } from '../../apps/ingestion/src/config';
import { makeCorpusFile } from './make-corpus';
import { BAD_DIR, ExpectedIssue, ManifestEntry, loadManifest } from './manifest';
import { MB, measureMemory } from './memory';

const GOLDEN_TRUSTS = join(__dirname, '../fixtures/golden/bundle/trusts.csv');
const BAD_BUNDLE = 'urn:nhsp:problem:ingestion:bad-bundle';
const RSS_GROWTH_LIMIT = 300 * MB;
/** Uploads need a key with write access; the bootstrap admin key is the simplest such key. */
const ADMIN_API_KEY = 'corpus-spec-admin-key-0123456789';
const AUTH = { Authorization: `Bearer ${ADMIN_API_KEY}` };

/**
 * Corpus file → the contract name it is uploaded as; `withTrusts` sends the golden trusts.csv
 * along. `refusedByIngestion`: a file the readers accept that ingestion still refuses, with the
 * issue it reports instead of the manifest's.
 */
const UPLOADS: { file: string; as: string; withTrusts: boolean; measureMemory?: boolean; refusedByIngestion?: ExpectedIssue }[] = [
  { file: 'activity-spreadsheet-formulas.csv', as: 'activity.csv', withTrusts: true },
  { file: 'activity-sql-injection.csv', as: 'activity.csv', withTrusts: true },
  { file: 'finance-huge-amounts.csv', as: 'finance.csv', withTrusts: true },
  { file: 'trusts-duplicate-conflicting.csv', as: 'trusts.csv', withTrusts: false },
  { file: 'deflators-out-of-range.csv', as: 'deflators.csv', withTrusts: false },
  { file: 'cost_weights-bad-numbers.csv', as: 'cost_weights.csv', withTrusts: false },
  { file: 'activity-utf16le-bom.csv', as: 'activity.csv', withTrusts: true },
  { file: 'activity-gzip.csv', as: 'activity.csv', withTrusts: true },
  { file: 'activity-zip-bomb.csv', as: 'activity.csv', withTrusts: true, measureMemory: true },
  { file: 'activity-200mb-line.csv', as: 'activity.csv', withTrusts: true, measureMemory: true },
  { file: 'trusts-control-characters.csv', as: 'trusts.csv', withTrusts: false },
  { file: 'trust_costs-bad-years-pods-and-formulas.csv', as: 'trust_costs.csv', withTrusts: true },
  { file: 'workforce-unknown-groups-crlf.csv', as: 'workforce.csv', withTrusts: true },
  { file: 'operations-bad-measures-and-dimensions.csv', as: 'operations.csv', withTrusts: true },
  { file: 'operations-semicolon-separated.csv', as: 'operations.csv', withTrusts: true },
  { file: 'medicines-unknown-products-and-molecules.csv', as: 'medicines.csv', withTrusts: true },
  { file: 'unit_costs-conflicting-and-unknown.csv', as: 'unit_costs.csv', withTrusts: false },
  { file: 'finance-header-only.csv', as: 'finance.csv', withTrusts: true, refusedByIngestion: { line: null, column: null, reason: '^the file has a header but no data rows: there is nothing to store$' } },
  { file: 'activity-header-only.csv', as: 'activity.csv', withTrusts: true, refusedByIngestion: { line: null, column: null, reason: '^the file has a header but no data rows: there is nothing to store$' } },
];

const entries = new Map(loadManifest().entries.map((entry) => [entry.file, entry]));

interface ProblemError {
  file: string;
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

describe('ingestion: POST /bundles with hostile files', () => {
  let svc: TestService;
  let workDir: string;
  let uploadDir: string;
  let tablesBefore: Map<string, number>;
  const paths = new Map<string, string>();

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'ingestion-corpus-'));
    uploadDir = join(workDir, 'uploads');
    for (const upload of UPLOADS) {
      const entry = entries.get(upload.file)!;
      paths.set(upload.file, entry.generated ? await makeCorpusFile(join(workDir, 'generated'), entry.file) : join(BAD_DIR, entry.file));
    }
    svc = await startTestService({ name: 'ingestion', module: AppModule, queues: [], configSchema, env: { UPLOAD_DIR: uploadDir, ADMIN_API_KEY } });
    tablesBefore = await rowCounts(svc.database.url);
  });
  afterAll(async () => {
    await svc?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it.each(UPLOADS.map((upload) => [upload.file, upload] as const))('%s is a 422 naming every issue, nothing stored', async (_name, upload) => {
    const entry = upload.refusedByIngestion ? { ...entries.get(upload.file)!, issueCount: 1, issues: [upload.refusedByIngestion] } : entries.get(upload.file)!;
    const post = () => {
      const req = request(svc.app.getHttpServer()).post('/bundles').set(AUTH);
      if (upload.withTrusts) req.attach('files', GOLDEN_TRUSTS, 'trusts.csv');
      return req.attach('files', paths.get(upload.file)!, upload.as).then((res) => res);
    };
    const { outcome: res, peakRssGrowth } = upload.measureMemory ? await measureMemory(post) : { outcome: await post(), peakRssGrowth: 0 };

    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 422, type: BAD_BUNDLE, issueCount: entry.issueCount });
    expect(res.body.detail).toBe(`${entry.issueCount} issue(s) in ${upload.as}; nothing of this upload was stored`);
    const errors: ProblemError[] = res.body.errors;
    expect(errors.map(({ file, line, column, reason }) => ({ file, line, column, reason }))).toEqual(expected(entry, upload.as));
    expect(peakRssGrowth).toBeLessThan(RSS_GROWTH_LIMIT);

    expect(await rowCounts(svc.database.url)).toEqual(tablesBefore);
    expect(await readdir(uploadDir).catch(() => [])).toEqual([]);
    await request(svc.app.getHttpServer()).get('/health/live').expect(200);
  });

  it('stored nothing from any of them, and still takes a good upload afterwards', async () => {
    expect(tablesBefore.get('batch')).toBe(0);
    expect(await rowCounts(svc.database.url)).toEqual(tablesBefore);
    const res = await request(svc.app.getHttpServer()).post('/bundles').set(AUTH).attach('files', GOLDEN_TRUSTS, 'trusts.csv').expect(201);
    expect(res.body.batches.map((b: { kind: string; duplicate: boolean }) => [b.kind, b.duplicate])).toEqual([['trusts', false]]);
    await request(svc.app.getHttpServer()).get('/health/live').expect(200);
  });
});

/** The manifest's issues as the service reports them: under the name the file was sent as. */
function expected(entry: ManifestEntry, sentAs: string) {
  return entry.issues!.map((issue) => ({
    file: sentAs,
    line: issue.line,
    column: issue.column,
    reason: expect.stringMatching(new RegExp(issue.reason)),
  }));
}

/** Rows in every table of the ingestion schema, so that "nothing stored" covers tables added later. */
async function rowCounts(url: string): Promise<Map<string, number>> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows: tables } = await db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'ingestion' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const counts = new Map<string, number>();
    for (const { table_name: table } of tables) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM ingestion."${table}"`);
      counts.set(table, rows[0].n);
    }
    return counts;
  } finally {
    await db.end();
  }
}
