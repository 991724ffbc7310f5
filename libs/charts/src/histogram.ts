// How trusts' growth is spread (the England page): bars of the number of trusts in each band of
// growth, each bar's count written above it, markers for England's figure and for the target
// whose labels sit in their own band above the plot (so they never meet a count), an x axis
// labelled along its length and titled with its unit. Growth beyond ±outlierBeyond (methodology
// §6's OUTLIER threshold, 10%) falls into grey open bars at the ends, so that a few outliers do
// not squeeze everyone else into two bars.
import Decimal from 'decimal.js';
import { Exact } from '@nhsp/domain';
import type { TopLevelSpec } from 'vega-lite';
import { drawChart, Size } from './frame';
import { everyNth, labelLookup, toNumber } from './scale';
import { COLOURS, specBase } from './style';
import { dataTable } from './table';
import { FONT_SIZE, LINE_HEIGHT, textWidth, wrapText } from './text';
import { ChartOutput, ChartText, DEFAULT_SIZES, Figure, UnitFormat } from './types';

export interface Marker {
  /** e.g. "England", "Target". */
  label: string;
  value: Figure;
}

export interface HistogramOptions extends ChartText {
  /** One figure per trust; null (no estimate) is left out and said so in the table's caption. */
  values: readonly Figure[];
  markers: readonly Marker[];
  format: UnitFormat;
  /** The x axis's title without its unit, e.g. "Productivity growth, year to date". */
  axisTitle: string;
  /** What a bar counts (plural), for the y axis and the table: "trusts". */
  countNoun?: string;
  /** Figures further than this from zero go in the open end bars (default 0.1, §6's OUTLIER). */
  outlierBeyond?: Figure;
}

export interface Bin {
  /** Null for the open bar below the range. */
  from: Decimal | null;
  /** Null for the open bar above the range. */
  to: Decimal | null;
  count: number;
}

const MAX_BINS = 16;
/** Space for the y axis's title and the plot's edge on a phone, before bars are sized. */
const PHONE_AXIS_ROOM = 40;
const STEP_FACTORS = [1, 2, 2.5, 5];

/** Candidate bin widths, 1, 2, 2.5 or 5 × a power of ten, from fine to coarse. */
function candidateSteps(span: Decimal): Decimal[] {
  const start = span.isZero() ? -3 : Math.floor(Math.log10(span.toNumber() / MAX_BINS)) - 1;
  return Array.from({ length: 6 }, (_, k) => STEP_FACTORS.map((f) => new Exact(10).pow(start + k).times(f))).flat();
}

/**
 * Equal bins over [lo, hi), the last one closed, on whole multiples of the step: the finest step
 * with at most MAX_BINS bars whose counts (written above them) fit a phone's bar width. Figures
 * more than `beyond` from zero go in open bars at the ends (strictly more: "outside ±10%").
 */
export function histogramBins(values: readonly Decimal[], markers: readonly Decimal[], beyond: Decimal | null, phoneWidth = DEFAULT_SIZES.phone): Bin[] {
  const inside = beyond === null ? values : values.filter((v) => v.abs().lte(beyond));
  const below = beyond === null ? 0 : values.filter((v) => v.lt(beyond.neg())).length;
  const above = beyond === null ? 0 : values.filter((v) => v.gt(beyond)).length;
  // With figures beyond the range, the range runs to its edge, so the open bar is "below −10%".
  const span = [...inside, ...markers, ...(below ? [beyond!.neg()] : []), ...(above ? [beyond!] : [])];
  if (span.length === 0) return [];
  const min = Exact.min(...span);
  const max = Exact.max(...span);
  for (const step of candidateSteps(max.minus(min))) {
    const lo = min.div(step).floor().times(step);
    let hi = max.div(step).ceil().times(step);
    if (hi.eq(lo)) hi = lo.plus(step);
    const n = hi.minus(lo).div(step).toNumber();
    if (n > MAX_BINS) continue;
    const bins: Bin[] = Array.from({ length: n }, (_, i) => ({ from: lo.plus(step.times(i)), to: lo.plus(step.times(i + 1)), count: 0 }));
    for (const v of inside) bins[Math.min(n - 1, v.minus(lo).div(step).floor().toNumber())].count++;
    const all = [...(below ? [{ from: null, to: lo, count: below }] : []), ...bins, ...(above ? [{ from: hi, to: null, count: above }] : [])];
    const barWidth = (phoneWidth - PHONE_AXIS_ROOM) / all.length;
    const widest = Math.max(...all.map((b) => textWidth(String(b.count))));
    if (widest + 2 <= barWidth || step.eq(candidateSteps(max.minus(min)).at(-1)!)) return all;
  }
  throw new Error('histogram: no bin width fits');
}

interface Placed {
  text: string;
  x: number;
  anchor: 'start' | 'end';
  row: number;
  left: number;
  right: number;
}

const MARKER_GAP = 6;

/**
 * Marker labels in rows above the plot: each beside its rule (to the left or right, whichever
 * fits), in the lowest row where it overlaps no other label and crosses no rule that rises
 * through that row.
 */
export function placeMarkerLabels(markers: readonly { text: string; x: number }[], plotWidth: number): Placed[] {
  const placed = fitMarkerLabels(markers, plotWidth);
  if (typeof placed === 'string') throw new Error(`histogram: no room for the marker label "${placed}"`);
  return placed;
}

/** placeMarkerLabels, or the text of the first label that finds no room (the caller falls back). */
export function fitMarkerLabels(markers: readonly { text: string; x: number }[], plotWidth: number): Placed[] | string {
  const placed: Placed[] = [];
  const order = markers.map((m, i) => ({ ...m, i })).sort((a, b) => a.x - b.x);
  const result: Placed[] = new Array(markers.length);
  for (const [k, m] of order.entries()) {
    const w = textWidth(m.text, FONT_SIZE, true);
    const preferred: ('start' | 'end')[] = k < order.length / 2 - 0.5 ? ['end', 'start'] : ['start', 'end'];
    for (let row = 0; row < markers.length + 1; row++) {
      const fit = preferred
        .map((anchor) => ({ anchor, left: anchor === 'start' ? m.x + 4 : m.x - 4 - w, right: anchor === 'start' ? m.x + 4 + w : m.x - 4 }))
        .find(({ left, right }) => {
          if (left < 0 || right > plotWidth) return false;
          if (placed.some((p) => p.row === row && left < p.right + MARKER_GAP && right > p.left - MARKER_GAP)) return false;
          // A rule rises to its own label's row; it must not cross this label, nor this rule that label.
          if (placed.some((p) => p.row >= row && p.x > left - 2 && p.x < right + 2)) return false;
          if (placed.some((p) => p.row <= row && m.x > p.left - 2 && m.x < p.right + 2)) return false;
          return true;
        });
      if (fit) {
        const p = { text: m.text, x: m.x, row, ...fit };
        placed.push(p);
        result[m.i] = p;
        break;
      }
    }
    if (!result[m.i]) return m.text;
  }
  return result;
}

export function histogram(o: HistogramOptions): ChartOutput {
  const where = `histogram "${o.id}"`;
  const noun = o.countNoun ?? 'trusts';
  const given = o.values.map((v, i) => toNumber(v, `${where}, value ${i + 1}`));
  const values = o.values.filter((v, i) => given[i] !== null).map((v) => new Exact(v!));
  const markers = o.markers.map((m) => {
    if (toNumber(m.value, `${where}, marker "${m.label}"`) === null) throw new Error(`${where}: marker "${m.label}" has no value`);
    return { label: m.label, value: new Exact(m.value!) };
  });
  const beyondFigure = o.outlierBeyond === undefined ? '0.1' : o.outlierBeyond;
  const beyond = beyondFigure === null ? null : new Exact(beyondFigure).abs();
  if (beyond !== null && markers.some((m) => m.value.abs().gt(beyond))) throw new Error(`${where}: a marker lies beyond the open end bars (±${o.format.format(beyond.toString())})`);
  const bins = histogramBins(values, markers.map((m) => m.value), beyond, (o.sizes ?? DEFAULT_SIZES).phone);
  if (bins.length === 0) throw new Error(`${where}: nothing to draw`);

  const f = (d: Decimal) => o.format.format(d.toString());
  const range = (b: Bin) => (b.from === null ? `below ${f(b.to!)}` : b.to === null ? `above ${f(b.from)}` : `${f(b.from)} to under ${f(b.to)}`);
  const lastRegular = bins.filter((b) => b.from !== null && b.to !== null).at(-1);
  const rangeText = (b: Bin) => (b === lastRegular ? `${f(b.from!)} to ${f(b.to!)}` : range(b));
  const missing = o.values.length - values.length;
  const markerText = markers.map((m) => `${m.label} ${f(m.value)}`).join('; ');
  const caption = `${o.title} (${markerText}${missing ? `; ${missing} without a figure, not counted` : ''})`;
  const description =
    o.description ??
    `${values.length} ${noun} by ${o.axisTitle.toLowerCase()} (${o.format.unit}): ` + bins.filter((b) => b.count > 0).map((b) => `${b.count} ${rangeText(b)}`).join(', ') + `. ${markerText}.`;
  const table = dataTable({
    id: `${o.id}-table`,
    caption,
    rows: bins,
    columns: [
      { header: o.axisTitle, unit: o.format.unit, rowHeader: true, text: rangeText },
      { header: `Number of ${noun}`, text: (b) => String(b.count), figure: (b) => b.count },
    ],
  });
  return drawChart({ ...o, description }, table, (plotWidth, size) => histogramSpec(o, bins, markers, plotWidth, size, noun));
}

function histogramSpec(o: HistogramOptions, bins: Bin[], markers: { label: string; value: Decimal }[], plotWidth: number, size: Size, noun: string): TopLevelSpec {
  const height = size === 'phone' ? 200 : 240;
  const regular = bins.filter((b) => b.from !== null && b.to !== null);
  const step = regular[0].to!.minus(regular[0].from!);
  const open = (b: Bin) => b.from === null || b.to === null;
  const lo = (bins[0].from ?? bins[0].to!.minus(step)).toNumber();
  const hi = (bins[bins.length - 1].to ?? bins[bins.length - 1].from!.plus(step)).toNumber();
  const x = (v: number) => ((v - lo) / (hi - lo)) * plotWidth;
  const maxCount = Math.max(...bins.map((b) => b.count), 1);
  const countRoom = LINE_HEIGHT + 2;
  const yPx = (count: number) => height - (count / maxCount) * (height - countRoom);
  const rows = bins.map((b) => {
    const from = (b.from ?? b.to!.minus(step)).toNumber();
    const to = (b.to ?? b.from!.plus(step)).toNumber();
    const label = b.count > 0 ? String(b.count) : '';
    // A white patch behind each count, so a marker's rule passing through stops short of it.
    const halfWidth = ((textWidth(label) / 2 + 1) * (hi - lo)) / plotWidth;
    const baseline = yPx(b.count) - 5;
    return { from, to, mid: (from + to) / 2, count: b.count, open: open(b), label, haloFrom: (from + to) / 2 - halfWidth, haloTo: (from + to) / 2 + halfWidth, haloTop: baseline - 0.8 * FONT_SIZE, haloBottom: baseline + 0.2 * FONT_SIZE };
  });

  // Tick labels on the regular bins' edges, as many as fit, always including the one nearest zero.
  const edges = [regular[0].from!, ...regular.map((b) => b.to!)].map((d) => d.toNumber());
  const edgeLabels = edges.map((e) => o.format.tick(e, step.toNumber()));
  const widths = edgeLabels.map((l) => textWidth(l));
  const zero = edges.reduce((best, e, i) => (Math.abs(e) < Math.abs(edges[best]) ? i : best), 0);
  const shown = new Set(everyNth(edges.length, x(edges[1] ?? edges[0] + 1) - x(edges[0]), widths, zero, 8));
  const labels = new Map(edges.map((e, i) => [e, shown.has(i) ? edgeLabels[i] : '']));
  const first = bins[0];
  const last = bins[bins.length - 1];
  const ends = [first.from === null ? `below ${o.format.tick(first.to!.toNumber(), step.toNumber())}` : '', last.to === null ? `above ${o.format.tick(last.from!.toNumber(), step.toNumber())}` : ''].filter(Boolean);
  const title = `${o.axisTitle} (${o.format.unit})${ends.length ? `; grey bars: ${ends.join(' or ')}` : ''}`;

  const placed = placeMarkerLabels(markers.map((m) => ({ text: `${m.label} ${o.format.format(m.value.toString())}`, x: x(m.value.toNumber()) })), plotWidth);
  const marks = placed.map((p, i) => ({ ...p, value: markers[i].value.toNumber(), y: -(p.row * LINE_HEIGHT) - 6, top: -(p.row * LINE_HEIGHT) - 6 - FONT_SIZE * 0.8 }));
  const xScale = { domain: [lo, hi], range: [0, plotWidth], nice: false, zero: false };
  // Every layer states the same axis: vega-lite merges the layers' axes of a shared scale.
  const xAxis = { values: edges, labelExpr: labelLookup(labels), title: wrapText(title, plotWidth, FONT_SIZE, true), grid: false };
  const xOnly = (field: string) => ({ field, type: 'quantitative' as const, scale: xScale, axis: xAxis });
  const yScale = { domain: [0, maxCount], range: [height, countRoom], nice: false, zero: true };
  return {
    ...specBase(height),
    width: plotWidth,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: xOnly('from'),
          x2: { field: 'to' },
          y: { field: 'count', type: 'quantitative', scale: yScale, axis: { title: `Number of ${noun}`, labels: false, ticks: false, grid: false, domain: true } },
          y2: { datum: 0 },
          color: { condition: { test: 'datum.open', value: COLOURS.grey }, value: COLOURS.blue },
        },
      },
      {
        data: { values: marks },
        mark: { type: 'rule', strokeWidth: 2, strokeDash: [5, 3] },
        encoding: {
          x: xOnly('value'),
          y: { field: 'top', type: 'quantitative', scale: null },
          y2: { datum: height },
          color: { value: COLOURS.text },
        },
      },
      {
        data: { values: rows.filter((r) => r.label !== '') },
        mark: { type: 'rect', color: 'white' },
        encoding: {
          x: xOnly('haloFrom'),
          x2: { field: 'haloTo' },
          y: { field: 'haloTop', type: 'quantitative', scale: null },
          y2: { field: 'haloBottom' },
        },
      },
      {
        data: { values: rows },
        mark: { type: 'text', baseline: 'alphabetic', align: 'center', dy: -5 },
        encoding: { x: xOnly('mid'), y: { field: 'count', type: 'quantitative', scale: yScale }, text: { field: 'label' } },
      },
      ...(['start', 'end'] as const).map((anchor) => ({
        data: { values: marks.filter((m) => m.anchor === anchor) },
        mark: { type: 'text' as const, baseline: 'alphabetic' as const, fontWeight: 'bold' as const, align: anchor === 'start' ? ('left' as const) : ('right' as const), dx: anchor === 'start' ? 4 : -4 },
        encoding: {
          x: xOnly('value'),
          y: { field: 'y', type: 'quantitative' as const, scale: null },
          text: { field: 'text' },
        },
      })),
    ],
  } as TopLevelSpec;
}
