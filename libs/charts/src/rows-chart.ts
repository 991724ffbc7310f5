// The horizontal-bar layout behind the waterfall, the bar list and the gap bars: one row per
// named item, the bar on a shared value axis at the bottom. Names are never cut: on a phone each
// name sits on its own line(s) above its bar, full width; where there is room (desktop) names
// take a column to the left, wrapped to at most two lines, else they too go above. A value label
// sits beyond the end of its bar, on the side away from zero (or from the benchmark), so it never
// lies across the zero line; the axis leaves room at both ends for the widest label each way. A
// note (a benchmark) is a line of its own under the name.
import type { TopLevelSpec } from 'vega-lite';
import type { Size } from './frame';
import { labelLookup, tickLabelsThatFit, ticksThatFit } from './scale';
import { COLOURS, specBase } from './style';
import { FONT_SIZE, LINE_HEIGHT, textWidth, wrapText } from './text';
import { UnitFormat } from './types';

export interface RowBar {
  label: string;
  bold?: boolean;
  /** The bar runs from `from` to `to` (a waterfall step, 0 to a value, a benchmark to a value). */
  from: number;
  to: number;
  colour: string;
  /** Written beyond the `to` end (or, with `from === to`, to the right). */
  valueText: string;
  /** A tick across the bar at this value (gap bars: the benchmark). */
  markAt?: number;
  /** A line under the name, in the secondary colour (gap bars: "Benchmark 28.90 days"). */
  note?: string;
  /** Where the value label goes: beyond the end away from zero ("outward"), or beyond `to`. */
  labelSide: 'outward' | 'to';
}

export interface RowsLayout {
  rows: readonly RowBar[];
  axisTitle: string;
  format: UnitFormat;
  /** The axis includes zero and a rule marks it (waterfalls, bar lists); gap bars need not. */
  withZero: boolean;
}

const BAR_HEIGHT = 18;
const ROW_GAP = 12;
const NAME_TO_BAR = 3;
const LABEL_OFFSET = 5;
/** Desktop names column: a share of the plot, used only where every name fits in two lines. */
const NAME_COLUMN_SHARE = 0.36;
const MIN_TICK_GAP = 16;
/** The least width left for the bars themselves, px. */
const MIN_BAR_RANGE = 80;

type Side = 'left' | 'right';

/** Which side of its bar a row's value label goes. */
export function labelSide(row: RowBar): Side {
  const lo = Math.min(row.from, row.to);
  const hi = Math.max(row.from, row.to);
  if (row.labelSide === 'to') return row.to >= row.from ? 'right' : 'left';
  if (hi <= 0 && lo < 0) return 'left';
  if (lo >= 0) return 'right';
  return row.to >= row.from ? 'right' : 'left';
}

interface Placed extends RowBar {
  nameLines: string[];
  noteLines: string[];
  nameY: number;
  noteY: number;
  barTop: number;
  barBottom: number;
  side: Side;
  valueAt: number;
}

/**
 * Where names and value labels go, tightest last: names beside the bars (desktop, where they fit
 * a column), names above; value labels beyond the bars' ends while that leaves MIN_BAR_RANGE px
 * for the bars, else written after the row's note under its name ("34.20 days · Benchmark
 * 28.90 days"), so long figures on a narrow plot still leave the bars their room.
 */
function arrange(layout: RowsLayout, plotWidth: number, size: Size) {
  const sided = layout.rows.map((r) => ({ ...r, side: labelSide(r) }));
  const columnWidth = Math.floor(plotWidth * NAME_COLUMN_SHARE);
  const columnLines = sided.map((r) => wrapText(r.label, columnWidth - 10, FONT_SIZE, !!r.bold));
  const fitsColumn = sided.every((r, i) => columnLines[i].length <= 2 && (r.note === undefined || textWidth(r.note) <= columnWidth - 10));
  const room = (side: Side) => Math.max(0, ...sided.map((r) => (r.side === side ? textWidth(r.valueText) : 0)));
  const range = (beside: boolean, valuesBeyond: boolean) => {
    const left = valuesBeyond ? room('left') : 0;
    const right = valuesBeyond ? room('right') : 0;
    const start = (beside ? columnWidth : 0) + (left ? left + LABEL_OFFSET + 2 : 0);
    const end = plotWidth - (right ? right + LABEL_OFFSET + 2 : 0);
    return { start, end };
  };
  const options = [
    ...(size === 'desktop' && fitsColumn ? [{ beside: true, valuesBeyond: true }] : []),
    { beside: false, valuesBeyond: true },
  ];
  const chosen = options.find((o) => {
    const { start, end } = range(o.beside, o.valuesBeyond);
    return end - start >= MIN_BAR_RANGE;
  }) ?? { beside: false, valuesBeyond: false };
  const rows = chosen.valuesBeyond
    ? sided
    : sided.map((r) => ({ ...r, note: r.note === undefined ? r.valueText : `${r.valueText} · ${r.note}`, valueText: '' }));
  const { start, end } = range(chosen.beside, chosen.valuesBeyond);
  return { rows, beside: chosen.beside, columnLines, rangeStart: start, rangeEnd: end };
}

export function rowsSpec(layout: RowsLayout, plotWidth: number, size: Size): TopLevelSpec {
  const { rows, beside, columnLines, rangeStart, rangeEnd } = arrange(layout, plotWidth, size);

  let y = 0;
  const placed: Placed[] = rows.map((r, i) => {
    const nameLines = beside ? columnLines[i] : wrapText(r.label, plotWidth, FONT_SIZE, !!r.bold);
    // A note is one line where it fits, else wrapped like the name (values written there can be long).
    const noteLines = r.note === undefined ? [] : wrapText(r.note, beside ? Math.floor(plotWidth * NAME_COLUMN_SHARE) - 10 : plotWidth);
    const namesHeight = (nameLines.length + noteLines.length) * LINE_HEIGHT;
    let barTop: number;
    let nameY: number;
    if (beside) {
      const rowHeight = Math.max(namesHeight, BAR_HEIGHT);
      nameY = y + (rowHeight - namesHeight) / 2;
      barTop = y + (rowHeight - BAR_HEIGHT) / 2;
      y += rowHeight + ROW_GAP;
    } else {
      nameY = y;
      barTop = y + namesHeight + NAME_TO_BAR;
      y = barTop + BAR_HEIGHT + ROW_GAP;
    }
    const lo = Math.min(r.from, r.to);
    const hi = Math.max(r.from, r.to);
    return {
      ...r,
      nameLines,
      noteLines,
      nameY,
      noteY: nameY + nameLines.length * LINE_HEIGHT,
      barTop,
      barBottom: barTop + BAR_HEIGHT,
      valueAt: r.labelSide === 'to' ? r.to : r.side === 'left' ? lo : hi,
    };
  });
  const height = Math.max(BAR_HEIGHT, y - ROW_GAP);

  const all = layout.rows.flatMap((r) => [r.from, r.to, ...(r.markAt === undefined ? [] : [r.markAt])]);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const widest = Math.max(...[lo, hi].map((v) => textWidth(layout.format.tick(v, Math.abs(hi - lo) || 1))));
  const ticks = ticksThatFit(lo, hi, rangeEnd - rangeStart, widest + MIN_TICK_GAP, layout.withZero);
  const xScale = { domain: ticks.domain, range: [rangeStart, rangeEnd], nice: false, zero: false };
  const xAxis = { values: ticks.values, labelExpr: labelLookup(tickLabelsThatFit(ticks, layout.format, rangeEnd - rangeStart, MIN_TICK_GAP)), title: wrapText(layout.axisTitle, plotWidth, FONT_SIZE, true), grid: beside, domain: false, orient: 'bottom' as const };
  const x = (field: string) => ({ field, type: 'quantitative' as const, scale: xScale, axis: xAxis });
  const px = (field: string) => ({ field, type: 'quantitative' as const, scale: null });
  const data = placed.map((p) => ({ ...p, barMid: (p.barTop + p.barBottom) / 2, markTop: p.barTop - 3, markBottom: p.barBottom + 3, zeroTop: 0, zeroBottom: height }));
  const zeroRule = beside ? [{ zero: 0, top: 0, bottom: height }] : placed.map((p) => ({ zero: 0, top: p.barTop - 3, bottom: p.barBottom + 3 }));
  const nameLayer = (bold: boolean) => ({
    data: { values: data.filter((d) => !!d.bold === bold) },
    mark: { type: 'text' as const, baseline: 'top' as const, align: 'left' as const, lineHeight: LINE_HEIGHT, fontWeight: bold ? ('bold' as const) : ('normal' as const) },
    encoding: { x: { value: 0 }, y: px('nameY'), text: { field: 'nameLines' } },
  });
  const valueLayer = (side: Side) => ({
    data: { values: data.filter((d) => d.side === side && d.valueText !== '') },
    // A label left of its bar ends at the bar (vega's align "right"); one to the right starts there.
    mark: { type: 'text' as const, baseline: 'middle' as const, align: side === 'left' ? ('right' as const) : ('left' as const), dx: side === 'left' ? -LABEL_OFFSET : LABEL_OFFSET },
    encoding: { x: x('valueAt'), y: px('barMid'), text: { field: 'valueText' } },
  });
  return {
    ...specBase(height),
    width: plotWidth,
    layer: [
      {
        data: { values: data },
        mark: { type: 'rect' },
        encoding: { x: x('from'), x2: { field: 'to' }, y: px('barTop'), y2: { field: 'barBottom' }, color: { field: 'colour', type: 'nominal', scale: null } },
      },
      // Zero: one rule down the bars' column beside the names; on a phone, where names run across
      // it, a stretch of rule at each bar.
      ...(layout.withZero ? [{ data: { values: zeroRule }, mark: { type: 'rule' as const, color: COLOURS.text, strokeWidth: 1.5 }, encoding: { x: x('zero'), y: px('top'), y2: { field: 'bottom' } } }] : []),
      // A row whose bar has no length and no tick (a value without a benchmark) shows its value as a dot.
      {
        data: { values: data.filter((d) => d.markAt === undefined && d.from === d.to) },
        mark: { type: 'point', filled: true, size: 80, opacity: 1 },
        encoding: { x: x('to'), y: px('barMid'), color: { field: 'colour', type: 'nominal', scale: null } },
      },
      {
        data: { values: data.filter((d) => d.markAt !== undefined) },
        mark: { type: 'rule', color: COLOURS.text, strokeWidth: 3 },
        encoding: { x: x('markAt'), y: px('markTop'), y2: { field: 'markBottom' } },
      },
      nameLayer(false),
      nameLayer(true),
      {
        data: { values: data.filter((d) => d.note !== undefined) },
        mark: { type: 'text', baseline: 'top', align: 'left', lineHeight: LINE_HEIGHT, color: COLOURS.secondaryText },
        encoding: { x: { value: 0 }, y: px('noteY'), text: { field: 'noteLines' } },
      },
      valueLayer('left'),
      valueLayer('right'),
    ],
  } as TopLevelSpec;
}
