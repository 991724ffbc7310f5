// Property-style: the band figure and the gap bars draw, readably, for any valid data in any box
// the pages may give them (narrow phones to wide desktops, one row to dozens, short names to
// long ones, small figures to millions). They once threw on tight layouts and the report page
// fell back to the table alone. Seeded, so every run checks the same cases.
import { gapBars, GapRow } from './bar-charts';
import { bandFigure } from './band-figure';
import { days, growth, pounds, seeded } from './spec-helpers';
import { readabilityProblems, svgContents, svgSize } from './svg-text';
import { ChartOutput, UnitFormat } from './types';

const points: UnitFormat = { unit: 'percentage points', format: (v) => `${(Number(v) * 100).toFixed(2)} pts`, tick: (v) => String(v) };
const WORDS = ['Adult', 'acute', 'Learning', 'disability', 'and', 'autism', 'inpatient', 'services', 'non-elective', 'Psychiatric-intensive-care-unit-(PICU)', 'Children/young-people'];
/** A format and the size its figures come in (days of stay, pounds of opportunity, growth). */
const FORMATS: Array<{ format: UnitFormat; spread: UnitFormat; scale: number }> = [
  { format: days, spread: days, scale: 500 },
  { format: pounds, spread: pounds, scale: 2e7 },
  { format: growth, spread: points, scale: 0.6 },
];

/** What would make a drawing unreadable, and whether it has the box's exact width. */
function problems(chart: ChartOutput, sizes: { phone: number; desktop: number }): string[] {
  return (['phone', 'desktop'] as const).flatMap((size) => {
    const svg = chart.renderings[size];
    const width = svgSize(svg).width;
    return [...readabilityProblems(svg, sizes[size]), ...(width === sizes[size] ? [] : [`${size} drawing is ${width} px wide, not ${sizes[size]}`])].map((p) => `${size}: ${p}`);
  });
}

/** All a drawing shows, without spaces: a label wrapped after a hyphen reads as it was given. */
const unspaced = (text: string) => text.replace(/\s+/g, '');
const shownText = (svg: string) => unspaced(svgContents(svg).texts.map((t) => t.lines.join('')).join('|'));

interface Case {
  name: string;
  sizes: { phone: number; desktop: number };
  f: (typeof FORMATS)[number];
}

function cases(seed: number, count: number): Array<Case & { next: () => number }> {
  const next = seeded(seed);
  return Array.from({ length: count }, (_, k) => {
    // Both ends of the allowed range and the real page widths, then random ones between.
    const phone = [280, 358, 420][k] ?? 280 + Math.floor(next() * 160);
    const desktop = [280, 640, 1100][k] ?? 280 + Math.floor(next() * 820);
    return { name: `case ${k}: phone ${phone}, desktop ${desktop}, ${FORMATS[k % 3].format.unit}`, sizes: { phone, desktop }, f: FORMATS[k % 3], next };
  });
}

describe('band figure in tight boxes', () => {
  it.each(cases(3, 36).map((c) => [c.name, c] as const))('%s: draws readably and shows the figure and target in full', (_, c) => {
    const { next, f } = c;
    const value = ((next() - 0.5) * f.scale).toFixed(4);
    const band = next() < 0.2 ? null : (next() * f.scale).toFixed(4);
    const target = next() < 0.3 ? undefined : ((next() - 0.5) * f.scale * 3).toFixed(4);
    const chart = bandFigure({ id: 'band', title: 'How steady the figure is', measure: 'Productivity growth', value, band, target, format: f.format, bandFormat: f.spread, axisTitle: 'Productivity growth, year to date', sizes: c.sizes });

    expect(problems(chart, c.sizes)).toEqual([]);
    const figure = `${f.format.format(value)}${band === null ? '' : ` ± ${f.spread.format(band)}`}`;
    for (const size of ['phone', 'desktop'] as const) {
      expect(shownText(chart.renderings[size])).toContain(unspaced(figure));
      if (target !== undefined) expect(shownText(chart.renderings[size])).toContain(unspaced(`Target ${f.format.format(target)}`));
    }
  });
});

describe('gap bars in tight boxes', () => {
  const label = (next: () => number, words: number, i: number) => [...Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]), String(i + 1)].join(' ');

  it.each(cases(5, 30).map((c) => [c.name, c] as const))('%s: draws readably, every name and figure shown', (_, c) => {
    const { next, f } = c;
    const count = 1 + Math.floor(next() * 24);
    const words = Math.floor(next() * 16);
    const rows: GapRow[] = Array.from({ length: count }, (_, i) => ({
      label: label(next, 1 + Math.floor(next() * words), i),
      value: ((next() - 0.3) * f.scale).toFixed(2),
      benchmark: next() < 0.2 ? null : ((next() - 0.3) * f.scale).toFixed(2),
    }));
    const chart = gapBars({ id: 'gaps', title: 'Length of stay by ward type', rows, direction: next() < 0.5 ? 'lower_is_better' : 'higher_is_better', format: f.format, axisTitle: 'Length of stay by ward type and long axis title', nameHeader: 'Ward type', sizes: c.sizes });

    expect(problems(chart, c.sizes)).toEqual([]);
    for (const size of ['phone', 'desktop'] as const) {
      const shown = shownText(chart.renderings[size]);
      for (const row of rows) {
        expect(shown).toContain(unspaced(row.label));
        expect(shown).toContain(unspaced(f.format.format(row.value!)));
      }
    }
  });
});
