// The report's pages as HTML, rendered from the golden bundle's expected results (no database, no
// browser): design-system markup and assets, charts from @nhsp/charts readable at both widths with
// a table beside each, plain names linked to the glossary, every figure in its unit, responsive
// tables, the missing months named, the target on the histogram, drawings reused.
import { GLOSSARY, glossaryAnchor, termName } from '@nhsp/board-answers';
import { readabilityProblems } from '@nhsp/charts';
import { reportAssets } from '../src/report/assets';
import { chartsDrawn } from '../src/report/chart-cache';
import { renderEngland } from '../src/report/england-page';
import { renderGlossary } from '../src/report/glossary-page';
import { escapeHtml, html } from '../src/report/html';
import { responsiveChartTable } from '../src/report/layout';
import { whatChanged } from '../src/report/revisions';
import { missingInWords, renderTrust } from '../src/report/trust-page';
import { goldenEngland, goldenTrust } from './report-golden';

const england = renderEngland(goldenEngland('2025-06'));
const trust = renderTrust(goldenTrust('RWH'));
const noEstimate = renderTrust(goldenTrust('RAN'));
const glossary = renderGlossary();

const svgs = (page: string, size: string) => [...page.matchAll(new RegExp(`<div class="nhsp-chart__${size}">(<svg[\\s\\S]*?</svg>)`, 'g'))].map((m) => m[1]);
const tables = (page: string) => [...page.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]);

describe('page shell and assets', () => {
  it('links the design system CSS, script and favicon served here, and nothing from another origin', () => {
    const { links, files } = reportAssets();
    for (const page of [england, trust, glossary]) {
      expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
      expect(page).toContain(`<link rel="stylesheet" href="${links.nhsukCss}">`);
      expect(page).toContain(`<link rel="icon" href="/report/assets/images/favicon.ico" sizes="48x48">`);
      expect(page).toContain(`<script type="module" src="${links.initJs}"></script>`);
      expect(page).toContain('<header class="nhsuk-header"');
      expect(page).toContain('<footer class="nhsuk-footer"');
      expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
      for (const [, path] of page.matchAll(/(?:src|href)="(\/report\/assets\/[^"]+)"/g)) expect(files.has(path.replace('/report/assets/', ''))).toBe(true);
      // One h1 and headings that never skip a level.
      const levels = [...page.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
      expect(levels.filter((l) => l === 1)).toHaveLength(1);
      levels.forEach((l, i) => expect(i === 0 ? l === 1 : l <= levels[i - 1] + 1).toBe(true));
    }
  });

  it('serves the CSS without the other origin\'s fonts, its images from here, and the script that starts the components', () => {
    const { links, files } = reportAssets();
    const css = files.get(links.nhsukCss.replace('/report/assets/', ''))!;
    const text = css.body.toString('utf8');
    expect(css.contentType).toBe('text/css; charset=utf-8');
    expect(css.cacheControl).toContain('immutable');
    expect(text).toContain('.nhsuk-header');
    expect(text).not.toContain('assets.nhs.uk');
    const urls = [...text.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1].replace(/["']/g, '')).filter((u) => !u.startsWith('data:'));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(files.has(url.replace('/report/assets/', ''))).toBe(true);
    const init = files.get(links.initJs.replace('/report/assets/', ''))!.body.toString('utf8');
    const imported = /from '\.\/([^']+)'/.exec(init)![1];
    expect(files.get(imported)!.contentType).toBe('text/javascript; charset=utf-8');
    expect(files.get('images/favicon.ico')!.contentType).toBe('image/x-icon');
    expect(files.get(links.reportCss.replace('/report/assets/', ''))!.body.toString()).toContain('.nhsp-chart__desktop{display:none}');
  });
});

describe('charts', () => {
  it('draws every chart with @nhsp/charts, readable at a phone\'s and a desktop\'s width, with a table beside it', () => {
    for (const [page, ids] of [
      [england, ['national-series-chart', 'sector-chart', 'region-chart', 'peer_group-chart', 'distribution-chart']],
      [trust, ['trust-series-chart', 'output-waterfall', 'input-waterfall']],
    ] as const) {
      for (const id of ids) expect(page).toContain(`<div class="nhsp-chart" id="${id}"`);
      const phone = svgs(page, 'phone');
      const desktop = svgs(page, 'desktop');
      expect(phone).toHaveLength(ids.length);
      expect(desktop).toHaveLength(ids.length);
      for (const svg of phone) expect(readabilityProblems(svg, 358)).toEqual([]);
      for (const svg of desktop) expect(readabilityProblems(svg, 640)).toEqual([]);
      expect((page.match(/<figure class="nhsp-figure/g) ?? []).length).toBe(ids.length);
      for (const fig of page.match(/<figure[\s\S]*?<\/figure>/g)!) expect(fig).toMatch(/<\/div><div class="nhsp-figure__table">(<div class="nhsp-table-wrap"[^>]*>)?<table/);
    }
  });

  it('marks England and the run\'s 2% target on the histogram of trust growth', () => {
    const histogram = england.slice(england.indexOf('id="distribution-chart"'), england.indexOf('id="trusts-heading"'));
    expect(histogram).toMatch(/England \+5\.01%/);
    expect(histogram).toMatch(/Target \+2\.00%/);
    const model = goldenEngland('2025-06');
    const other = renderEngland({ ...model, release: { ...model.release, target: 0.03 } });
    expect(other).toMatch(/Target \+3\.00%/);
  });

  it('draws a release\'s charts once: the same page again reuses them', () => {
    const before = chartsDrawn();
    expect(renderEngland(goldenEngland('2025-06'))).toBe(england);
    expect(chartsDrawn()).toBe(before);
  });
});

describe('names, units and the glossary', () => {
  it('shows figures with their units and the glossary names, never the raw ids', () => {
    expect(england).toContain('data-measure="productivity_growth">+5.01%<');
    expect(england).toContain('data-measure="input_growth">+0.93%<');
    expect(england).toContain('data-measure="trusts">14 trusts<');
    expect(trust).toContain('>Elective length of stay</a>');
    expect(trust).toContain('4.20 days');
    expect(trust).toContain('3.95 days');
    expect(trust).toContain('>Bank and agency share of pay</a>');
    expect(trust).toContain('12.0%');
    expect(trust).toMatch(/>Cost per weighted activity unit<\/a>[\s\S]*?£\d+\.\d\d</);
    expect(trust).toContain('£55,661,159');
    for (const pod of ['EL', 'NEL_LS', 'OPPROC']) expect(trust).toContain(`>${escapeHtml(termName('pod', pod))}</a>`);
    expect(trust).toContain(`>${escapeHtml(termName('finance_category', 'non_pay_clinical_supplies'))}</a>`);
    const visible = (page: string) => page.replace(/<[^>]+>/g, ' ');
    for (const page of [england, trust]) expect(visible(page)).not.toMatch(/Cost per wau|Los elective|Temporary staffing|\bOPPROC\b|\bpay_substantive\b|\bMISSING_DATA\b|\bRESTATED\b/);
  });

  it('links every metric, POD, cost category, flag and vintage to an entry the glossary page has', () => {
    const ids = new Set([...glossary.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    for (const entry of GLOSSARY) expect(ids.has(glossaryAnchor(entry.kind, entry.code))).toBe(true);
    for (const page of [england, trust, noEstimate]) {
      const links = [...page.matchAll(/href="\/report\/glossary#([^"]+)"/g)].map((m) => m[1]);
      expect(links.length).toBeGreaterThan(10);
      for (const anchor of links) expect(ids.has(anchor)).toBe(true);
    }
    expect(trust).toContain('href="/report/glossary#pod-opproc"');
    expect(trust).toContain('href="/report/glossary#benchmark-metric-los-elective"');
    expect(noEstimate).toContain('href="/report/glossary#flag-missing-data"');
    expect(glossary).toContain('4.20 days');
  });

  it('says which data is missing for which months for a trust without an estimate', () => {
    expect(noEstimate).toContain('data-fact="status">No estimate: data missing. <span data-fact="missing">No finance for May 2025; no activity or finance for May 2024.</span>');
    expect(noEstimate).toContain('There is no estimate for this period, so nothing to break down.');
    expect(missingInWords(null)).toBe('This release does not record which months are missing.');
    expect(missingInWords([{ month: '2025-08', missing: ['activity'] }])).toBe('No activity for August 2025.');
  });
});

describe('tables', () => {
  it('stack on a phone with each cell labelled by its column, the row\'s name first', () => {
    for (const t of tables(england).concat(tables(trust))) {
      expect(t).toContain('nhsuk-table--responsive');
      const headers = [...t.match(/<thead[\s\S]*?<\/thead>/)![0].matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
      for (const row of t.match(/<tbody[\s\S]*?<\/tbody>/)![0].match(/<tr[\s\S]*?<\/tr>/g)!) {
        const labels = [...row.matchAll(/<span class="nhsuk-table__heading" aria-hidden="true">([\s\S]*?) <\/span>/g)].map((m) => m[1]);
        expect(labels).toEqual(headers);
      }
    }
    const trusts = tables(england).find((t) => t.includes('id="trusts-table"'))!;
    expect(trusts).toMatch(/<thead[^>]*><tr[^>]*><th scope="col"[^>]*><a [^>]*>Trust<\/a><\/th>/);
    expect(trusts).toMatch(/<tr class="nhsuk-table__row" data-row="R1D"><th scope="row"/);
  });

  it('labels the cells of a chart\'s own table for the phone layout', () => {
    const markup = '<table class="nhsuk-table nhsp-chart-table" id="x"><caption class="nhsuk-table__caption">C</caption><thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th scope="col" class="nhsuk-table__header">Month</th><th scope="col" class="nhsuk-table__header">Growth (%)</th></tr></thead><tbody class="nhsuk-table__body"><tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header">June 2025</th><td class="nhsuk-table__cell nhsuk-table__cell--numeric" data-value="0.01">+1.00%</td></tr></tbody></table>';
    expect(responsiveChartTable(markup)).toContain(
      '<tbody class="nhsuk-table__body"><tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header"><span class="nhsuk-table__heading" aria-hidden="true">Month </span><span class="nhsp-cell">June 2025</span></th><td class="nhsuk-table__cell nhsuk-table__cell--numeric" data-value="0.01"><span class="nhsuk-table__heading" aria-hidden="true">Growth (%) </span><span class="nhsp-cell">+1.00%</span></td></tr>',
    );
    expect(responsiveChartTable(markup)).toContain('<table role="table" class="nhsuk-table nhsuk-table--responsive nhsp-chart-table"');
  });
});

describe('escaping', () => {
  it('escapes every interpolated value but keeps markup built by the tag', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    const name = '<script>alert(1)</script>';
    expect(html`<p title="${name}">${html`<b>${name}</b>`}</p>`.toString()).toBe('<p title="&lt;script&gt;alert(1)&lt;/script&gt;"><b>&lt;script&gt;alert(1)&lt;/script&gt;</b></p>');
  });

  it('escapes a hostile trust name everywhere it appears, the charts included', () => {
    const model = goldenEngland('2025-06');
    model.estimates[0] = { ...model.estimates[0], name: '<script>alert("pwned")</script>' };
    const page = renderEngland(model);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    const t = goldenTrust('RWH');
    const hostile = renderTrust({ ...t, estimate: { ...t.estimate, name: '<script>alert("pwned")</script>' } });
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('<title>&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;: productivity, June 2025</title>');
  });
});

describe('revisions', () => {
  const run = (submissions: object, extra: object = {}) => ({
    settings: { equalisation: 'opproc-dc' },
    inputs: { weightSetId: 'w1', deflatorSetId: 'd1', submissions, notifications: [], ...extra },
  });

  it('names what changed for the trust between two calculations, in plain English', () => {
    const before = run({ RAA: { '2025-04': { activity: 'a1', finance: 'f1' } }, RBB: { '2025-04': { activity: 'b1' } } });
    const after = run(
      { RAA: { '2025-04': { activity: 'a2', finance: 'f1' } }, RBB: { '2025-04': { activity: 'b2' } } },
      { deflatorSetId: 'd2', notifications: [{ id: 'n1', orgCode: 'RAA', month: '2025-05' }, { id: 'n2', orgCode: 'RBB', month: '2025-05' }] },
    );
    expect(whatChanged(undefined, before, 'RAA')).toEqual(['First calculation of this month.']);
    expect(whatChanged(before, after, 'RAA')).toEqual([
      "This trust's data for 2025-04 was submitted again or changed.",
      "Data of 1 other trust(s) changed (this moves group figures and benchmarks, not this trust's growth).",
      'The trust raised a notification about 2025-05.',
      'A new set of deflators was used.',
    ]);
    expect(whatChanged(before, before, 'RAA')).toEqual(['No recorded input of this trust changed.']);
    expect(whatChanged(before, { ...before, settings: { equalisation: 'none' } }, 'RAA')).toEqual(['The method settings changed.']);
  });
});
