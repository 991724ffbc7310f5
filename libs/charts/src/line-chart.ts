// The line chart behind the month chart and the index chart: a few series over evenly spaced
// periods (months, financial years), told apart by colour and dash, with a legend under the plot.
// Periods are positions 0..n-1 on a linear axis whose ends leave half a label of room, so the
// first and last labels stay inside the plot; which labels show is chosen so that none overlaps
// its neighbour, counting back from the latest period (always labelled).
import type { TopLevelSpec } from 'vega-lite';
import type { Size } from './frame';
import { everyNth, labelLookup, tickLabels, ticksThatFit } from './scale';
import { COLOURS, LABEL_PADDING, specBase, TICK_SIZE } from './style';
import { FONT_SIZE, linesWidth, textWidth, wrapText } from './text';
import { UnitFormat } from './types';

export interface LineSeries {
  name: string;
  values: readonly (number | null)[];
  colour: string;
  dash: readonly number[];
  /** Data series show their points; reference paths (100, the 2% path) do not. */
  points: boolean;
  /** The last point is a year so far, drawn hollow. */
  lastInProgress?: boolean;
}

export interface LineLayout {
  /** One label per position, one or more lines each. */
  xLabels: readonly (string | readonly string[])[];
  series: readonly LineSeries[];
  yTitle: string;
  format: UnitFormat;
  /** Whether the y axis must include zero (growth) or may start near the data (an index). */
  withZero: boolean;
  /** A value drawn as a darker rule across the plot (0 for growth, 100 for an index). */
  baseline: number;
  plotHeight: Record<Size, number>;
}

const MIN_TICK_SPACING = 40;
const LABEL_GAP = 10;
/** A legend entry: the stroke symbol, the gap to its label, and the space before the next entry. */
const LEGEND_SYMBOL = 30;
const LEGEND_COLUMN_PADDING = 16;

interface Row {
  i: number;
  series: string;
  v: number | null;
  inProgress: boolean;
}

export function lineSpec(layout: LineLayout, plotWidth: number, size: Size): TopLevelSpec {
  const n = layout.xLabels.length;
  const height = layout.plotHeight[size];
  const all = layout.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const lo = Math.min(layout.baseline, ...all);
  const hi = Math.max(layout.baseline, ...all);
  const yTicks = ticksThatFit(lo, hi, height, MIN_TICK_SPACING, layout.withZero);
  const yTitle = wrapText(layout.yTitle, height, FONT_SIZE, true);

  // Room at each end: half the widest label, as a share of the step between periods.
  const widths = layout.xLabels.map((l) => linesWidth(typeof l === 'string' ? [l] : l));
  const half = Math.max(...widths) / 2 + 2;
  const pad = n === 1 ? 1 : Math.max(0.4, (half * (n - 1)) / Math.max(1, plotWidth - 2 * half));
  const spacing = n === 1 ? plotWidth : plotWidth / (n - 1 + 2 * pad);
  const shown = new Set(everyNth(n, spacing, widths, n - 1, LABEL_GAP));
  const xLabels = new Map(layout.xLabels.map((l, i) => [i, shown.has(i) ? l : '']));

  const names = layout.series.map((s) => s.name);
  const legendWidths = names.map((name) => LEGEND_SYMBOL + textWidth(name));
  const oneRow = legendWidths.reduce((a, b) => a + b, 0) + LEGEND_COLUMN_PADDING * (names.length - 1) <= plotWidth;
  const legendLabels = new Map(names.map((name) => [name, wrapText(name, plotWidth - LEGEND_SYMBOL)]));

  const rows: Row[] = layout.series.flatMap((s) =>
    s.values.map((v, i) => ({ i, series: s.name, v, inProgress: !!s.lastInProgress && i === s.values.length - 1 })),
  );
  const pointed = layout.series.filter((s) => s.points).map((s) => s.name);
  const x = {
    field: 'i',
    type: 'quantitative' as const,
    scale: { domain: [-pad, n - 1 + pad], nice: false, zero: false },
    axis: { values: Array.from({ length: n }, (_, i) => i), labelExpr: labelLookup(xLabels), title: null, grid: false, tickSize: TICK_SIZE, labelPadding: LABEL_PADDING },
  };
  const y = {
    field: 'v',
    type: 'quantitative' as const,
    scale: { domain: yTicks.domain, nice: false, zero: false },
    axis: { values: yTicks.values, labelExpr: labelLookup(tickLabels(yTicks, layout.format)), title: yTitle.length === 1 ? yTitle[0] : yTitle, grid: true },
  };
  const colour = { field: 'series', type: 'nominal' as const, scale: { domain: names, range: layout.series.map((s) => s.colour) } };
  const spec: TopLevelSpec = {
    ...specBase(height),
    width: plotWidth,
    data: { values: rows },
    layer: [
      { data: { values: [{}] }, mark: { type: 'rule', color: COLOURS.axis, strokeWidth: 1.5 }, encoding: { y: { datum: layout.baseline } } },
      {
        mark: { type: 'line', strokeWidth: 2.5, invalid: 'break-paths-filter-domains' },
        encoding: {
          x,
          y,
          color: {
            ...colour,
            legend: {
              title: null,
              orient: 'bottom',
              direction: 'horizontal',
              columns: oneRow ? names.length : 1,
              symbolType: 'stroke',
              labelExpr: labelLookup(legendLabels),
              symbolDashOffset: 0,
            },
          },
          strokeDash: { field: 'series', type: 'nominal', scale: { domain: names, range: layout.series.map((s) => [...s.dash]) } },
        },
      },
      {
        transform: [{ filter: { field: 'series', oneOf: pointed } }, { filter: 'isValid(datum.v) && !datum.inProgress' }],
        mark: { type: 'point', filled: true, size: 36, opacity: 1 },
        encoding: { x, y, color: colour },
      },
      {
        transform: [{ filter: { field: 'series', oneOf: pointed } }, { filter: 'isValid(datum.v) && datum.inProgress' }],
        mark: { type: 'point', filled: true, fill: 'white', size: 60, strokeWidth: 2.5, opacity: 1 },
        encoding: { x, y, stroke: colour },
      },
    ],
  };
  return spec;
}
