// Ticks and label thinning worked out here rather than left to vega, because the choice depends
// on what is readable at 14 px on a 358 px phone, and the tests need to know what was drawn.
import { textWidth } from './text';
import { Figure, UnitFormat } from './types';

/** A figure as a number to draw; null stays null. Bad text is an error naming the chart and value. */
export function toNumber(value: Figure, where: string): number | null {
  if (value === null) return null;
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n)) throw new Error(`${where}: "${String(value)}" is not a number`);
  return n;
}

/** 1, 2 or 5 × a power of ten: about `count` steps across `span`. */
export function tickStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return power * factor;
}

/** `i × step` without floating dust (0.30000000000000004 → 0.3). */
function multiple(i: number, step: number): number {
  return Number((i * step).toPrecision(12));
}

export interface Ticks {
  /** The axis's domain: the data's extent widened to whole steps. */
  domain: [number, number];
  values: number[];
  step: number;
}

/** Ticks on whole steps covering [lo, hi] (and zero when `withZero`), about `count` of them. */
export function niceTicks(lo: number, hi: number, count: number, withZero = true): Ticks {
  let a = withZero ? Math.min(0, lo) : lo;
  let b = withZero ? Math.max(0, hi) : hi;
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= withZero && a === 0 ? 0 : pad;
    b += pad;
  }
  const step = tickStep(b - a, count);
  const first = Math.floor(Number((a / step).toPrecision(12)));
  const last = Math.ceil(Number((b / step).toPrecision(12)));
  const values: number[] = [];
  for (let i = first; i <= last; i++) values.push(multiple(i, step));
  return { domain: [multiple(first, step), multiple(last, step)], values, step };
}

/** The most ticks whose spacing on an axis of `length` px leaves `minSpacing` px between them. */
export function ticksThatFit(lo: number, hi: number, length: number, minSpacing: number, withZero = true): Ticks {
  for (let count = Math.max(2, Math.floor(length / minSpacing)); count >= 1; count--) {
    const ticks = niceTicks(lo, hi, count, withZero);
    const spacing = length / Math.max(1, ticks.values.length - 1);
    if (spacing >= minSpacing) return ticks;
  }
  return niceTicks(lo, hi, 1, withZero);
}

/**
 * A vega expression mapping each tick value to its label (or "" for a value left unlabelled),
 * built as a JSON object literal, so no data is ever code.
 */
export function labelLookup(labels: ReadonlyMap<number | string, string | readonly string[]>): string {
  const object: Record<string, string | readonly string[]> = {};
  for (const [key, label] of labels) object[String(key)] = label;
  return `${JSON.stringify(object)}[datum.value] || ""`;
}

/** Tick labels for `ticks` in `format`. */
export function tickLabels(ticks: Ticks, format: UnitFormat): Map<number, string> {
  return new Map(ticks.values.map((v) => [v, format.tick(v, ticks.step)]));
}

/**
 * Tick labels on an axis `length` px long that keep `gap` px between neighbours: all where they
 * fit, else every k-th (zero kept where it is a tick), the others left blank ("") with their ticks
 * still drawn. ticksThatFit's fewest ticks can still be too close for wide labels (millions of £
 * on a phone); this is the last step before labels would overlap.
 */
export function tickLabelsThatFit(ticks: Ticks, format: UnitFormat, length: number, gap: number): Map<number, string> {
  const all = tickLabels(ticks, format);
  const values = ticks.values;
  if (values.length < 2) return all;
  const spacing = length / (values.length - 1);
  const widths = values.map((v) => textWidth(all.get(v)!));
  const zero = values.indexOf(0);
  const shown = everyNth(values.length, spacing, widths, zero >= 0 ? zero : 0, gap);
  return new Map(values.map((v, i) => [v, shown.includes(i) ? all.get(v)! : '']));
}

/**
 * Which of `count` evenly spaced labels to show so that none overlaps the next: every k-th,
 * counted back from `anchor` (the latest month, say, always shown), with k the smallest stride
 * that leaves `gap` px between neighbours.
 */
export function everyNth(count: number, spacing: number, widths: readonly number[], anchor: number, gap: number): number[] {
  for (let k = 1; k <= count; k++) {
    const shown = Array.from({ length: count }, (_, i) => i).filter((i) => (((anchor - i) % k) + k) % k === 0);
    const fits = shown.every((i, j) => j === 0 || spacing * (i - shown[j - 1]) >= (widths[i] + widths[shown[j - 1]]) / 2 + gap);
    if (fits) return shown;
  }
  return [anchor];
}
