// /report/methodology (issue 16.4): the method generated from the settings the release carries,
// the deflator values of its set, the board paper's caveats, and the change log of the method
// between published releases.
import request from 'supertest';
import { TestService } from '@nhsp/testing';
import { ReleaseAssembly } from '../src/release-assembly';
import { insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const EXTRA_DDL = `
  CREATE TABLE deflators.v_deflator_sets (id text, name text, sha256 text, loaded_at timestamptz);
  CREATE TABLE deflators.v_deflator_years (deflator_set_id text, year int, prices numeric, pay numeric, pay_and_prices numeric);
  INSERT INTO deflators.v_deflator_sets VALUES ('ds-1', 'nhs-cost-inflation-index', 'a', '2025-01-10T00:00:00Z'), ('ds-2', 'gdp-deflator', 'b', '2025-07-10T00:00:00Z');
  INSERT INTO deflators.v_deflator_years VALUES ('ds-1', 2024, 0.0479, 0.0553, 0.0531), ('ds-1', 2025, 0.0312, 0.0402, 0.0377), ('ds-2', 2025, 0.028, 0.035, 0.033);
`;
let svc: TestService;
const http = () => request(svc.app.getHttpServer());
let mayId: string;
let juneId: string;

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'true', ADMIN_API_KEY: 'methodology-spec-admin-key-01234567' }, EXTRA_DDL);
  const releases = svc.app.get(ReleaseAssembly);
  const may = await insertRun(svc.database.url, '2025-05', 'provisional', 1);
  mayId = (await releases.assemble(may.id)).id;
  const june = await insertRun(svc.database.url, '2025-06', 'provisional', 1);
  // June's run: another POD_SHIFT threshold, no equalisation, and a new deflator set.
  await withClient(svc.database.url, (c) => c.query(
    `UPDATE productivity.v_runs SET settings = $2, inputs = inputs || '{"deflatorSetId": "ds-2"}' WHERE id = $1`,
    [june.id, { equalisation: 'none', thresholds: { podShift: 0.1 } }],
  ));
  juneId = (await releases.assemble(june.id)).id;
});
afterAll(() => svc?.stop());

describe('/report/methodology', () => {
  it('describes the release\'s own settings, deflator values and the caveats', async () => {
    const res = await http().get('/report/methodology?period=2025-05').expect(200).expect('Content-Type', /text\/html/);
    expect(res.text).toContain('how the May 2025 figures are made');
    expect(res.text).toContain('the same currency is weighted alike in OPPROC and DC');
    expect(res.text).toMatch(/<tr[^>]*data-row="POD_SHIFT">.*data-col="threshold">(?:<span[^>]*>[^<]*<\/span>)?<span class="nhsp-cell">5%</);
    expect(res.text).toMatch(/<tr[^>]*data-row="2024">.*data-col="prices">(?:<span[^>]*>[^<]*<\/span>)?<span class="nhsp-cell">4\.79%<.*data-col="pay">(?:<span[^>]*>[^<]*<\/span>)?<span class="nhsp-cell">5\.53%</);
    expect(res.text).toContain('nhs-cost-inflation-index (set ds-1 loaded 2025-01-10)');
    expect(res.text).toContain('depreciation, PFI capital charges, exceptional costs');
    for (const caveat of ['activity, not outcomes', 'non-acute services', 'left shift']) expect(res.text).toContain(caveat);
    expect(res.text).toContain('The method has not changed between the releases published so far.');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('logs the method changes between releases, and the latest release by default', async () => {
    const res = await http().get('/report/methodology').expect(200);
    expect(res.text).toContain('how the June 2025 figures are made');
    expect(res.text).toContain('none: every point of delivery keeps its own weight');
    expect(res.text).toMatch(/<tr[^>]*data-row="POD_SHIFT">.*data-col="threshold">(?:<span[^>]*>[^<]*<\/span>)?<span class="nhsp-cell">10%</);
    const entry = res.text.match(new RegExp(`<li data-release="${juneId}">(.*?)</li>`))?.[1] ?? '';
    expect(entry).toContain('setting equalisation changed from &quot;opproc-dc&quot; to &quot;none&quot;');
    expect(entry).toContain('setting thresholds.podShift changed from 0.05 to 0.1');
    expect(entry).toContain('deflators from gdp-deflator (ds-2) instead of nhs-cost-inflation-index (ds-1)');
    expect(res.text).not.toContain(`data-release="${mayId}"`);
    const byId = await http().get(`/report/methodology?release=${mayId}`).expect(200);
    expect(byId.text).toContain('how the May 2025 figures are made');
  });

  it('answers bad requests with 400 and unpublished periods with 404, as HTML', async () => {
    await http().get('/report/methodology?period=June').expect(400).expect('Content-Type', /text\/html/);
    await http().get('/report/methodology?release=not-a-uuid').expect(400);
    await http().get('/report/methodology?period=2019-01').expect(404);
    await http().get('/report/methodology?release=00000000-0000-4000-8000-000000000000').expect(404);
  });
});
