import { Exact } from '@nhsp/domain';
import { histogram, histogramBins } from './histogram';
import { growth, readability, readTable, trustGrowth } from './spec-helpers';
import { svgTexts } from './svg-text';

const VALUES = trustGrowth();
const chart = (markers = [{ label: 'England', value: '0.0037' }, { label: 'Target', value: '0.02' }], values: readonly (string | null)[] = VALUES) =>
  histogram({ id: 'growth-spread', title: 'Trusts by productivity growth, March 2026', values, markers, format: growth, axisTitle: 'Productivity growth, year to date' });

describe('histogram of trust growth', () => {
  const out = chart();

  it('is readable on a phone and on a desktop (194 trusts, outliers at −23% and +31%)', () => {
    expect(readability(out)).toEqual({ phone: [], desktop: [] });
  });

  it('puts the markers’ labels above every bar count, so they never meet', () => {
    for (const svg of Object.values(out.renderings)) {
      const texts = svgTexts(svg);
      const markers = texts.filter((t) => /^(England|Target) /.test(t.lines[0]));
      expect(markers.map((t) => t.lines[0]).sort()).toEqual(['England +0.37%', 'Target +2.00%']);
      const counts = texts.filter((t) => /^\d+$/.test(t.lines[0]));
      expect(counts.length).toBeGreaterThan(5);
      const lowestMarker = Math.max(...markers.map((t) => t.box.y2));
      expect(Math.min(...counts.map((t) => t.box.y1))).toBeGreaterThan(lowestMarker);
    }
  });

  it('labels the x axis along its length and titles it with its unit', () => {
    for (const svg of Object.values(out.renderings)) {
      const texts = svgTexts(svg);
      const ticks = texts.filter((t) => /^([+\u2212]\d+|0)%$/.test(t.lines[0]));
      expect(ticks.length).toBeGreaterThanOrEqual(4);
      const xs = ticks.map((t) => (t.box.x1 + t.box.x2) / 2);
      expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(0.6 * Number(/width="(\d+)"/.exec(svg)![1]));
      expect(texts.map((t) => t.lines.join(' ')).join('|')).toMatch(/Productivity growth, year to date \(%\); grey bars: below \u221210% or above \+10%/);
    }
  });

  it('counts each trust once, in the band its figure falls in, and leaves out the trust without one', () => {
    const table = readTable(out.table);
    expect(table.caption).toBe('Trusts by productivity growth, March 2026 (England +0.37%; Target +2.00%; 1 without a figure, not counted)');
    expect(table.headers).toEqual(['Productivity growth, year to date (%)', 'Number of trusts']);
    const counts = table.rows.map((r) => Number(r[1].value));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(193);
    const values = VALUES.filter((v): v is string => v !== null).map(Number);
    const bins = histogramBins(values.map((v) => new Exact(v)), [new Exact('0.0037'), new Exact('0.02')], new Exact('0.1'));
    expect(bins.map((b) => b.count)).toEqual(counts);
    bins.forEach((b, i) => {
      const inBin = values.filter((v) => (b.from === null ? v < -0.1 : b.to === null ? v > 0.1 : v >= b.from.toNumber() && (i === bins.length - 2 ? v <= b.to.toNumber() : v < b.to.toNumber())));
      expect(inBin.length).toBe(b.count);
    });
    expect(table.rows[0][0].text).toBe('below \u221210.00%');
    expect(table.rows.at(-1)![0].text).toBe('above +10.00%');
    expect(table.rows.at(-2)![0].text).toMatch(/ to \+10\.00%$/);
  });

  it('keeps markers a hair apart readable (England at +1.98%, target +2.00%) and markers at the same figure', () => {
    expect(readability(chart([{ label: 'England', value: '0.0198' }, { label: 'Target', value: '0.02' }]))).toEqual({ phone: [], desktop: [] });
    expect(readability(chart([{ label: 'England', value: '0.02' }, { label: 'Target', value: '0.02' }]))).toEqual({ phone: [], desktop: [] });
  });

  it('draws a small, tight group without open bars', () => {
    const tight = chart(undefined, ['0.011', '0.012', '0.0125', '0.019', '-0.004']);
    expect(readability(tight)).toEqual({ phone: [], desktop: [] });
    expect(readTable(tight.table).rows.some((r) => /below|above/.test(r[0].text))).toBe(false);
  });

  it('refuses a marker beyond the open bars and a figure that is not a number', () => {
    expect(() => chart([{ label: 'England', value: '0.15' }])).toThrow('histogram "growth-spread": a marker lies beyond the open end bars (±+10.00%)');
    expect(() => chart(undefined, ['0.01', 'x'])).toThrow('histogram "growth-spread", value 2: "x" is not a number');
  });
});
