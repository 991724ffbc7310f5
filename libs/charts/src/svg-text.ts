// Where each piece of text of a drawn chart sits, read back from the SVG itself (not from vega's
// scene), so the readability checks hold what a browser is given: each <text> (and its <tspan>
// lines) placed through every enclosing transform, its width estimated as vega was told to
// estimate it (text.ts) and its height one em (0.8 above the baseline, 0.2 below).
import { textWidth } from './text';

/** An axis-aligned box in the SVG's user units (= CSS px when drawn 1:1). */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface SvgText {
  /** The lines of the text, in order. */
  lines: string[];
  fontSize: number;
  bold: boolean;
  box: Box;
}

/** a b c d e f of an SVG matrix: x' = a x + c y + e, y' = b x + d y + f. */
type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function parseTransform(value: string | undefined): Matrix {
  let m = IDENTITY;
  if (!value) return m;
  for (const [, op, args] of value.matchAll(/(\w+)\(([^)]*)\)/g)) {
    const n = args.split(/[\s,]+/).filter(Boolean).map(Number);
    if (op === 'translate') m = multiply(m, [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0]);
    else if (op === 'scale') m = multiply(m, [n[0], 0, 0, n[1] ?? n[0], 0, 0]);
    else if (op === 'rotate') {
      const r = ((n[0] ?? 0) * Math.PI) / 180;
      const [cx, cy] = [n[1] ?? 0, n[2] ?? 0];
      m = multiply(multiply(multiply(m, [1, 0, 0, 1, cx, cy]), [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]), [1, 0, 0, 1, -cx, -cy]);
    } else if (op === 'matrix') m = multiply(m, n as Matrix);
    else throw new Error(`svg-text: transform "${op}" is not understood`);
  }
  return m;
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[name] = value;
  return out;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (e) => ENTITIES[e]).replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)));
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** One line's box: anchored at (x, baseline) in the text's own coordinates, then transformed. */
function lineBox(m: Matrix, line: string, x: number, baseline: number, size: number, bold: boolean, anchor: string): Box {
  const w = textWidth(line, size, bold);
  const left = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
  const corners = [apply(m, left, baseline - 0.8 * size), apply(m, left + w, baseline - 0.8 * size), apply(m, left, baseline + 0.2 * size), apply(m, left + w, baseline + 0.2 * size)];
  return {
    x1: Math.min(...corners.map((c) => c[0])),
    y1: Math.min(...corners.map((c) => c[1])),
    x2: Math.max(...corners.map((c) => c[0])),
    y2: Math.max(...corners.map((c) => c[1])),
  };
}

function union(a: Box | null, b: Box): Box {
  return a ? { x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1), x2: Math.max(a.x2, b.x2), y2: Math.max(a.y2, b.y2) } : b;
}

/** A filled bar (a vega rect mark) that text must not sit on. */
export interface SvgBar {
  fill: string;
  box: Box;
}

const RECT_PATH = /^M(-?[\d.e-]+),(-?[\d.e-]+)h(-?[\d.e-]+)v(-?[\d.e-]+)h-?[\d.e-]+Z$/;

/** Every non-empty text of an SVG with its box, and every bar of its rect marks. */
export function svgContents(svg: string): { texts: SvgText[]; bars: SvgBar[] } {
  const texts: SvgText[] = [];
  const bars: SvgBar[] = [];
  const stack: { m: Matrix; rects: boolean }[] = [{ m: IDENTITY, rects: false }];
  const tags = /<(\/?)(\w+)([^>]*?)(\/?)>|([^<]+)/g;
  let current: { m: Matrix; size: number; bold: boolean; anchor: string; x: number; y: number; lines: string[]; box: Box | null } | null = null;
  for (const match of svg.matchAll(tags)) {
    const [, closing, name, rest, selfClosing, content] = match;
    if (content !== undefined) {
      if (current && content.trim() !== '') {
        const line = decode(content);
        current.lines.push(line);
        current.box = union(current.box, lineBox(current.m, line, current.x, current.y, current.size, current.bold, current.anchor));
      }
      continue;
    }
    const attrs = attributes(rest);
    const top = stack[stack.length - 1];
    if (name === 'text') {
      if (closing) {
        if (current && current.box) texts.push({ lines: current.lines, fontSize: current.size, bold: current.bold, box: current.box });
        current = null;
        continue;
      }
      const weight = attrs['font-weight'] ?? 'normal';
      current = {
        m: multiply(top.m, parseTransform(attrs.transform)),
        size: parseFloat(attrs['font-size'] ?? '11'),
        bold: weight === 'bold' || Number(weight) >= 600,
        anchor: attrs['text-anchor'] ?? 'start',
        x: parseFloat(attrs.x ?? '0'),
        y: parseFloat(attrs.y ?? '0') + parseFloat(attrs.dy ?? '0'),
        lines: [],
        box: null,
      };
      if (selfClosing) current = null;
      continue;
    }
    if (name === 'tspan' && current) {
      if (!closing) {
        if (attrs.x !== undefined) current.x = parseFloat(attrs.x);
        current.y += parseFloat(attrs.dy ?? '0');
      }
      continue;
    }
    if (name === 'path' && top.rects && !closing) {
      const rect = RECT_PATH.exec(attrs.d ?? '');
      const fill = attrs.fill ?? 'black';
      if (rect && fill !== 'white' && fill !== 'none') {
        const m = multiply(top.m, parseTransform(attrs.transform));
        const [x, y, w, h] = rect.slice(1, 5).map(Number);
        const [ax, ay] = apply(m, x, y);
        const [bx, by] = apply(m, x + w, y + h);
        if (w !== 0 && h !== 0) bars.push({ fill, box: { x1: Math.min(ax, bx), y1: Math.min(ay, by), x2: Math.max(ax, bx), y2: Math.max(ay, by) } });
      }
      continue;
    }
    if (closing) {
      if (stack.length > 1 && name === 'g') stack.pop();
      continue;
    }
    if (name === 'g' && !selfClosing) stack.push({ m: multiply(top.m, parseTransform(attrs.transform)), rects: /\bmark-rect\b/.test(attrs.class ?? '') || top.rects });
  }
  return { texts, bars };
}

/** Every non-empty text of an SVG with its box. */
export function svgTexts(svg: string): SvgText[] {
  return svgContents(svg).texts;
}

/** The SVG's own width and height (its viewBox). */
export function svgSize(svg: string): { width: number; height: number } {
  const viewBox = /<svg\b[^>]*\bviewBox="([^"]+)"/.exec(svg);
  if (!viewBox) throw new Error('svg-text: the SVG has no viewBox');
  const [, , width, height] = viewBox[1].split(/[\s,]+/).map(Number);
  return { width, height };
}

/** Whether two boxes overlap by more than `tolerance` px each way. */
export function overlaps(a: Box, b: Box, tolerance: number): boolean {
  return Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > tolerance && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > tolerance;
}

/** Pairs of texts whose boxes overlap by more than `tolerance` px each way. */
export function overlappingTexts(texts: readonly SvgText[], tolerance = 0.5): [SvgText, SvgText][] {
  const pairs: [SvgText, SvgText][] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) if (overlaps(texts[i].box, texts[j].box, tolerance)) pairs.push([texts[i], texts[j]]);
  }
  return pairs;
}

/** Texts that reach outside the drawing (and would be cut off). */
export function textsOutside(texts: readonly SvgText[], size: { width: number; height: number }, tolerance = 0.5): SvgText[] {
  return texts.filter((t) => t.box.x1 < -tolerance || t.box.y1 < -tolerance || t.box.x2 > size.width + tolerance || t.box.y2 > size.height + tolerance);
}

/** The smallest text a chart may show, CSS px (issue 15: at 390 px wide). */
export const MIN_TEXT_PX = 12;

/**
 * What makes a drawn chart hard to read, in words (empty when nothing does): text under
 * MIN_TEXT_PX once the drawing is shown `shownWidth` px wide (never scaled up: CHART_CSS),
 * texts that overlap each other or lie on a bar, text cut by the edge, and text shortened with
 * an ellipsis. (White rects are the halos that keep a line off a label, not bars.)
 */
export function readabilityProblems(svg: string, shownWidth: number): string[] {
  const size = svgSize(svg);
  const scale = Math.min(1, shownWidth / size.width);
  const { texts, bars } = svgContents(svg);
  const name = (t: SvgText) => `"${t.lines.join(' / ')}"`;
  return [
    ...texts.filter((t) => t.fontSize * scale < MIN_TEXT_PX).map((t) => `${name(t)} is ${(t.fontSize * scale).toFixed(1)} px`),
    ...overlappingTexts(texts).map(([a, b]) => `${name(a)} overlaps ${name(b)}`),
    ...texts.flatMap((t) => bars.filter((b) => overlaps(t.box, b.box, 0.5)).map((b) => `${name(t)} lies on a bar (${b.fill})`)),
    ...textsOutside(texts, size).map((t) => `${name(t)} is cut by the edge`),
    ...texts.filter((t) => t.lines.some((l) => l.includes('\u2026'))).map((t) => `${name(t)} is truncated`),
  ];
}
