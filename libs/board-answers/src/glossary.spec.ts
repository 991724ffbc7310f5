import { CORPORATE_FUNCTIONS, FINANCE_CATEGORIES, PODS, POD_SERVICE_CODES, SECTORS, WARD_TYPES } from '@nhsp/domain';
import { AGGREGATE_LEVELS, COST_INDEX_GROUP_NAMES, FLAG_CODES, KEY_INDICATORS, LOS_GROUPS, OpportunityUnit, PACK_METRICS, VINTAGES } from '@nhsp/methodology';
import { DISPLAY_UNITS, formatIn, UNIT_DISPLAYS } from './display-units';
import { formatFigure, GLOSSARY, glossaryAnchor, glossaryEntry, GlossaryKind, GLOSSARY_KINDS, GLOSSARY_SECTIONS, termName } from './glossary';
import { METRIC_LABELS, SECTOR_LABELS, UNIT_LABELS } from './pack-labels';

const codesOf = (kind: GlossaryKind) => GLOSSARY.filter((e) => e.kind === kind).map((e) => e.code);

describe('glossary', () => {
  it('has an entry for exactly the codes the domain and the methodology declare', () => {
    // Derived from the constants: a code added there without words here fails this test.
    expect(codesOf('pod')).toEqual([...PODS]);
    expect(codesOf('pod')).toHaveLength(26);
    expect(codesOf('finance_category')).toEqual([...FINANCE_CATEGORIES]);
    expect(codesOf('flag')).toEqual([...FLAG_CODES]);
    expect(codesOf('flag')).toContain('UNSTABLE');
    expect(codesOf('indicator')).toEqual([...KEY_INDICATORS]);
    expect(codesOf('pack_metric')).toEqual([...PACK_METRICS]);
    expect(codesOf('sector')).toEqual([...SECTORS]);
    expect(codesOf('vintage')).toEqual([...VINTAGES]);
    expect(codesOf('level')).toEqual(['trust', ...AGGREGATE_LEVELS]);
    expect(codesOf('dimension')).toEqual([...COST_INDEX_GROUP_NAMES, ...WARD_TYPES, ...CORPORATE_FUNCTIONS]);
    expect(codesOf('benchmark_metric')).toEqual(['productivity_growth', 'cost_per_wau', ...Object.keys(LOS_GROUPS).map((g) => `los_${g}`), 'temporary_staffing']);
    expect(codesOf('benchmark_metric')).toEqual(['productivity_growth', 'cost_per_wau', 'los_elective', 'los_non_elective', 'temporary_staffing']);
    expect(codesOf('unit')).toEqual([...DISPLAY_UNITS]);
    expect(codesOf('measure')).toEqual(
      expect.arrayContaining(['productivity_growth', 'score', 'target', 'on_track', 'required_output_growth_rest', 'required_productivity_growth_rest', 'savings_needed_gbp', 'projected_full_year_growth', 'index', 'gap_to_base', 'month_move', 'band', 'revision_range', 'rank_stability', 'sensitivity_spread']),
    );
  });

  it('gives every entry a plain name, a one-line explanation and a known unit, and every figure-like kind a unit', () => {
    const generic = ['base', 'current', 'value', 'benchmark', 'opportunity_units', 'change'];
    for (const e of GLOSSARY) {
      expect(e.name.trim()).not.toBe('');
      expect(e.name).not.toBe(e.code);
      expect(e.explanation).toMatch(/^[A-Z0-9£].*\.$/);
      expect(e.explanation).not.toMatch(/\n/);
      expect(e.explanation.length).toBeLessThanOrEqual(200);
      if (e.unit !== null) expect(DISPLAY_UNITS).toContain(e.unit);
      const figure = ['benchmark_metric', 'pack_metric', 'indicator', 'pod', 'finance_category', 'unit'].includes(e.kind) || (e.kind === 'measure' && !generic.includes(e.code));
      expect({ code: e.code, hasUnit: e.unit !== null }).toEqual({ code: e.code, hasUnit: figure });
    }
    expect(GLOSSARY_SECTIONS.map((s) => s.kind)).toEqual([...GLOSSARY_KINDS]);
  });

  it('names each point of delivery with its NCC service and what it counts', () => {
    for (const pod of PODS) expect(glossaryEntry('pod', pod)).toMatchObject({ nccService: POD_SERVICE_CODES[pod], counts: expect.any(String) });
    expect(glossaryEntry('pod', 'AUD')).toMatchObject({ name: 'Audiology', nccService: 'Audiology' });
    expect(glossaryEntry('pod', 'OPPROC')?.name).toBe('Outpatient procedures');
    expect(glossaryEntry('pod', 'RDNA')?.nccService).toBe('Regular Day or Night Admissions');
  });

  it('reuses the pack labels: names, sections, definitions and units that agree with each category’s kind', () => {
    for (const metric of PACK_METRICS) {
      const e = glossaryEntry('pack_metric', metric)!;
      const label = METRIC_LABELS[metric];
      expect(e.name).toBe(label.label);
      expect(e.definition).toBe(label.definition);
      expect(e.section).toEqual(expect.any(String));
      if (label.kind === 'index') expect(e.unit).toBe('relative_index');
      if (label.kind === 'share') expect(e.unit).toBe('share');
      if (label.kind === 'gbp') expect(e.unit).toBe('gbp');
      if (label.kind === 'number') expect(UNIT_DISPLAYS[e.unit!].unit).toBe(label.per);
    }
    const opportunityUnits: OpportunityUnit[] = ['bed_days', 'contacts', 'kwh', 'hours', 'conveyances', 'wte_months'];
    for (const unit of opportunityUnits) expect(UNIT_DISPLAYS[unit].unit).toBe(UNIT_LABELS[unit]);
    for (const sector of SECTORS) expect(termName('sector', sector)).toBe(SECTOR_LABELS[sector]);
  });

  it('writes the same code in the same unit wherever it appears', () => {
    const byCode = new Map<string, Set<string | null>>();
    for (const e of GLOSSARY.filter((x) => x.kind !== 'unit')) byCode.set(e.code, (byCode.get(e.code) ?? new Set()).add(e.unit));
    expect([...byCode].filter(([, units]) => units.size > 1)).toEqual([]);
    expect(formatFigure('benchmark_metric', 'temporary_staffing', '0.12')).toBe('12.0%');
    expect(formatFigure('pack_metric', 'temporary_staffing', '0.12')).toBe('12.0%');
    expect(formatFigure('benchmark_metric', 'cost_per_wau', '0.914')).toBe('£0.91');
    expect(formatFigure('benchmark_metric', 'los_elective', '4.2')).toBe('4.20 days');
    expect(formatFigure('indicator', 'theatre_utilisation', '0.817')).toBe('81.7%');
    expect(formatIn(glossaryEntry('indicator', 'theatre_utilisation')!.changeUnit!, '0.017')).toBe('+1.7 pts');
    expect(formatIn(glossaryEntry('indicator', 'bank_spend')!.changeUnit!, '-0.0421')).toBe('\u22124.21%');
    expect(() => formatFigure('measure', 'benchmark', '1')).toThrow('the measure "benchmark" has no unit of its own');
    expect(() => formatFigure('pod', 'XYZ', '1')).toThrow('the glossary has no pod "XYZ"');
  });

  it('explains flags with the default thresholds, UNSTABLE among them', () => {
    expect(glossaryEntry('flag', 'UNSTABLE')?.explanation).toContain('more than 2 percentage points');
    expect(glossaryEntry('flag', 'OUTLIER')?.explanation).toContain('±10%');
    expect(glossaryEntry('flag', 'UNWEIGHTED_ACTIVITY')?.explanation).toContain('More than 0.5%');
    expect(glossaryEntry('finance_category', 'depreciation')?.explanation).toContain('Left out of input by default');
    expect(glossaryEntry('finance_category', 'pay_bank')?.explanation).not.toContain('Left out');
  });

  it('gives each entry its own anchor for links, and a name even for a code it does not know', () => {
    const anchors = GLOSSARY.map((e) => glossaryAnchor(e.kind, e.code));
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(glossaryAnchor('pod', 'NEL_LS')).toBe('pod-nel-ls');
    expect(glossaryAnchor('benchmark_metric', 'cost_per_wau')).toBe('benchmark-metric-cost-per-wau');
    expect(termName('flag', 'NEW_FLAG')).toBe('NEW_FLAG');
  });
});

describe('display units', () => {
  it('writes growth with its sign and a true minus, shares and pounds as a board reads them', () => {
    const f = (unit: Parameters<typeof formatIn>[0], value: string | number | null) => formatIn(unit, value);
    expect([f('growth', '0.0123'), f('growth', '-0.00455'), f('growth', '0'), f('growth', '-0.00001')]).toEqual(['+1.23%', '\u22120.46%', '0.00%', '0.00%']);
    expect([f('percent', '0.02'), f('share', '0.1234'), f('points', '-0.0172'), f('growth_points', '0.0045'), f('spread', '0.008')]).toEqual(['2.00%', '12.3%', '\u22121.7 pts', '+0.45 pts', '0.80 pts']);
    expect([f('gbp', '1234567.5'), f('gbp', '-1234.5'), f('gbp_pence', '0.914'), f('gbp_pence', '12345.675')]).toEqual(['£1,234,568', '\u2212£1,235', '£0.91', '£12,345.68']);
    expect([f('days', '4.2'), f('index', '102.34'), f('relative_index', '1.045'), f('score', '2.125'), f('wte', '1234.56')]).toEqual(['4.20 days', '102.3', '1.05', '2.13', '1,234.6 WTE']);
    expect([f('bed_days', '1234.5'), f('wte_months', '12.34'), f('kwh_per_m2', '231.45'), f('count', 194)]).toEqual(['1,235 bed days', '12.3 WTE-months', '231.5 kWh per m²', '194']);
    expect([f('growth', null), f('gbp', ''), formatIn('yes_no', true), formatIn('yes_no', 'false')]).toEqual(['–', '–', 'Yes', 'No']);
  });

  it('counts trusts and months in the singular at exactly one', () => {
    expect([formatIn('trusts', 1), formatIn('trusts', '2'), formatIn('trusts', 0), formatIn('months', '1'), formatIn('months', 12)]).toEqual(['1 trust', '2 trusts', '0 trusts', '1 month', '12 months']);
  });

  it('refuses what is not a figure of the unit', () => {
    expect(() => formatIn('growth', 'n/a')).toThrow('a growth figure must be a number, not "n/a"');
    expect(() => formatIn('days', true)).toThrow('a days figure must be a number, not true');
    expect(() => formatIn('yes_no', 'maybe')).toThrow('a yes_no figure must be true or false, not "maybe"');
  });

  it('writes axis ticks with the symbol and the decimals the step needs, leaving words to the axis title', () => {
    const t = UNIT_DISPLAYS;
    expect([t.growth.tick(0.01, 0.01), t.growth.tick(-0.005, 0.005), t.growth.tick(0, 0.01), t.share.tick(0.25, 0.05)]).toEqual(['+1%', '\u22120.5%', '0%', '25%']);
    expect([t.gbp.tick(2000000, 1000000), t.days.tick(4, 1), t.days.tick(4.5, 0.5), t.index.tick(105, 5), t.bed_days.tick(1500, 500)]).toEqual(['£2,000,000', '4', '4.5', '105', '1,500']);
    for (const code of DISPLAY_UNITS) expect(t[code].unit.trim()).not.toBe('');
  });
});
