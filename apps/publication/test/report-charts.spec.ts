// The report's pure parts: SVG geometry, escaping, and both pages rendered from the golden
// bundle's expected results (no database, no browser).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { barChart, barGeometry, histogram, histogramBins, lineChart, linePoints, waterfall, waterfallSteps } from '../src/report/charts';
import { renderEngland } from '../src/report/england-page';
import { percent, pounds } from '../src/report/format';
import { escapeHtml, html } from '../src/report/html';
import type { EnglandModel, TrustModel } from '../src/report/report-data';
import type { AggregateRow, BenchmarkRow, EstimateRow } from '../src/source-views';
import { renderTrust } from '../src/report/trust-page';
import { whatChanged } from '../src/report/revisions';

// The in-repo copy of shared/golden (bundle and independently computed expected results).
const GOLDEN = resolve(__dirname, '../../../tools/fixtures/golden');
type Row = Record<string, string>;
const csv = (path: string): Row[] => parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, bom: true });
const orNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);
const attr = (markup: string, tag: string, name: string) => [...markup.matchAll(new RegExp(`<${tag}[^>]*\\s${name}="([^"]*)"`, 'g'))].map((m) => Number(m[1]));

function goldenEngland(period: string): EnglandModel {
  const trusts = new Map(csv(`${GOLDEN}/bundle/trusts.csv`).map((t) => [t.org_code.trim().toUpperCase(), t]));
  const estimates: EstimateRow[] = csv(`${GOLDEN}/expected-${period}/estimates.csv`).map((e) => ({
    run_id: 'run', period, vintage: 'provisional', org_code: e.org_code, name: trusts.get(e.org_code)?.name ?? e.org_code, sector: e.sector,
    region: trusts.get(e.org_code)?.region ?? 'Unknown', peer_group: e.peer_group, months: Number(e.months), status: e.productivity_growth ? 'estimated' : 'missing_data',
    cwa_base: orNull(e.cwa_base), cwa_current: orNull(e.cwa_current), output_growth: orNull(e.output_growth), real_spend_base: orNull(e.real_spend_base),
    real_spend_current: orNull(e.real_spend_current), input_growth: orNull(e.input_growth), productivity_growth: orNull(e.productivity_growth),
    flags: e.flags ? e.flags.split('|') : [],
  }));
  const aggregates: AggregateRow[] = csv(`${GOLDEN}/expected-${period}/aggregates.csv`).map((a) => ({
    level: a.level, group: a.group, period, trusts: Number(a.trusts), cwa_base: null, cwa_current: null, output_growth: orNull(a.output_growth),
    real_spend_base: null, real_spend_current: null, input_growth: orNull(a.input_growth), productivity_growth: orNull(a.productivity_growth),
  }));
  const release = { id: 'rel', status: 'published', runId: 'run', period, vintage: 'provisional', publishedAt: '2026-01-01T00:00:00.000Z' };
  const national = aggregates.find((a) => a.level === 'national')!;
  return { release, periods: ['2025-06', '2025-12'], aggregates, estimates, national: [{ ...national, period: '2025-06' }, { ...national, period: '2025-12' }] };
}

function goldenBenchmarks(period: string, org: string): BenchmarkRow[] {
  return csv(`${GOLDEN}/expected-${period}/benchmarks.csv`)
    .filter((b) => b.org_code === org)
    .map((b) => ({ org_code: org, period, peer_group: b.peer_group, group_kind: 'peer_group', metric: b.metric, value: orNull(b.value), benchmark: orNull(b.benchmark), opportunity_gbp: orNull(b.opportunity_gbp), opportunity_units: null, score: orNull(b.score), rank: 1, group_size: 2 }));
}

describe('SVG charts', () => {
  it('draws bars with lengths proportional to the values, negatives to the left of zero', () => {
    const data = [{ label: 'a', value: 2 }, { label: 'b', value: 4 }, { label: 'c', value: -1 }];
    const bars = barGeometry(data, { left: 0, right: 500, top: 0, rowHeight: 20 });
    expect(bars[1].width / bars[0].width).toBeCloseTo(2, 2);
    expect(bars[0].width / bars[2].width).toBeCloseTo(2, 2);
    expect(bars[2].x + bars[2].width).toBeCloseTo(bars[0].x, 2);
    const svg = barChart({ id: 'b', title: 'T', description: 'D', data, format: String }).toString();
    const widths = attr(svg, 'rect', 'width');
    expect(widths[1] / widths[0]).toBeCloseTo(2, 2);
    expect(svg).toMatch(/^<svg[^>]*role="img"[^>]*aria-labelledby="b-title b-desc"/);
    expect(svg).toContain('<title id="b-title">T</title>');
  });

  it('chains waterfall steps so they add up to the total, and draws the total bar from zero to it', () => {
    const data = [{ label: 'EL', value: 1.25 }, { label: 'NEL', value: -0.5 }, { label: 'OP', value: 3 }];
    const { steps, total } = waterfallSteps(data);
    expect(total).toBeCloseTo(3.75, 12);
    steps.forEach((s, i) => expect(s.start).toBe(i === 0 ? 0 : steps[i - 1].end));
    expect(steps[steps.length - 1].end).toBe(total);
    const svg = waterfall({ id: 'w', title: 'T', description: 'D', data, totalLabel: 'Output growth', format: String }).toString();
    const starts = attr(svg, 'rect', 'data-start');
    const ends = attr(svg, 'rect', 'data-end');
    expect(starts).toEqual([0, 1.25, 0.75, 0]);
    expect(ends[3]).toBeCloseTo(3.75, 12);
    // Pixel widths are proportional to the steps too.
    const widths = attr(svg, 'rect', 'width');
    expect(widths[2] / widths[0]).toBeCloseTo(3 / 1.25, 1);
    expect(widths[3] / widths[2]).toBeCloseTo(3.75 / 3, 1);
  });

  it('places line points on one scale for all series and leaves a gap where a month has no estimate', () => {
    const points = linePoints([{ name: 'p', values: [1, null, 3] }, { name: 'o', values: [-1, 0, 2] }], { left: 0, right: 200, top: 0, bottom: 100 });
    expect(points[0][1]).toBeNull();
    expect(points[0].map((p) => p?.x)).toEqual([0, undefined, 200]);
    // Scale -1..3 onto 100..0: y falls by 25 per unit, shared by both series.
    expect(points[0][0]!.y).toBeCloseTo(50, 6);
    expect(points[1][0]!.y).toBeCloseTo(100, 6);
    expect(points[0][2]!.y).toBeCloseTo(0, 6);
    const svg = lineChart({ id: 'l', title: 'T', description: 'D', labels: ['a', 'b', 'c'], series: [{ name: 'p', values: [1, null, 3] }], format: String }).toString();
    expect(svg.match(/<polyline /g)).toHaveLength(2);
  });

  it('counts every trust in exactly one histogram bin, heights proportional to counts', () => {
    const values = [-3, -1, 0, 0.5, 0.6, 2, 7, 7];
    const bins = histogramBins(values, 5);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(values.length);
    expect(bins[bins.length - 1].count).toBe(2);
    const svg = histogram({ id: 'h', title: 'T', description: 'D', values, format: String }).toString();
    const counts = attr(svg, 'rect', 'data-count');
    const heights = attr(svg, 'rect', 'height');
    const i = counts.indexOf(Math.max(...counts));
    counts.forEach((c, j) => expect(heights[j]).toBeCloseTo((heights[i] * c) / counts[i], 1));
  });
});

describe('escaping and formats', () => {
  it('escapes every interpolated value but keeps markup built by the tag', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    const name = '<script>alert(1)</script>';
    expect(html`<p title="${name}">${html`<b>${name}</b>`}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;"><b>&lt;script&gt;alert(1)&lt;/script&gt;</b></p>',
    );
  });

  it('shows growth as percentages with 2 dp and money with pence', () => {
    expect(percent('0.0501172255085433')).toBe('5.01%');
    expect(percent('-0.0286155395632224')).toBe('\u22122.86%');
    expect(percent('0.00005')).toBe('0.01%');
    expect(percent('0.01', true)).toBe('+1.00%');
    expect(percent(null)).toBe('–');
    expect(pounds('55661158.554')).toBe('£55,661,158.55');
  });
});

describe('pages rendered from the golden bundle', () => {
  it('England page: headline, group tables, distribution and a link to every trust', () => {
    const model = goldenEngland('2025-06');
    const page = renderEngland(model);
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('<span class="figure" data-measure="productivity_growth">5.01%</span>');
    expect(page).toContain('<span class="figure" data-measure="output_growth">5.99%</span>');
    expect(page).toContain('<span class="figure" data-measure="input_growth">0.93%</span>');
    for (const id of ['sector-table', 'region-table', 'peer_group-table', 'trusts-table', 'distribution-table']) expect(page).toContain(`<table id="${id}"><caption`);
    for (const e of model.estimates) expect(page).toContain(`href="/report/trusts/${e.org_code}?period=2025-06"`);
    expect(page).toContain('data-row="R1D"');
    expect(page).not.toMatch(/<script|<link|src="http/);
    // Headings never skip a level.
    const levels = [...page.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    levels.forEach((l, i) => expect(i === 0 ? l === 1 : l <= levels[i - 1] + 1).toBe(true));
  });

  it('trust page: figures, months, contributions adding up, peers with the overlap warning, flags, revisions', () => {
    const england = goldenEngland('2025-06');
    const estimate = england.estimates.find((e) => e.org_code === 'RWH')!;
    const model: TrustModel = {
      release: england.release,
      estimate,
      series: [estimate, { ...estimate, period: '2025-12' }],
      contributions: [
        { side: 'output', component: 'EL', base: '100', current: '103', contribution: '0.03' },
        { side: 'output', component: 'NEL', base: '100', current: '98', contribution: '-0.02' },
        { side: 'input', component: 'pay_substantive', base: '200', current: '202', contribution: '0.01' },
      ],
      benchmarks: goldenBenchmarks('2025-06', 'RWH'),
      notifications: [{ month: '2025-05', category: 'epr_go_live', text: 'New EPR <b>live</b>', raised_at: '2025-06-02T10:00:00Z', in_figures: true }],
      revisions: [{ run_id: 'run', vintage: 'provisional', created_at: '2025-07-01T09:00:00Z', changes: ['First calculation of this month.'], published: true, output_growth: estimate.output_growth, input_growth: estimate.input_growth, productivity_growth: estimate.productivity_growth, flags: estimate.flags }],
    };
    const page = renderTrust(model);
    expect(page).toContain(`data-measure="productivity_growth">${percent(estimate.productivity_growth)}</span>`);
    expect(page).toContain('id="output-waterfall-title"');
    expect(page).toContain('Opportunities overlap, do not add them up.');
    expect(page).toContain('£55,661,159');
    expect(page).toContain('New EPR &lt;b&gt;live&lt;/b&gt;');
    expect(page).toContain('Electronic patient record go-live');
    expect(page).toContain('href="/report?period=2025-06"');
    for (const flag of estimate.flags) expect(page).toContain(`data-flag="${flag}"`);
  });

  it('escapes a hostile trust name everywhere it appears', () => {
    const model = goldenEngland('2025-06');
    model.estimates[0] = { ...model.estimates[0], name: '<script>alert("pwned")</script>' };
    const england = renderEngland(model);
    expect(england).not.toContain('<script>');
    expect(england).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    const trust = renderTrust({ release: model.release, estimate: model.estimates[0], series: [model.estimates[0], model.estimates[0]], contributions: [], benchmarks: [], notifications: [], revisions: [] });
    expect(trust).not.toContain('<script>');
    expect(trust).toContain('<title>&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;: productivity, June 2025</title>');
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
