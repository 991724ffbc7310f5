import { Exact } from '@nhsp/domain';
import { growth, INPUT_STEPS, POD_STEPS, readability, readTable } from './spec-helpers';
import { svgContents, SvgText } from './svg-text';
import { Step, waterfall, waterfallSteps } from './waterfall';

const chart = (steps: readonly Step[] = INPUT_STEPS, id = 'input-waterfall') =>
  waterfall({ id, title: 'What made up input growth', steps, totalLabel: 'Input growth', format: growth, axisTitle: 'Contribution to input growth', stepHeader: 'Cost category' });

/** The x of the zero line: the middle of the "0%" tick label under it. */
function zeroX(texts: SvgText[]): number {
  const zero = texts.find((t) => /^0(\.0+)?%$/.test(t.lines[0]))!;
  return (zero.box.x1 + zero.box.x2) / 2;
}

describe('waterfall of contributions', () => {
  const out = chart();

  it('is readable on a phone and on a desktop, no value label on a bar', () => {
    expect(readability(out)).toEqual({ phone: [], desktop: [] });
  });

  it('shows every name in full, wrapped where it must be, never cut', () => {
    for (const svg of Object.values(out.renderings)) {
      const names = svgContents(svg).texts.map((t) => t.lines.join(' '));
      for (const step of INPUT_STEPS) expect(names).toContain(step.label);
      expect(names).toContain('Input growth');
    }
  });

  it('never lays a value label across the zero line, even for a step that ends just short of it', () => {
    // +0.30% rises from −0.35% to −0.05%: its label goes left of the bar, not over zero.
    const nearZero = chart([{ label: 'Pay: agency staff', value: '-0.0035' }, { label: 'Non-pay: other', value: '0.0030' }, { label: 'Non-pay: drugs', value: '0.0010' }], 'near-zero');
    for (const chartOut of [out, nearZero]) {
      for (const svg of Object.values(chartOut.renderings)) {
        const { texts } = svgContents(svg);
        const zero = zeroX(texts);
        const values = texts.filter((t) => /^[+\u2212]\d+\.\d\d%$/.test(t.lines[0]));
        expect(values.length).toBeGreaterThanOrEqual(3);
        for (const t of values) expect(t.box.x1 > zero || t.box.x2 < zero).toBe(true);
      }
    }
    expect(readability(nearZero)).toEqual({ phone: [], desktop: [] });
  });

  it('ends its total at the exact sum of the steps, and tables every step with its running total', () => {
    const table = readTable(out.table);
    const total = INPUT_STEPS.reduce((s, x) => s.plus(x.value), new Exact(0)).toString();
    expect(table.caption).toBe(`What made up input growth (the steps add up to ${growth.format(total)})`);
    expect(table.headers).toEqual(['Cost category', 'Contribution to input growth (%)', 'Running total (%)']);
    expect(table.rows.map((r) => r[0].text)).toEqual([...INPUT_STEPS.map((s) => s.label), 'Input growth']);
    expect(table.rows.map((r) => r[1].value)).toEqual([...INPUT_STEPS.map((s) => new Exact(s.value).toString()), total]);
    expect(table.rows.at(-1)![2].value).toBe(total);
    expect(table.rows[2][2].value).toBe('0.02602');
    expect(table.rows.map((r) => r[1].text)).toEqual([...INPUT_STEPS.map((s) => growth.format(s.value)), growth.format(total)]);
  });

  it('draws all 26 points of delivery by their NCC names', () => {
    const pods = chart(POD_STEPS, 'pods');
    expect(readability(pods)).toEqual({ phone: [], desktop: [] });
    expect(readTable(pods.table).rows).toHaveLength(27);
  });

  it('adds steps exactly, and refuses a step without a value', () => {
    expect(waterfallSteps([{ label: 'a', value: '0.1' }, { label: 'b', value: '0.2' }]).total).toBe('0.3');
    expect(() => chart([{ label: 'Pay: bank staff', value: null }])).toThrow('waterfall "input-waterfall": step 1 ("Pay: bank staff") has no value');
  });
});
