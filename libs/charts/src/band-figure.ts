// "1.2% ± 0.8" as a picture (methodology §10): the figure as a dot, its stability band as the
// bar around it, zero and (optionally) the target as rules, the labels in a band above the plot
// placed like the histogram's markers so they never overlap. Where they do not fit beside their
// rules (a narrow plot, long figures), they stand in lines of their own above the plot, wrapped
// to its width, and the rules stop at the plot: nothing is cut and nothing overlaps.
import { Exact } from '@nhsp/domain';
import type { TopLevelSpec } from 'vega-lite';
import { drawChart } from './frame';
import { fitMarkerLabels } from './histogram';
import { labelLookup, tickLabelsThatFit, ticksThatFit, toNumber } from './scale';
import { COLOURS, specBase } from './style';
import { dataTable } from './table';
import { FONT_SIZE, LINE_HEIGHT, textWidth, wrapText } from './text';
import { ChartOutput, ChartText, Figure, UnitFormat } from './types';

export interface BandFigureOptions extends ChartText {
  /** What the figure is, e.g. "Productivity growth". */
  measure: string;
  value: Figure;
  /** The band's half-width (± this); null where there is none yet (fewer than 3 month moves). */
  band: Figure;
  /** The target as a rule, e.g. 0.02; omit for none. */
  target?: Figure;
  format: UnitFormat;
  /** How the band's width is written, e.g. "0.80 pts" (the glossary's unit for a spread). */
  bandFormat: UnitFormat;
  /** The axis's title without its unit, e.g. "Productivity growth, year to date". */
  axisTitle: string;
}

const PLOT_HEIGHT = 28;

export function bandFigure(o: BandFigureOptions): ChartOutput {
  const where = `band figure "${o.id}"`;
  const value = toNumber(o.value, `${where}, value`);
  const band = toNumber(o.band, `${where}, band`);
  const target = o.target === undefined ? null : toNumber(o.target, `${where}, target`);
  if (value === null || o.value === null) throw new Error(`${where}: no value`);
  if (band !== null && band < 0) throw new Error(`${where}: the band ${o.band} is negative`);
  const low = o.band === null ? null : new Exact(o.value).minus(o.band).toString();
  const high = o.band === null ? null : new Exact(o.value).plus(o.band).toString();
  const figureText = `${o.format.format(o.value)}${o.band === null ? '' : ` ± ${o.bandFormat.format(o.band)}`}`;
  const targetText = target === null ? '' : `Target ${o.format.format(o.target!)}`;
  const description =
    o.description ??
    `${o.measure}: ${figureText}${o.band === null ? ' (no band yet)' : `, from ${o.format.format(low!)} to ${o.format.format(high!)}`}${target === null ? '' : `; target ${o.format.format(o.target!)}`}.`;
  const table = dataTable({
    id: `${o.id}-table`,
    caption: o.title,
    rows: [o],
    columns: [
      { header: 'Measure', rowHeader: true, text: (r) => r.measure },
      { header: 'Figure', unit: o.format.unit, text: () => o.format.format(o.value!), figure: () => o.value },
      { header: 'Band (±)', unit: o.bandFormat.unit, text: () => (o.band === null ? '–' : o.bandFormat.format(o.band)), figure: () => o.band },
      { header: 'Low', unit: o.format.unit, text: () => (low === null ? '–' : o.format.format(low)), figure: () => low },
      { header: 'High', unit: o.format.unit, text: () => (high === null ? '–' : o.format.format(high)), figure: () => high },
      ...(target === null ? [] : [{ header: 'Target', unit: o.format.unit, text: () => o.format.format(o.target!), figure: () => o.target! }]),
    ],
  });

  const points = [value, 0, ...(band === null ? [] : [value - band, value + band]), ...(target === null ? [] : [target])];
  return drawChart({ ...o, description }, table, (plotWidth): TopLevelSpec => {
    const widest = Math.max(...points.map((p) => textWidth(o.format.tick(p, 0.01))));
    const ticks = ticksThatFit(Math.min(...points), Math.max(...points), plotWidth, widest + 16, true);
    const [lo, hi] = ticks.domain;
    const xPx = (v: number) => ((v - lo) / (hi - lo)) * plotWidth;
    const markers = [{ text: figureText, x: xPx(value), at: value, colour: COLOURS.darkBlue }, ...(target === null ? [] : [{ text: targetText, x: xPx(target), at: target, colour: COLOURS.text }])];
    const beside = fitMarkerLabels(markers, plotWidth);
    const rowY = (row: number) => -(row * LINE_HEIGHT) - 6;
    const marks =
      typeof beside === 'string'
        ? markers.map((m) => ({ ...m, anchor: 'none', top: 0 }))
        : beside.map((p, i) => ({ ...p, at: markers[i].at, y: rowY(p.row), top: rowY(p.row) - FONT_SIZE * 0.8, colour: markers[i].colour }));
    const stacked = typeof beside === 'string' ? stackedLines(markers.map((m) => m.text), plotWidth).map((l) => ({ ...l, y: rowY(l.row) })) : [];
    const xScale = { domain: ticks.domain, range: [0, plotWidth], nice: false, zero: false };
    const xAxis = { values: ticks.values, labelExpr: labelLookup(tickLabelsThatFit(ticks, o.format, plotWidth, 16)), title: wrapText(`${o.axisTitle} (${o.format.unit})`, plotWidth, FONT_SIZE, true), grid: false };
    const x = (field: string) => ({ field, type: 'quantitative' as const, scale: xScale, axis: xAxis });
    const px = (field: string) => ({ field, type: 'quantitative' as const, scale: null });
    return {
      ...specBase(PLOT_HEIGHT),
      width: plotWidth,
      layer: [
        ...(band === null ? [] : [{ data: { values: [{ low: value - band, high: value + band, top: 6, bottom: PLOT_HEIGHT - 6 }] }, mark: { type: 'rect' as const, color: COLOURS.paleBlue }, encoding: { x: x('low'), x2: { field: 'high' }, y: px('top'), y2: { field: 'bottom' } } }]),
        { data: { values: [{ zero: 0, top: 0, bottom: PLOT_HEIGHT }] }, mark: { type: 'rule', color: COLOURS.axis, strokeWidth: 1.5 }, encoding: { x: x('zero'), y: px('top'), y2: { field: 'bottom' } } },
        { data: { values: marks }, mark: { type: 'rule', strokeWidth: 2, strokeDash: [5, 3] }, encoding: { x: x('at'), y: px('top'), y2: { datum: PLOT_HEIGHT }, color: { field: 'colour', type: 'nominal', scale: null } } },
        { data: { values: [{ v: value, mid: PLOT_HEIGHT / 2 }] }, mark: { type: 'point', filled: true, size: 110, opacity: 1, color: COLOURS.darkBlue }, encoding: { x: x('v'), y: px('mid') } },
        ...(['start', 'end'] as const).map((anchor) => ({
          data: { values: marks.filter((m) => m.anchor === anchor) },
          mark: { type: 'text' as const, baseline: 'alphabetic' as const, fontWeight: 'bold' as const, align: anchor === 'start' ? ('left' as const) : ('right' as const), dx: anchor === 'start' ? 4 : -4 },
          encoding: { x: x('at'), y: px('y'), text: { field: 'text' } },
        })),
        ...(stacked.length ? [{ data: { values: stacked }, mark: { type: 'text' as const, baseline: 'alphabetic' as const, fontWeight: 'bold' as const, align: 'left' as const }, encoding: { x: { value: 0 }, y: px('y'), text: { field: 'text' } } }] : []),
      ],
    } as TopLevelSpec;
  });
}

/** Labels one under the other above the plot, in reading order (the figure first), each wrapped to its width. */
function stackedLines(texts: readonly string[], plotWidth: number): Array<{ text: string; row: number }> {
  const lines = texts.flatMap((text) => wrapText(text, plotWidth, FONT_SIZE, true));
  return lines.map((text, i) => ({ text, row: lines.length - 1 - i }));
}
