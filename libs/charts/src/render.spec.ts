import * as vega from 'vega';
import { lineSpec } from './line-chart';
import { accessibleSvg, vegaSvg, vegaSvgAsync } from './render';
import { growth } from './spec-helpers';
import { SERIES_STYLES } from './style';
import { readabilityProblems, svgTexts } from './svg-text';
import { textWidth, wrapText } from './text';

const layout = {
  xLabels: ['Apr 25', 'May 25', 'Jun 25'],
  series: [{ name: 'Productivity growth', values: [0.01, -0.004, null], colour: SERIES_STYLES[0].colour, dash: SERIES_STYLES[0].dash, points: true }],
  yTitle: 'Growth (%)',
  format: growth,
  withZero: true,
  baseline: 0,
  plotHeight: { phone: 200, desktop: 240 },
};

describe('rendering', () => {
  it('draws synchronously exactly what vega’s own toSVG draws, and leaves vega’s text measurer as it found it', async () => {
    const measurer = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width;
    const spec = lineSpec(layout, 300, 'phone');
    const sync = vegaSvg(spec);
    expect(sync.svg).toBe(await vegaSvgAsync(spec));
    expect(sync.svg).toContain('Apr 25');
    expect((vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width).toBe(measurer);
  });

  it('makes an accessible image: role, title and description it is labelled by, no script, no external reference, no mark roles', () => {
    const svg = accessibleSvg(vegaSvg(lineSpec(layout, 300, 'phone')), { id: 'growth-chart', title: 'A <b>title</b> & more', description: 'Says "what"' }, 'nhsp-chart__svg');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="nhsp-chart__svg" role="img" width="\d+" height="\d+" viewBox="0 0 \d+ \d+" aria-labelledby="growth-chart-title growth-chart-desc"/);
    expect(svg).toContain('<title id="growth-chart-title">A &lt;b&gt;title&lt;/b&gt; &amp; more</title><desc id="growth-chart-desc">Says &quot;what&quot;</desc>');
    expect(svg).not.toMatch(/<script|href=|url\(|<image|<foreignObject|\son\w+=/i);
    expect(svg).not.toMatch(/role="graphics|aria-roledescription|aria-hidden/);
    expect(() => accessibleSvg(vegaSvg(lineSpec(layout, 300, 'phone')), { id: '1 bad"id', title: '', description: '' }, 'x')).toThrow('chart id "1 bad"id" must start with a letter');
  });
});

describe('text', () => {
  it('estimates widths from Arial’s advances with a margin, wider for bold', () => {
    // "Feb 26": F 611 + e 556 + b 556 + space 278 + 2 556 + 6 556 = 3113/1000 em.
    expect(textWidth('Feb 26', 14)).toBeCloseTo(3.113 * 14 * 1.1, 6);
    expect(textWidth('Feb 26', 14, true)).toBeGreaterThan(textWidth('Feb 26', 14));
    expect(textWidth('WWW')).toBeGreaterThan(textWidth('iii') * 3);
  });

  it('wraps at spaces and after hyphens, never cutting a word', () => {
    const lines = wrapText('Non pay clinical supplies and services', 120);
    expect(lines.join(' ')).toBe('Non pay clinical supplies and services');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(120);
    expect(wrapText('Non-Elective Inpatient - Long Stay', 90)).toEqual(['Non-Elective', 'Inpatient -', 'Long Stay']);
    expect(wrapText('Non-Elective Inpatient - Long Stay', 60)).toEqual(['Non-', 'Elective', 'Inpatient', '- Long', 'Stay']);
    expect(wrapText('Supercalifragilisticexpialidocious', 50)).toEqual(['Supercalifragilisticexpialidocious']);
  });
});

describe('reading text back from an SVG', () => {
  const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">${body}</svg>`;

  it('places text through nested transforms, anchors, rotation and tspans', () => {
    const texts = svgTexts(
      svg(
        '<g transform="translate(10,20)"><g transform="translate(5,0)"><text text-anchor="end" transform="translate(100,30)" font-size="10px">ab</text></g>' +
          '<text text-anchor="middle" transform="translate(50,50) rotate(-90)" font-size="10px" font-weight="bold">cd</text></g>' +
          '<text transform="translate(0,80)" font-size="12px"><tspan>one</tspan><tspan x="0" dy="16">two &amp; three</tspan></text><text font-size="9px"/>',
      ),
    );
    expect(texts.map((t) => t.lines)).toEqual([['ab'], ['cd'], ['one', 'two & three']]);
    const ab = textWidth('ab', 10);
    expect(texts[0].box).toEqual({ x1: 115 - ab, y1: 42, x2: 115, y2: 52 });
    const cd = textWidth('cd', 10, true);
    // Rotated a quarter turn anticlockwise about its anchor: tall and thin, centred on y = 70.
    expect(texts[1].box.x1).toBeCloseTo(52, 6);
    expect(texts[1].box.x2).toBeCloseTo(62, 6);
    expect(texts[1].box.y1).toBeCloseTo(70 - cd / 2, 6);
    expect(texts[1].box.y2).toBeCloseTo(70 + cd / 2, 6);
    expect(texts[2].box).toMatchObject({ x1: 0, y1: 80 - 9.6, y2: 96 + 2.4 });
    expect(texts[2].bold).toBe(false);
    expect(texts[1].bold).toBe(true);
  });

  it('finds every kind of unreadable text', () => {
    const problems = readabilityProblems(
      svg(
        '<text transform="translate(10,20)" font-size="14px">Feb 26</text><text transform="translate(30,22)" font-size="14px">Mar 26</text>' +
          '<text transform="translate(190,60)" font-size="14px">cut</text><text transform="translate(10,90)" font-size="14px">Non pay clinical su\u2026</text>',
      ),
      200,
    );
    expect(problems).toEqual(['"Feb 26" overlaps "Mar 26"', '"cut" is cut by the edge', '"Non pay clinical su…" is truncated']);
    // The old charts: 13 px text in a 480 px drawing shown 366 px wide.
    expect(readabilityProblems('<svg viewBox="0 0 480 100"><text transform="translate(10,20)" font-size="13">A</text></svg>', 366)).toEqual(['"A" is 9.9 px']);
  });
});
