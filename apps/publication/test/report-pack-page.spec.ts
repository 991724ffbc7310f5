// The pack page (issue 14 item 6) from the golden history bundle's opportunities.csv: a trust of
// each sector shows its sector's Table 2 groups and nothing else, every figure equals the file's
// value in the glossary's unit, the gap is drawn where there is a benchmark, missing categories
// and missing data are named, the overlap warning is there once, the non-acute caveat beside every
// non-acute category and never for acute, a print stylesheet, names escaped.
import { formatFigure, glossaryEntry, UNIT_DISPLAYS, DisplayUnitCode } from '@nhsp/board-answers';
import { OVERLAP_WARNING } from '@nhsp/methodology';
import { packPage, packSections } from '../src/report/pack-page';
import type { OpportunityViewRow } from '../src/report/plan-types';
import { goldenOpportunities, goldenTrusts, SECTOR_TRUSTS } from './plan-golden';
import { cell, count } from './plan-markup';

const PERIOD = '2026-03';
const rowKey = (r: OpportunityViewRow) => `${r.metric}${r.dimension ? `:${r.dimension}` : ''}`;
const unitOf = (metric: string) => glossaryEntry('pack_metric', metric)!.unit!;

describe.each(Object.entries(SECTOR_TRUSTS))('pack page of %s trust %s', (sector, org) => {
  const trust = goldenTrusts(PERIOD).get(org)!;
  const all = goldenOpportunities(PERIOD);
  const rows = all.filter((r) => r.org_code === org);
  let markup: string;
  beforeAll(() => {
    markup = packPage({ trust, period: PERIOD, rows: all }).toString();
  });

  it('shows every category row of the file with its figures in the glossary’s units', () => {
    expect(rows.length).toBeGreaterThan(8);
    for (const r of rows) {
      const key = rowKey(r);
      expect(cell(markup, key, 'value')).toEqual({ value: r.value, text: UNIT_DISPLAYS[unitOf(r.metric)].format(r.value) });
      expect(cell(markup, key, 'benchmark').value).toBe(r.benchmark);
      if (r.benchmark !== null) expect(cell(markup, key, 'benchmark').text).toBe(UNIT_DISPLAYS[unitOf(r.metric)].format(r.benchmark));
      expect(cell(markup, key, 'opportunity_gbp')).toEqual({ value: r.opportunity_gbp, text: formatFigure('measure', 'opportunity_gbp', r.opportunity_gbp) });
      expect(cell(markup, key, 'opportunity_units')).toEqual({ value: r.opportunity_units, text: r.opportunity_units === null ? '–' : UNIT_DISPLAYS[r.unit as DisplayUnitCode].format(r.opportunity_units) });
    }
    expect(markup).not.toContain('data-row="' + all.find((r) => r.org_code !== org && r.sector !== sector)!.metric + ':'); // no other trust's rows
  });

  it('groups the categories as Table 2 does for its sector, and only those', () => {
    const titles = [...markup.matchAll(/<h2 id="pack-section-[^"]*">([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(titles).toEqual(packSections(sector).map((s) => s.title.replace(/&/g, '&amp;')));
    const expected: Record<string, string[]> = {
      acute: ['Cost by service line', 'Medicines'],
      mental_health: ['Mental health and NHS Talking Therapies', 'Medicines'],
      community: ['Community services'],
      ambulance: ['Ambulance'],
    };
    for (const t of expected[sector]) expect(titles.some((x) => x.startsWith(t))).toBe(true);
    for (const t of ['Temporary staffing', 'Corporate services', 'Estates and procurement']) expect(titles).toContain(t);
    expect(titles.some((x) => x.startsWith('Ambulance'))).toBe(sector === 'ambulance');
    expect(titles.some((x) => x.startsWith('Cost by service line'))).toBe(sector === 'acute');
  });

  it('draws the gap as a bar where the category has a benchmark (handovers against the 15-minute standard)', () => {
    for (const metric of new Set(rows.map((r) => r.metric))) {
      const drawn = markup.includes(`id="pack-${org.toLowerCase()}-${metric.replace(/_/g, '-')}-table"`);
      const benchmarked = rows.some((r) => r.metric === metric && r.benchmark !== null) || metric === 'ambulance_handover';
      expect([metric, drawn]).toEqual([metric, benchmarked]);
    }
  });

  it('writes the gap in the category’s unit, a share’s in points', () => {
    for (const r of rows.filter((x) => x.value !== null && x.benchmark !== null)) {
      const gap = Number(r.value) - Number(r.benchmark);
      const text = cell(markup, rowKey(r), 'gap').text;
      const higherIsBetter = ['talking_therapies_contacts_per_wte', 'ambulance_incidents_per_wte'].includes(r.metric);
      expect([rowKey(r), text.endsWith(gap === 0 ? 'at the benchmark' : (gap > 0) !== higherIsBetter ? 'worse' : 'better')]).toEqual([rowKey(r), true]);
      if (unitOf(r.metric) === 'share') expect(text).toMatch(/^\d+\.\d\d pts (worse|better)$/);
    }
  });

  it('names the categories the release has no figures for (temporary staffing is not in the golden files)', () => {
    expect(markup).toContain('data-missing-category="temporary_staffing"');
    expect(markup).toContain('id="pack-missing"');
  });

  it('warns once that the opportunities overlap, and prints as a board paper', () => {
    expect(count(markup, 'id="pack-overlap"')).toBe(1);
    expect(markup).toContain(OVERLAP_WARNING);
    expect(markup).toContain('@media print');
    expect(markup).toContain('@page{size:A4');
    expect(markup).toContain('class="nhsp-print-only"');
  });

  it('puts the non-acute caveat beside every category of a non-acute trust, never for acute', () => {
    const categories = count(markup, 'class="nhsp-pack__category"');
    if (sector === 'acute') expect(count(markup, 'class="nhsp-caveat')).toBe(0);
    else {
      expect(count(markup, 'class="nhsp-caveat"')).toBe(1); // in full at the page's opening
      expect(count(markup, 'class="nhsp-caveat nhsp-caveat--short"')).toBe(categories); // and in a line beside each category
    }
  });
});

describe('pack page: missing data, unit costs, escaping', () => {
  const trust = goldenTrusts(PERIOD).get('RY3')!;
  const golden = goldenOpportunities(PERIOD).filter((r) => r.org_code === 'RY3');

  it('names the file and measures a category lacked, and shows no figure for it', () => {
    const rows = golden.map((r) =>
      r.metric === 'community_dna' ? { ...r, value: null, benchmark: null, opportunity_units: null, opportunity_gbp: null, missing: 'operations.csv: community_contacts, community_dna' } : r,
    );
    const markup = packPage({ trust, period: PERIOD, rows }).toString();
    expect(markup).toContain('data-missing="community_dna"');
    expect(markup).toContain('missing operations.csv: community_contacts, community_dna');
    expect(cell(markup, 'community_dna', 'value')).toEqual({ value: null, text: '–' });
    expect(cell(markup, 'community_dna', 'missing').text).toBe('operations.csv: community_contacts, community_dna');
  });

  it('gives an opportunity in its unit only where no unit cost is known', () => {
    const rows = golden.map((r) => (r.metric === 'community_los' ? { ...r, opportunity_gbp: null } : r));
    const markup = packPage({ trust, period: PERIOD, rows }).toString();
    expect(cell(markup, 'community_los', 'opportunity_gbp').text).toBe('No unit cost');
    expect(cell(markup, 'community_los', 'opportunity_units').text).toBe('19,292 bed days');
    expect(markup).toContain('this opportunity is given in its unit only');
  });

  it('lists the largest cost index opportunities by POD and HRG subchapter for an acute trust', () => {
    const rae = goldenTrusts(PERIOD).get('RAE')!;
    const base = goldenOpportunities(PERIOD).filter((r) => r.org_code === 'RAE');
    const detail = (dimension: string, gbp: string | null): OpportunityViewRow => ({ ...base[0], metric: 'cost_index_detail', dimension, value: '1.2', benchmark: '1.0', benchmark_group: 'Acute - Teaching', opportunity_units: null, unit: null, opportunity_gbp: gbp, missing: null });
    const markup = packPage({ trust: rae, period: PERIOD, rows: [...base, detail('EL:FZ', '1000.00'), detail('NEL_LS:WA', '250000.00'), detail('OP:AB', '0.00'), detail('DC:HN', null)] }).toString();
    expect(markup).toContain('the 2 largest opportunities');
    const order = [...markup.matchAll(/data-row="cost_index_detail:([^"]*)"/g)].map((m) => m[1]);
    expect(order).toEqual(['NEL_LS:WA', 'EL:FZ']);
    expect(cell(markup, 'cost_index_detail:NEL_LS:WA', 'opportunity_gbp').text).toBe('£250,000');
    expect(markup).toContain('href="/report/glossary#pod-nel-ls"');
    expect(markup).toContain(', HRG subchapter WA');
  });

  it('escapes names and data', () => {
    const rows = golden.map((r) => (r.metric === 'community_los' ? { ...r, missing: '<b>unit_costs.csv</b>' } : r));
    const markup = packPage({ trust: { ...trust, name: '<script>x()</script>', peer_group: 'A & "B"' }, period: PERIOD, rows }).toString();
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<b>unit_costs');
    expect(markup).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(markup).toContain('A &amp; &quot;B&quot;');
  });
});
