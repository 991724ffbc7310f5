// SVG charts as small pure functions: data in, markup out, no script and no external asset.
// Each chart is an accessible image (role="img", <title>, <desc>) and the page shows the same
// figures in a table next to it. Geometry is computed by exported functions so tests can check
// that bars are proportional to values and that a waterfall adds up to its total.
import { html, join, SafeHtml } from './html';

export const COLOURS = { positive: '#005eb8', negative: '#a4262c', total: '#212b32', axis: '#4c6272', text: '#212b32', grid: '#d8dde0' };
const SERIES_COLOURS = ['#005eb8', '#a4262c', '#007f3b', '#6a2c91'];
// Drawn 480 units wide: on a 390px phone that keeps 13-unit text at about 10px, and the page
// caps charts at 720px on a desktop.
const WIDTH = 480;
const LABEL_WIDTH = 150;
const VALUE_SPACE = 64;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Arial, sans-serif" font-size="13"';

export interface Datum {
  label: string;
  value: number;
}

interface Frame {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
}

function frame(f: Frame, body: SafeHtml): SafeHtml {
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${f.width} ${f.height}" width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="${f.id}-title ${f.id}-desc" ${trustedAttr(FONT)}><title id="${f.id}-title">${f.title}</title><desc id="${f.id}-desc">${f.description}</desc>${body}</svg>`;
}

function trustedAttr(attrs: string): SafeHtml {
  return new SafeHtml(attrs);
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** A linear scale from [lo, hi] (always including 0) onto [start, end] pixels. */
export function linearScale(values: number[], start: number, end: number): { at: (v: number) => number; lo: number; hi: number } {
  const lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (lo === hi) hi = lo + 1;
  return { at: (v: number) => start + ((v - lo) / (hi - lo)) * (end - start), lo, hi };
}

export interface BarGeometry extends Datum {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Horizontal bars: length proportional to |value|, drawn from the zero line. */
export function barGeometry(data: Datum[], plot: { left: number; right: number; top: number; rowHeight: number }): BarGeometry[] {
  const scale = linearScale(data.map((d) => d.value), plot.left, plot.right);
  const zero = scale.at(0);
  return data.map((d, i) => {
    const end = scale.at(d.value);
    return { ...d, x: r2(Math.min(zero, end)), y: plot.top + i * plot.rowHeight + 4, width: r2(Math.abs(end - zero)), height: plot.rowHeight - 8 };
  });
}

export function barChart(options: { id: string; title: string; description: string; data: Datum[]; format: (v: number) => string }): SafeHtml {
  const width = WIDTH;
  const rowHeight = 26;
  const labelWidth = LABEL_WIDTH;
  const values = options.data.map((d) => d.value);
  // Room for the value written beyond the end of the longest bar on either side.
  const plot = { left: labelWidth + 8 + (Math.min(...values) < 0 ? VALUE_SPACE : 0), right: width - (Math.max(...values) > 0 ? VALUE_SPACE : 8), top: 8, rowHeight };
  const bars = barGeometry(options.data, plot);
  const zero = linearScale(options.data.map((d) => d.value), plot.left, plot.right).at(0);
  const height = plot.top * 2 + rowHeight * options.data.length;
  const body = join(
    bars.map((b) => {
      const labelX = b.value < 0 ? b.x - 4 : b.x + b.width + 4;
      return html`<g><text x="${labelWidth}" y="${b.y + b.height / 2 + 4}" text-anchor="end" fill="${COLOURS.text}">${truncate(b.label, 20)}</text><rect class="bar" x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="${b.value < 0 ? COLOURS.negative : COLOURS.positive}" data-value="${b.value}"></rect><text x="${r2(labelX)}" y="${b.y + b.height / 2 + 4}" text-anchor="${b.value < 0 ? 'end' : 'start'}" fill="${COLOURS.text}">${options.format(b.value)}</text></g>`;
    }),
  );
  const axis = html`<line x1="${r2(zero)}" x2="${r2(zero)}" y1="0" y2="${height}" stroke="${COLOURS.axis}" stroke-width="1"></line>`;
  return frame({ ...options, width, height }, html`${axis}${body}`);
}

export interface Series {
  name: string;
  values: Array<number | null>;
}

/** Points of a line chart: x evenly spaced by month, y on a scale shared by all series; null leaves a gap. */
export function linePoints(series: Series[], plot: { left: number; right: number; top: number; bottom: number }): Array<Array<{ x: number; y: number; value: number } | null>> {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const scale = linearScale(all, plot.bottom, plot.top);
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const step = n > 1 ? (plot.right - plot.left) / (n - 1) : 0;
  return series.map((s) => s.values.map((v, i) => (v === null ? null : { x: r2(plot.left + (n > 1 ? i * step : (plot.right - plot.left) / 2)), y: r2(scale.at(v)), value: v })));
}

export function lineChart(options: { id: string; title: string; description: string; labels: string[]; series: Series[]; format: (v: number) => string }): SafeHtml {
  const width = WIDTH;
  const height = 250;
  const plot = { left: 52, right: width - 28, top: 16, bottom: height - 62 };
  const all = options.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const scale = linearScale(all, plot.bottom, plot.top);
  const points = linePoints(options.series, plot);
  // Zero, and the extremes unless they would print over the zero label.
  const ticks = [0, ...[scale.lo, scale.hi].filter((v) => Math.abs(scale.at(v) - scale.at(0)) > 14)];
  const grid = join(
    ticks.map((t) => html`<line x1="${plot.left}" x2="${plot.right}" y1="${r2(scale.at(t))}" y2="${r2(scale.at(t))}" stroke="${t === 0 ? COLOURS.axis : COLOURS.grid}"></line><text x="${plot.left - 6}" y="${r2(scale.at(t)) + 4}" text-anchor="end" fill="${COLOURS.text}">${options.format(t)}</text>`),
  );
  const every = Math.ceil(options.labels.length / 8);
  const xLabels = join(
    options.labels.map((label, i) =>
      i % every === 0 || i === options.labels.length - 1
        ? html`<text x="${points[0]?.[i]?.x ?? r2(plot.left + (options.labels.length > 1 ? (i * (plot.right - plot.left)) / (options.labels.length - 1) : (plot.right - plot.left) / 2))}" y="${plot.bottom + 18}" text-anchor="middle" fill="${COLOURS.text}">${label}</text>`
        : html``,
    ),
  );
  const lines = join(
    points.map((pts, s) => {
      const colour = SERIES_COLOURS[s % SERIES_COLOURS.length];
      const segments: string[] = [];
      let current: string[] = [];
      for (const p of pts) {
        if (p) current.push(`${p.x},${p.y}`);
        else if (current.length) {
          segments.push(current.join(' '));
          current = [];
        }
      }
      if (current.length) segments.push(current.join(' '));
      const dash = s === 1 ? '6 4' : s === 2 ? '2 3' : '';
      return html`<g class="series" data-series="${options.series[s].name}">${segments.map((seg) => html`<polyline points="${seg}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-dasharray="${dash}"></polyline>`)}${pts.map((p) => (p ? html`<circle cx="${p.x}" cy="${p.y}" r="3.5" fill="${colour}" data-value="${p.value}"></circle>` : html``))}</g>`;
    }),
  );
  const legend = join(
    options.series.map((s, i) => {
      const x = 8 + i * 170;
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      return html`<line x1="${x}" x2="${x + 24}" y1="${height - 14}" y2="${height - 14}" stroke="${colour}" stroke-width="2.5" stroke-dasharray="${i === 1 ? '6 4' : i === 2 ? '2 3' : ''}"></line><text x="${x + 30}" y="${height - 10}" fill="${COLOURS.text}">${s.name}</text>`;
    }),
  );
  return frame({ ...options, width, height }, html`${grid}${xLabels}${lines}${legend}`);
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** Equal-width bins over the values (the last bin closed on the right). */
export function histogramBins(values: number[], binCount = 10): Bin[] {
  if (values.length === 0) return [];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const width = hi === lo ? 1 : (hi - lo) / binCount;
  const n = hi === lo ? 1 : binCount;
  const bins = Array.from({ length: n }, (_, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, count: 0 }));
  for (const v of values) bins[Math.min(n - 1, Math.floor((v - lo) / width))].count++;
  return bins;
}

/** Column heights proportional to the count of trusts in each bin. */
export function histogram(options: { id: string; title: string; description: string; values: number[]; format: (v: number) => string; marker?: { label: string; value: number } }): SafeHtml {
  const width = WIDTH;
  const height = 230;
  const plot = { left: 16, right: width - 16, top: 30, bottom: height - 44 };
  const bins = histogramBins(options.values);
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const colWidth = bins.length ? (plot.right - plot.left) / bins.length : 0;
  const columns = join(
    bins.map((b, i) => {
      const h = r2(((plot.bottom - plot.top) * b.count) / maxCount);
      const x = r2(plot.left + i * colWidth);
      return html`<rect class="bin" x="${x + 1}" y="${r2(plot.bottom - h)}" width="${r2(colWidth - 2)}" height="${h}" fill="${COLOURS.positive}" data-count="${b.count}"></rect>${b.count ? html`<text x="${r2(x + colWidth / 2)}" y="${r2(plot.bottom - h - 4)}" text-anchor="middle" fill="${COLOURS.text}">${b.count}</text>` : html``}`;
    }),
  );
  const lo = bins[0]?.from ?? 0;
  const hi = bins[bins.length - 1]?.to ?? 1;
  const xAt = (v: number) => r2(plot.left + ((v - lo) / (hi - lo || 1)) * (plot.right - plot.left));
  const axis = html`<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="${COLOURS.axis}"></line><text x="${plot.left}" y="${plot.bottom + 18}" fill="${COLOURS.text}">${options.format(lo)}</text><text x="${plot.right}" y="${plot.bottom + 18}" text-anchor="end" fill="${COLOURS.text}">${options.format(hi)}</text><text x="${r2((plot.left + plot.right) / 2)}" y="${height - 6}" text-anchor="middle" fill="${COLOURS.text}">Productivity growth (number of trusts in each band)</text>`;
  const marker = options.marker && bins.length
    ? html`<line x1="${xAt(options.marker.value)}" x2="${xAt(options.marker.value)}" y1="${plot.top - 8}" y2="${plot.bottom}" stroke="${COLOURS.negative}" stroke-width="2" stroke-dasharray="4 3"></line><text x="${Math.min(plot.right - 60, Math.max(plot.left + 60, xAt(options.marker.value)))}" y="${plot.top - 12}" text-anchor="middle" fill="${COLOURS.text}">${options.marker.label}</text>`
    : html``;
  return frame({ ...options, width, height }, html`${columns}${axis}${marker}`);
}

export interface WaterfallStep extends Datum {
  start: number;
  end: number;
}

/** Each step starts where the previous one ended; the total is where the last one ends. */
export function waterfallSteps(data: Datum[]): { steps: WaterfallStep[]; total: number } {
  let running = 0;
  const steps = data.map((d) => {
    const step = { ...d, start: running, end: running + d.value };
    running = step.end;
    return step;
  });
  return { steps, total: running };
}

export function waterfall(options: { id: string; title: string; description: string; data: Datum[]; totalLabel: string; format: (v: number) => string }): SafeHtml {
  const { steps, total } = waterfallSteps(options.data);
  const width = WIDTH;
  const rowHeight = 26;
  const labelWidth = LABEL_WIDTH;
  const rows = [...steps, { label: options.totalLabel, value: total, start: 0, end: total }];
  const height = 16 + rowHeight * rows.length;
  // Values are written left of falling steps and right of rising ones and of the total.
  const leftRoom = steps.some((s) => s.value < 0) ? VALUE_SPACE : 0;
  const scale = linearScale(rows.flatMap((s) => [s.start, s.end]), labelWidth + 8 + leftRoom, width - VALUE_SPACE);
  const body = join(
    rows.map((s, i) => {
      const isTotal = i === steps.length;
      const x = r2(Math.min(scale.at(s.start), scale.at(s.end)));
      const w = r2(Math.abs(scale.at(s.end) - scale.at(s.start)));
      const y = 8 + i * rowHeight + 4;
      const fill = isTotal ? COLOURS.total : s.value < 0 ? COLOURS.negative : COLOURS.positive;
      const valueX = s.value < 0 && !isTotal ? x - 4 : x + w + 4;
      return html`<g><text x="${labelWidth}" y="${y + 13}" text-anchor="end" fill="${COLOURS.text}" font-weight="${isTotal ? 'bold' : 'normal'}">${truncate(s.label, 20)}</text><rect class="${isTotal ? 'total' : 'step'}" x="${x}" y="${y}" width="${Math.max(w, 1)}" height="${rowHeight - 8}" fill="${fill}" data-start="${s.start}" data-end="${s.end}"></rect><text x="${r2(valueX)}" y="${y + 13}" text-anchor="${s.value < 0 && !isTotal ? 'end' : 'start'}" fill="${COLOURS.text}">${options.format(s.value)}</text></g>`;
    }),
  );
  const zero = r2(scale.at(0));
  return frame({ ...options, width, height }, html`<line x1="${zero}" x2="${zero}" y1="0" y2="${height}" stroke="${COLOURS.axis}"></line>${body}`);
}

function truncate(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}
