import { barList, gapBars } from './bar-charts';
import { bandFigure } from './band-figure';
import { days, growth, pounds, readability, readTable } from './spec-helpers';
import { svgContents } from './svg-text';
import { COLOURS } from './style';
import { UnitFormat } from './types';

const WARDS = [
  { label: 'Adult acute', value: '34.2', benchmark: '28.9' },
  { label: 'Older adult', value: '51.0', benchmark: '55.3' },
  { label: 'Psychiatric intensive care unit (PICU)', value: '22.4', benchmark: null },
  { label: 'Children and young people', value: '40.1', benchmark: '40.1' },
  { label: 'Learning disability and autism inpatient services', value: '148.7', benchmark: '131.2' },
];

describe('gap bars for a pack category', () => {
  const out = gapBars({ id: 'mh-los', title: 'Length of stay by ward type', rows: WARDS, direction: 'lower_is_better', format: days, axisTitle: 'Length of stay', nameHeader: 'Ward type' });

  it('is readable on a phone and on a desktop', () => {
    expect(readability(out)).toEqual({ phone: [], desktop: [] });
  });

  it('draws each gap from benchmark to value, red where worse, green where better', () => {
    const fills = svgContents(out.renderings.desktop).bars.map((b) => b.fill);
    // Adult acute and learning disability are above their benchmark (worse), older adult below.
    expect(fills.filter((f) => f === COLOURS.red)).toHaveLength(2);
    expect(fills.filter((f) => f === COLOURS.green)).toHaveLength(1);
    const texts = svgContents(out.renderings.phone).texts.map((t) => t.lines.join(' '));
    expect(texts).toEqual(expect.arrayContaining(['Benchmark 28.90 days', 'No benchmark', '34.20 days', 'Learning disability and autism inpatient services']));
  });

  it('tables value, benchmark and which side of it the trust is on', () => {
    const table = readTable(out.table);
    expect(table.caption).toBe('Length of stay by ward type (lower is better)');
    expect(table.headers).toEqual(['Ward type', 'Length of stay (days)', 'Benchmark (days)', 'Against the benchmark']);
    expect(table.rows.map((r) => [r[1].value, r[2].value])).toEqual(WARDS.map((w) => [w.value, w.benchmark]));
    expect(table.rows.map((r) => r[3].text)).toEqual(['worse than the benchmark', 'better than the benchmark', 'no benchmark', 'at the benchmark', 'worse than the benchmark']);
  });

  it('reads higher-is-better the other way round', () => {
    const higher = gapBars({ id: 'incidents', title: 'Incidents per frontline WTE', rows: [{ label: 'Incidents per frontline WTE', value: '21.4', benchmark: '24.9' }], direction: 'higher_is_better', format: days, axisTitle: 'Incidents', nameHeader: 'Category' });
    expect(readTable(higher.table).rows[0][3].text).toBe('worse than the benchmark');
  });
});

describe('bar list of categories', () => {
  const bars = [
    { label: 'Cost index: non-elective long stay', value: '2412000' },
    { label: 'Bank and agency share of pay', value: '1250000' },
    { label: 'Corporate services: finance', value: '310500' },
    { label: 'Energy use', value: '85000' },
    { label: 'General supplies and services as a share of operating income', value: '0' },
  ];
  const out = barList({ id: 'opportunities', title: 'Opportunity by category (they overlap: do not add them up)', bars, format: pounds, axisTitle: 'Opportunity', nameHeader: 'Category' });

  it('is readable on a phone and on a desktop, with pounds in thousands', () => {
    expect(readability(out)).toEqual({ phone: [], desktop: [] });
    expect(svgContents(out.renderings.phone).texts.map((t) => t.lines[0])).toContain('£2,412,000');
  });

  it('tables each category’s figure exactly', () => {
    const table = readTable(out.table);
    expect(table.headers).toEqual(['Category', 'Opportunity (£)']);
    expect(table.rows.map((r) => r[1].value)).toEqual(bars.map((b) => b.value));
    expect(table.rows.map((r) => r[1].text)).toEqual(['£2,412,000', '£1,250,000', '£310,500', '£85,000', '£0']);
  });
});

describe('band figure', () => {
  const points: UnitFormat = { unit: 'percentage points', format: (v) => `${(Number(v) * 100).toFixed(2)} pts`, tick: (v) => String(v) };
  const chart = (band: string | null, value = '0.012') => bandFigure({ id: 'band', title: 'How steady the figure is', measure: 'Productivity growth', value, band, target: '0.02', format: growth, bandFormat: points, axisTitle: 'Productivity growth, year to date' });

  it('shows "1.20% ± 0.80 pts" and the target, readably, and tables the band’s ends exactly', () => {
    const out = chart('0.008');
    expect(readability(out)).toEqual({ phone: [], desktop: [] });
    expect(svgContents(out.renderings.phone).texts.map((t) => t.lines[0])).toEqual(expect.arrayContaining(['+1.20% ± 0.80 pts', 'Target +2.00%']));
    const table = readTable(out.table);
    expect(table.rows[0].map((c) => c.value)).toEqual([null, '0.012', '0.008', '0.004', '0.02', '0.02']);
  });

  it('draws a figure without a band yet, and a negative one far from the target', () => {
    expect(readability(chart(null))).toEqual({ phone: [], desktop: [] });
    expect(readability(chart('0.031', '-0.0457'))).toEqual({ phone: [], desktop: [] });
    expect(readTable(chart(null).table).rows[0][2].text).toBe('–');
  });
});
