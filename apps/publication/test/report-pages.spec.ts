// The report served by the publication service on its own database, with stand-in tables for
// the owners' views (as publication.spec.ts does) plus the contributions, estimate detail and
// notifications the trust page reads. The pages must show what /v1 answers, to anyone, with the
// design system's assets served by the service itself.
import request from 'supertest';
import { BullMqClient, PATTERNS } from '@nhsp/queue';
import { TestService, waitFor } from '@nhsp/testing';
import { growth } from '../src/report/terms';
import { FakeRun, insertRun, withClient } from './stand-in-views';
import { startPublication } from './start-publication';

const EXTRA_DDL = `
  CREATE TABLE productivity.v_contributions (
    run_id uuid NOT NULL, org_code text NOT NULL, period text NOT NULL, side text NOT NULL, component text NOT NULL,
    base numeric NOT NULL, current numeric NOT NULL, contribution numeric);
  CREATE SCHEMA IF NOT EXISTS ingestion;
  CREATE TABLE ingestion.v_notifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_code text NOT NULL, month text NOT NULL, category text NOT NULL,
    text text NOT NULL, raised_at timestamptz NOT NULL DEFAULT now(), status text NOT NULL DEFAULT 'raised', status_note text);
  ALTER TABLE productivity.v_estimates ADD COLUMN detail jsonb;
`;
/** A table cell's figure as the pages write it: the phone's column label, then the value. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cell = (col: string, value: string) => new RegExp(`data-col="${col}"><span class="nhsuk-table__heading" aria-hidden="true">[^<]*</span><span class="nhsp-cell">${literal(value)}<`);
const HOSTILE = '<script>alert("pwned")</script> Trust';
const ADMIN_KEY = 'report-spec-admin-key-0123456789abcdef';

let svc: TestService;
let http: () => ReturnType<typeof request>;
let june: FakeRun;
let revised: FakeRun;

async function publish(run: FakeRun) {
  await svc.app.get(BullMqClient).emitEvent(PATTERNS.benchmarksCompleted, { runId: run.id, period: run.period }, { key: run.id });
  await waitFor(
    () => withClient(svc.database.url, async (c) => (await c.query(`SELECT status FROM publication.release WHERE run_id = $1`, [run.id])).rows[0]?.status === 'published'),
    { description: `release of ${run.id} published` },
  );
}

async function addDetail(run: FakeRun) {
  await withClient(svc.database.url, async (c) => {
    await c.query(
      `INSERT INTO productivity.v_estimates VALUES ($1,'RHX',$2,'acute','London','large_acute',3,'estimated',1,2,1,1,1,0,1,'{OUTLIER}')`,
      [run.id, HOSTILE],
    );
    const contribution = `INSERT INTO productivity.v_contributions VALUES ($1, 'RAA', $2, $3, $4, $5, $6, $7)`;
    await c.query(contribution, [run.id, run.period, 'output', 'EL', '400', '460', '0.06']);
    await c.query(contribution, [run.id, run.period, 'output', 'NEL', '600', '640', '0.04']);
    await c.query(contribution, [run.id, run.period, 'input', 'pay_substantive', '2000', '2100', '0.05']);
    await c.query(`UPDATE productivity.v_estimates SET detail = $2 WHERE run_id = $1 AND org_code = 'RBB'`, [run.id, { missing: [{ month: '2025-05', missing: ['finance'] }] }]);
  });
}

beforeAll(async () => {
  svc = await startPublication({ AUTO_PUBLISH: 'true', ADMIN_API_KEY: ADMIN_KEY }, EXTRA_DDL);
  http = () => request(svc.app.getHttpServer());
  june = await insertRun(svc.database.url, '2025-06', 'provisional', 1, new Date(Date.now() - 60_000));
  await addDetail(june);
  await publish(june);
  revised = await insertRun(svc.database.url, '2025-06', 'provisional_revised', 1);
  await addDetail(revised);
  // The revised run saw the trust's notification (as productivity records it in the run's inputs).
  await withClient(svc.database.url, async (c) => {
    const [seen] = (
      await c.query(
        `INSERT INTO ingestion.v_notifications (org_code, month, category, text, raised_at)
         VALUES ('RAA', '2025-05', 'epr_go_live', 'EPR went live on 12 May', '2025-06-03T09:00:00Z') RETURNING id::text`,
      )
    ).rows;
    await c.query(`INSERT INTO ingestion.v_notifications (org_code, month, category, text) VALUES ('RAA', '2023-05', 'other', 'too old to matter'), ('RAA', '2025-04', 'coding_change', 'raised after the run')`);
    // Reviewed and accepted by an analyst (issue 16.2): the trust page shows it with the note.
    await c.query(`UPDATE ingestion.v_notifications SET status = 'accepted', status_note = 'Confirmed with the trust' WHERE id = $1`, [seen.id]);
    await c.query(`UPDATE productivity.v_runs SET inputs = inputs || $2::jsonb WHERE id = $1`, [
      revised.id,
      JSON.stringify({ notifications: [{ id: seen.id, orgCode: 'RAA', month: '2025-05', category: 'epr_go_live', text: 'EPR went live on 12 May' }] }),
    ]);
  });
  await publish(revised);
});
afterAll(() => svc?.stop());

describe('report', () => {
  it('serves the England page to anyone, with the figures /v1/aggregates publishes, and no external asset', async () => {
    const res = await http().get('/report').expect(200).expect('Content-Type', /text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const aggregates = (await http().get('/v1/aggregates').expect(200)).body.items as Array<Record<string, string>>;
    const national = aggregates.find((a) => a.level === 'national')!;
    expect(res.text).toContain(`data-measure="productivity_growth">${growth(national.productivity_growth)}<`);
    expect(res.text).toContain(`data-measure="output_growth">${growth(national.output_growth)}<`);
    const sector = aggregates.find((a) => a.level === 'sector')!;
    const sectorRow = res.text.slice(res.text.indexOf(`data-row="sector|${sector.group}"`)).split('</tr>')[0];
    expect(sectorRow).toMatch(cell('productivity_growth', growth(sector.productivity_growth)));
    expect(res.text).toContain('href="/report/trusts/RAA?period=2025-06"');
    expect(res.text).toContain('Provisional, revised');
    // Two trusts, one beyond +10%: the charts library finds no room for both marker labels, so the
    // histogram marks the target alone and the sentence gives England's figure.
    expect(res.text).toContain('The rule marks the <a href="/report/glossary#measure-target">target</a> of +2.00% a year; England\'s figure (+4.76%) is in the headline.');
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(res.text).not.toContain('<script>');
  });

  it('escapes a hostile trust name on both pages', async () => {
    const england = await http().get('/report').expect(200);
    expect(england.text).not.toContain('<script>');
    expect(england.text).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; Trust');
    const trust = await http().get('/report/trusts/RHX').expect(200);
    expect(trust.text).not.toContain('<script>');
    expect(trust.text).toContain('<h1>&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; Trust');
  });

  it('serves a trust page with /v1 figures, contributions, peers, flags, notifications and both vintages', async () => {
    const res = await http().get('/report/trusts/raa').expect(200);
    const [estimate] = (await http().get('/v1/estimates?org=RAA').expect(200)).body.items;
    for (const measure of ['output_growth', 'input_growth', 'productivity_growth']) {
      expect(res.text).toContain(`data-measure="${measure}">${growth(estimate[measure])}<`);
    }
    expect(res.text).toContain('<h1>Alpha, &quot;General&quot; Hospital <span class="nhsp-unit">(RAA)</span></h1>');
    // Output waterfall by POD (plain names, linked to the glossary), its steps adding up to the output growth of +10.00%.
    expect(res.text).toContain('<div class="nhsp-chart" id="output-waterfall"');
    expect(res.text).toContain('by point of delivery (they add up to +10.00%)');
    expect(res.text).toMatch(/data-row="EL">.*?href="\/report\/glossary#pod-el">Elective inpatients?<\/a>/i);
    expect(res.text).toMatch(cell('contribution', '+6.00%'));
    expect(res.text).toMatch(cell('contribution', '+4.00%'));
    expect(res.text).toContain('Opportunities overlap, do not add them up.');
    expect(res.text).toMatch(cell('opportunity_gbp', '£12,346'));
    expect(res.text).toMatch(cell('value', '£1.90'));
    expect(res.text).toMatch(cell('rank', '1 of 4'));
    expect(res.text).toContain('data-flag="RESTATED"');
    expect(res.text).toContain('changed since the previous publication of this figure');
    // The notification the published run saw, dated from ingestion; not those it did not see.
    expect(res.text).toMatch(/EPR went live on 12 May<\/span><\/td>/);
    expect(res.text).toMatch(cell('raised', '2025-06-03'));
    expect(res.text).toMatch(cell('review', 'Accepted: Confirmed with the trust'));
    expect(res.text).not.toContain('too old to matter');
    expect(res.text).not.toContain('raised after the run');
    expect(res.text).toContain(`data-row="${june.id}"`);
    expect(res.text).toContain(`data-row="${revised.id}"`);
    expect(res.text).toContain('This month was calculated 2 times');
    expect(res.text).toContain('First calculation of this month.');
  });

  it('serves the page of a trust without an estimate: no figures, the missing-data flag explained, nothing to break down', async () => {
    const res = await http().get('/report/trusts/RBB?period=2025-06').expect(200);
    expect(res.text).toContain('data-measure="productivity_growth">–<');
    expect(res.text).toContain('data-flag="MISSING_DATA"');
    expect(res.text).toContain('has no activity or no finance from the trust');
    // Which data is missing for which month, from the estimate's detail.
    expect(res.text).toContain('<span data-fact="missing">No finance for May 2025.</span>');
    expect(res.text).toContain('There is no estimate for this period, so nothing to break down.');
    expect(res.text).toContain('No benchmarks were published for this trust in this period.');
  });

  it('shows another period on request, and says what is wrong in HTML for bad or unknown requests', async () => {
    const july = await insertRun(svc.database.url, '2025-07', 'provisional', 3);
    await publish(july);
    const latest = await http().get('/report').expect(200);
    expect(latest.text).toContain('<h1>NHS trust productivity in England, July 2025</h1>');
    expect(latest.text).toContain('href="/report?period=2025-06"');
    const older = await http().get('/report?period=2025-06').expect(200);
    expect(older.text).toContain('<h1>NHS trust productivity in England, June 2025</h1>');
    // Two months published: the trust page draws its months as a line chart.
    const trust = await http().get('/report/trusts/RAA').expect(200);
    expect(trust.text).toContain('<div class="nhsp-chart" id="trust-series-chart"');
    expect(trust.text).toContain('data-row="2025-06"');

    const bad = await http().get('/report?period=June').expect(400).expect('Content-Type', /text\/html/);
    expect(bad.text).toContain('YYYY-MM');
    await http().get('/report?period=2019-01').expect(404);
    const unknown = await http().get('/report/trusts/ZZZ').expect(404);
    expect(unknown.text).toContain('No published estimate for trust ZZZ');
    await http().get('/report/trusts/%3Cb%3E').expect(400);
  });

  it('serves the design system\'s CSS, script and icons itself, with their content types and cache headers, and a favicon', async () => {
    const page = (await http().get('/report').expect(200)).text;
    const assets = [...page.matchAll(/(?:href|src)="(\/report\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/^\/report\/assets\/nhsuk-frontend\.[0-9a-f]{12}\.css$/), expect.stringMatching(/^\/report\/assets\/init\.[0-9a-f]{12}\.js$/), '/report/assets/images/favicon.ico']));
    const css = assets.find((a) => a.includes('nhsuk-frontend'))!;
    const res = await http().get(css).expect(200).expect('Content-Type', 'text/css; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.text).toContain('.nhsuk-header');
    await http().get(css).set('If-None-Match', res.headers.etag).expect(304);
    const init = await http().get(assets.find((a) => a.includes('init'))!).expect(200).expect('Content-Type', 'text/javascript; charset=utf-8');
    const imported = /from '\.\/([^']+)'/.exec(init.text)![1];
    const js = await http().get(`/report/assets/${imported}`).expect(200).expect('Content-Type', 'text/javascript; charset=utf-8');
    expect(js.text).toContain('initAll');
    const icon = await http().get('/report/assets/images/favicon.ico').expect(200).expect('Content-Type', 'image/x-icon');
    expect(icon.headers['cache-control']).toBe('public, max-age=86400');
    await http().get('/favicon.ico').expect(200).expect('Content-Type', 'image/x-icon');
    await http().get('/report/assets/images/nhsuk-icon-arrow-down.svg').expect(200).expect('Content-Type', 'image/svg+xml');
    await http().get('/report/assets/nothing.css').expect(404);
    await http().get('/report/assets/images/..%2F..%2Fpackage.json').expect(404);
    const glossary = await http().get('/report/glossary').expect(200).expect('Content-Type', /text\/html/);
    expect(glossary.text).toContain('id="benchmark-metric-los-elective"');
    expect(glossary.text).toContain('id="pod-opproc"');
    expect(glossary.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('keeps an unpublished run out of the public pages and shows it to an analyst key as a marked preview', async () => {
    const draft = await insertRun(svc.database.url, '2025-06', 'final_revised', 5);
    await withClient(svc.database.url, (c) =>
      c.query(`INSERT INTO publication.release (run_id, period, vintage, status, manifest) VALUES ($1, '2025-06', 'final_revised', 'draft', $2)`, [
        draft.id,
        JSON.stringify({ runId: draft.id, runCreatedAt: new Date().toISOString() }),
      ]),
    );
    const pub = await http().get('/report/trusts/RAA?period=2025-06').expect(200);
    expect(pub.text).not.toContain(draft.id);
    expect(pub.text).not.toContain('Preview, not published');
    expect(pub.headers['cache-control']).toMatch(/^public/);
    const england = await http().get('/report?period=2025-06').expect(200);
    expect(england.text).not.toContain('Final, revised');

    const preview = await http().get('/report/trusts/RAA?period=2025-06').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    expect(preview.text).toContain('Preview, not published (draft)');
    expect(preview.text).toContain(`data-row="${draft.id}"`);
    expect(preview.headers['cache-control']).toMatch(/^private/);
    expect(preview.headers['vary']).toContain('Authorization');
    // Analysts also see the trust's later notification about these months, marked as not yet in the figures.
    expect(preview.text).toMatch(/raised after the run<\/span><\/td>/);
    expect(preview.text).toMatch(cell('review', 'Raised, not yet reviewed'));
    expect(preview.text).toMatch(cell('in_figures', 'Not yet'));
    expect(preview.text).not.toContain('too old to matter');
  });
});
