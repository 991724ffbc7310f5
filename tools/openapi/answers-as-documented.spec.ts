// Every GET route of the publication API, read on a release of the golden history bundle, answers
// JSON the way its OpenAPI document says (schema-check: required fields, types, nothing
// undeclared). The typed client checks the reads the demo and the browser test make; this checks
// the routes they do not read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestService } from '@nhsp/testing';
import { ReleaseAssembly } from '../../apps/publication/src/release-assembly';
import { computeGoldenPeriod, loadComputedPlanAndPacks, PLAN_PACK_STAND_IN_DDL } from '../../apps/publication/test/plan-pack-stand-ins';
import { insertRun } from '../../apps/publication/test/stand-in-views';
import { startPublication } from '../../apps/publication/test/start-publication';
import { schemaProblems } from '@nhsp/testing';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const PERIOD = '2025-10';

let work: string;
let svc: TestService;
let releaseId: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nhsp-answers-'));
  computeGoldenPeriod(PERIOD, join(work, 'computed'), join(work, 'sensitivity.csv'));
  svc = await startPublication({ AUTO_PUBLISH: 'true' }, PLAN_PACK_STAND_IN_DDL);
  const run = await insertRun(svc.database.url, PERIOD, 'provisional', 1);
  await loadComputedPlanAndPacks(svc.database.url, run.id, PERIOD, join(work, 'computed'), join(work, 'sensitivity.csv'));
  releaseId = (await svc.app.get(ReleaseAssembly).assemble(run.id)).id;
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('answers every GET route as its document says', async () => {
  const document = (await (await fetch(`${svc.url}/openapi.json`)).json()) as Json;
  const concrete: Record<string, string> = { '{id}': releaseId, '{org}': 'RAA', '{metric}': 'corporate' };
  // A year's final revision needs twelve final releases, which this fixture does not hold:
  // apps/publication/test/final-revision.spec.ts checks that answer against the document.
  const templates = Object.keys(document.paths).filter(
    (path) => path.startsWith('/v1') && path !== '/v1/final-revisions/{fy}' && document.paths[path].get?.responses['200']?.content?.['application/json'],
  );
  expect(templates.length).toBeGreaterThan(15);
  const failures: string[] = [];
  for (const template of templates) {
    // The pack route needs a trust that has one in the golden bundle.
    const path = template.replace(/\{\w+\}/g, (name) => (template.endsWith('/pack') && name === '{org}' ? 'RAE' : concrete[name]));
    const res = await fetch(`${svc.url}${path}`, { headers: { Accept: 'application/json' } });
    if (res.status !== 200) {
      failures.push(`${path}: HTTP ${res.status}`);
      continue;
    }
    const schema = document.paths[template].get.responses['200'].content['application/json'].schema;
    failures.push(...schemaProblems(await res.json(), schema, document).slice(0, 3).map((problem) => `${path}: ${problem}`));
  }
  expect(failures).toEqual([]);
}, 60_000);
