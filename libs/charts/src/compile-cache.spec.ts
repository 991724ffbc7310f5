import * as vega from 'vega';
import { compile } from 'vega-lite';
import { ShapeCache } from './compile-cache';
import { lineSpec } from './line-chart';
import { rowsSpec } from './rows-chart';
import { growth } from './spec-helpers';
import { COLOURS } from './style';

const layout = (labels: string[], values: (number | null)[], name: string) => ({
  xLabels: labels,
  series: [{ name, values, colour: COLOURS.blue, dash: [], points: true }],
  yTitle: 'Growth on the same months a year earlier (%)',
  format: growth,
  withZero: true,
  baseline: 0,
  plotHeight: { phone: 220, desktop: 260 },
});

describe('ShapeCache', () => {
  it('gives every spec of a shape exactly what compiling and parsing it gives, building the shape once', () => {
    const build = (spec: unknown) => vega.parse(compile(spec as Parameters<typeof compile>[0]).spec);
    const cache = new ShapeCache(build);
    const specs = [
      lineSpec(layout(['Apr 25', 'May 25', 'Jun 25'], [0.012, -0.004, 0.031], 'Productivity growth'), 300, 'phone'),
      lineSpec(layout(['Jul 25', 'Aug 25', 'Sep 25'], [0.013, -0.003, 0.029], 'Output "growth" \\ é'), 287.25, 'phone'),
      lineSpec(layout(['Oct 25', 'Nov 25', 'Dec 25'], [0.011, -0.005, 0.032], 'Input growth'), 312, 'phone'),
      lineSpec(layout(['Jan 26', 'Feb 26', 'Mar 26'], [-0.2, 0.05, null], 'Productivity growth'), 300, 'desktop'),
    ];
    for (const spec of specs) expect(JSON.stringify(cache.get(spec))).toBe(JSON.stringify(build(spec)));
    expect(cache.stats().reused).toBeGreaterThanOrEqual(1);
    expect(cache.stats().direct).toBe(0);
  });

  it('keeps specs whose figures differ in number or kind apart (rows of bars)', () => {
    const build = (spec: unknown) => compile(spec as Parameters<typeof compile>[0]).spec;
    const cache = new ShapeCache(build);
    const bars = (values: number[]) =>
      rowsSpec(
        {
          rows: values.map((v, i) => ({ label: `Row ${i}`, from: 0, to: v, colour: v < 0 ? COLOURS.red : COLOURS.blue, valueText: growth.format(String(v)), labelSide: 'outward' as const })),
          axisTitle: 'Contribution (%)',
          format: growth,
          withZero: true,
        },
        320,
        'phone',
      );
    for (const spec of [bars([0.01, -0.02]), bars([0.03, -0.01]), bars([0.01, 0.02, -0.005]), bars([-0.01, -0.02])]) {
      expect(cache.get(spec)).toEqual(build(spec));
    }
  });

  it('builds directly a shape whose build computes with a figure or writes it into other text', () => {
    const doubled = new ShapeCache((spec) => ({ twice: (spec as { width: number }).width * 2 }));
    expect(doubled.get({ width: 10 })).toEqual({ twice: 20 });
    expect(doubled.get({ width: 30 })).toEqual({ twice: 60 });
    expect(doubled.stats()).toEqual({ compiled: 1, reused: 0, direct: 1 });

    const ordered = new ShapeCache((spec) => {
      const [lo, hi] = (spec as { domain: number[] }).domain;
      return { domain: [lo, hi], rising: lo < hi };
    });
    expect(ordered.get({ domain: [1, 2] })).toEqual({ domain: [1, 2], rising: true });
    expect(ordered.get({ domain: [3, 2] })).toEqual({ domain: [3, 2], rising: false });
    expect(ordered.stats().reused).toBe(0);

    const prefixed = new ShapeCache((spec) => ({ text: `x${(spec as { title: string }).title}` }));
    expect(prefixed.get({ title: 'a' })).toEqual({ text: 'xa' });
    expect(prefixed.get({ title: 'b' })).toEqual({ text: 'xb' });
    expect(prefixed.stats().reused).toBe(0);

    const copied = new ShapeCache((spec) => ({ w: (spec as { width: number }).width, code: `f(${JSON.stringify((spec as { title: string }).title)})` }));
    expect(copied.get({ width: 10, title: 'a' })).toEqual({ w: 10, code: 'f("a")' });
    expect(copied.get({ width: 12, title: 'it\'s "b"' })).toEqual({ w: 12, code: 'f("it\'s \\"b\\"")' });
    expect(copied.stats()).toEqual({ compiled: 1, reused: 1, direct: 0 });
  });
});
