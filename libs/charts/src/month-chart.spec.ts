import { monthChart } from './month-chart';
import { growth, readability, readTable } from './spec-helpers';
import { svgTexts } from './svg-text';

const MONTHS = ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
// A trust's year to date as the API gives it: exact decimal strings, a missing month, both signs.
const PRODUCTIVITY = ['-0.0412', '-0.0187', '-0.00635', '0.00212', null, '0.0108', '0.0143', '0.0129', '0.0171', '0.0199', '0.0214', '0.0236'];
const OUTPUT = ['0.0561', '0.0493', '0.0448', '0.0422', null, '0.0431', '0.0440', '0.0418', '0.0437', '0.0452', '0.0449', '0.0461'];
const INPUT = ['0.1015', '0.0693', '0.0515', '0.0400', null, '0.0320', '0.0293', '0.0285', '0.0262', '0.0248', '0.0231', '0.0220'];

const chart = (months = MONTHS, series: { name: string; values: readonly (string | number | null)[] }[] = [
  { name: 'Productivity growth', values: PRODUCTIVITY },
  { name: 'Output growth (cost-weighted activity)', values: OUTPUT },
  { name: 'Input growth (real-terms spend)', values: INPUT },
]) =>
  monthChart({ id: 'trust-months', title: 'Northumbria Healthcare NHS Foundation Trust: growth by month', months, series, format: growth, axisTitle: 'Growth on a year earlier' });

describe('month chart', () => {
  const out = chart();

  it('is readable on a phone and on a desktop: 12 px text or more, nothing overlapping, cut or shortened', () => {
    expect(readability(out)).toEqual({ phone: [], desktop: [] });
  });

  it('has a y axis titled with its unit and at least four readable ticks, zero among them', () => {
    for (const svg of Object.values(out.renderings)) {
      const lines = svgTexts(svg).map((t) => t.lines.join(' '));
      expect(lines).toContain('Growth on a year earlier (%)');
      const ticks = lines.filter((l) => /^([+\u2212]\d+(\.\d+)?|0(\.0+)?)%$/.test(l));
      expect(ticks.length).toBeGreaterThanOrEqual(4);
      expect(ticks).toContain(ticks.find((t) => /^0(\.0+)?%$/.test(t)));
      expect(ticks.some((t) => t.startsWith('\u2212'))).toBe(true);
    }
  });

  it('labels the latest month always, and as many others as fit without touching', () => {
    const labelled = (svg: string) => svgTexts(svg).map((t) => t.lines.join(' ')).filter((l) => /^[A-Z][a-z]{2} \d{2}$/.test(l));
    const phone = labelled(out.renderings.phone);
    const desktop = labelled(out.renderings.desktop);
    expect(phone).toContain('Mar 26');
    expect(desktop).toContain('Mar 26');
    expect(phone.length).toBeGreaterThanOrEqual(3);
    expect(desktop.length).toBeGreaterThan(phone.length);
  });

  it('names every series in a legend', () => {
    for (const svg of Object.values(out.renderings)) {
      const text = svgTexts(svg).map((t) => t.lines.join(' ')).join('|');
      for (const name of ['Productivity growth', 'Output growth (cost-weighted activity)', 'Input growth (real-terms spend)']) expect(text).toContain(name);
    }
  });

  it('gives a table of the same figures: a caption, header cells with the unit, one row per month, exact values', () => {
    const table = readTable(out.table);
    expect(table.caption).toBe('Northumbria Healthcare NHS Foundation Trust: growth by month');
    expect(table.headers).toEqual(['Month', 'Productivity growth (%)', 'Output growth (cost-weighted activity) (%)', 'Input growth (real-terms spend) (%)']);
    expect(table.rows.map((r) => r[0].text)).toEqual(['April 2025', 'May 2025', 'June 2025', 'July 2025', 'August 2025', 'September 2025', 'October 2025', 'November 2025', 'December 2025', 'January 2026', 'February 2026', 'March 2026']);
    expect(table.rows.every((r) => r[0].header)).toBe(true);
    expect(table.rows.map((r) => r[1].value)).toEqual(PRODUCTIVITY);
    expect(table.rows.map((r) => r[3].value)).toEqual(INPUT);
    expect(table.rows.map((r) => r[1].text)).toEqual(PRODUCTIVITY.map((v) => (v === null ? '–' : growth.format(v))));
    expect(table.rows[0][1].text).toBe('\u22124.12%');
    expect(out.table).toMatch(/<th scope="col"/);
  });

  it('describes itself with each series’ latest figure', () => {
    expect(out.renderings.phone).toContain('<desc id="trust-months-phone-desc">Growth on a year earlier (%), April 2025 to March 2026. Productivity growth: +2.36% in March 2026.');
    expect(out.svg).toContain('<div class="nhsp-chart" id="trust-months"><div class="nhsp-chart__phone"><svg');
  });

  it('escapes names from data in the drawing and the table', () => {
    const hostile = chart(MONTHS.slice(0, 3), [{ name: '<script>alert(1)</script> & co', values: ['0.01', '-0.02', '0.03'] }]);
    for (const markup of [hostile.svg, hostile.table]) {
      expect(markup).not.toContain('<script>');
      expect(markup).toContain('&lt;script&gt;');
    }
  });

  it('draws a single month, and wide-ranging figures, still readably', () => {
    expect(readability(chart(['2025-04'], [{ name: 'Productivity growth', values: ['0.012'] }]))).toEqual({ phone: [], desktop: [] });
    expect(readability(chart(MONTHS, [{ name: 'Productivity growth', values: MONTHS.map((_, i) => (i - 6) * 0.0417) }]))).toEqual({ phone: [], desktop: [] });
  });

  it('refuses data it cannot draw, saying what and where', () => {
    expect(() => chart(MONTHS, [{ name: 'Productivity growth', values: ['0.01'] }])).toThrow('month chart "trust-months": series "Productivity growth" has 1 values for 12 months');
    expect(() => chart(['2025-13'], [{ name: 'P', values: ['0.01'] }])).toThrow('month chart "trust-months", month 1: month 13 is not 1..12');
    expect(() => chart(['2025-04'], [{ name: 'P', values: ['n/a'] }])).toThrow('month chart "trust-months", series "P", 2025-04: "n/a" is not a number');
  });
});
