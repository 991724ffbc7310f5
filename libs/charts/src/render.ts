// Vega-Lite spec in, inline SVG out: compiled with vega-lite, laid out and drawn by vega with the
// text-width estimate of text.ts, then given what an accessible inline image needs (role="img",
// a <title> and a <desc> it is labelled by) and stripped of what it does not (vega's per-mark
// ARIA roles: an image's parts are presentational). No script, no external asset, no id except
// the title's and the description's.
import * as vega from 'vega';
import { compile, TopLevelSpec } from 'vega-lite';
import type { LoggerInterface } from 'vega-util';
import { ShapeCache, ShapeCacheStats } from './compile-cache';
import { expressionCodegen } from './expression-cache';
import { checkId, escapeHtml } from './html';
import { FONT_SIZE, textWidth } from './text';

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}
interface TextMetrics {
  width: (item: TextItem, text?: unknown) => number;
}
/** Vega's text measurer: a documented hook (vl-convert replaces it too), absent from its typings. */
const textMetrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;

function isBold(weight: string | number | undefined): boolean {
  return weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
}

function estimate(item: TextItem, text?: unknown): number {
  const value = text ?? item.text;
  const lines = Array.isArray(value) ? value.map(String) : [value == null ? '' : String(value)];
  const size = item.fontSize ?? FONT_SIZE;
  return lines.reduce((w, line) => Math.max(w, textWidth(line, size, isBold(item.fontWeight))), 0);
}

/**
 * Vega-Lite's warnings (a property it overrides, a conflict it resolves) go to the console by
 * default; collected here instead, so a chart that draws something other than it asked for fails
 * its spec (`compileSpec` throws on any).
 */
function compileSpec(spec: TopLevelSpec) {
  const warnings: string[] = [];
  const collect = (...args: readonly unknown[]) => {
    warnings.push(args.map(String).join(' '));
    return logger;
  };
  const logger: LoggerInterface = { level: () => logger, error: collect, warn: collect, info: () => logger, debug: () => logger } as unknown as LoggerInterface;
  const compiled = compile(spec, { logger });
  if (warnings.length) throw new Error(`vega-lite: ${warnings.join('; ')}`);
  // No background rectangle: the chart sits on the page's own background.
  delete compiled.spec.background;
  return compiled.spec;
}

/**
 * The spec compiled and parsed into vega's runtime spec (plain data: operators, their
 * parameters, expressions as code), both done once per shape of spec (compile-cache.ts).
 */
const parsed = new ShapeCache((spec) => vega.parse(compileSpec(spec as TopLevelSpec)));

/** How often specs were parsed anew or filled into a known shape: for tests and profiles. */
export function parseStats(): ShapeCacheStats {
  return parsed.stats();
}

/**
 * Runs `fn` with vega measuring text by our estimate. Rendering is synchronous, so nothing else
 * can run between the swap and the restore.
 */
function withTextMetrics<T>(fn: () => T): T {
  const previous = textMetrics.width;
  textMetrics.width = estimate;
  try {
    return fn();
  } finally {
    textMetrics.width = previous;
  }
}

export interface Accessible {
  id: string;
  title: string;
  description: string;
}

export interface Rendering {
  svg: string;
  width: number;
  height: number;
}

interface SvgStringRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number]): SvgStringRenderer;
  background(colour: unknown): SvgStringRenderer;
  render(scene: unknown): SvgStringRenderer;
  svg(): string;
}

/**
 * The fields vega-view's own headless renderer sizes the SVG by (its `width(view)`, `height(view)`
 * and `offset(view)` helpers): the laid-out content size, which with autosize "pad" includes
 * axes and legends. Not in vega's typings; the spec checks this against `view.toSVG()`.
 */
interface LaidOutView {
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
}

/** The SVG vega draws for a spec, as `view.toSVG()` would give it, but synchronously. */
export function vegaSvg(spec: TopLevelSpec): Rendering {
  return vegaDrawing(spec, () => true) as Rendering;
}

/**
 * The size vega lays a spec out at, and its SVG only where `wanted(width)`: fitting a chart to
 * its box lays it out at trial widths whose drawing is thrown away (frame.ts).
 */
export function vegaDrawing(spec: TopLevelSpec, wanted: (width: number) => boolean): Rendering | Omit<Rendering, 'svg'> {
  return withTextMetrics(() => {
    const view = new vega.View(parsed.get(spec), { renderer: 'none', expr: expressionCodegen() } as vega.ViewOptions);
    try {
      view.run();
      const padding = view.padding() as { left: number; right: number; top: number; bottom: number };
      const laidOut = view as unknown as LaidOutView;
      const width = Math.max(0, laidOut._viewWidth + padding.left + padding.right);
      const height = Math.max(0, laidOut._viewHeight + padding.top + padding.bottom);
      if (!wanted(width)) return { width, height };
      const Renderer = (vega as unknown as { SVGStringRenderer: new () => SvgStringRenderer }).SVGStringRenderer;
      const renderer = new Renderer()
        .initialize(null, width, height, [padding.left + laidOut._origin[0], padding.top + laidOut._origin[1]])
        .background(view.background());
      return { svg: renderer.render((view.scenegraph() as unknown as { root: unknown }).root).svg(), width, height };
    } finally {
      view.finalize();
    }
  });
}

/** The same through vega's own asynchronous `toSVG`, for the test that the two agree. */
export async function vegaSvgAsync(spec: TopLevelSpec): Promise<string> {
  const previous = textMetrics.width;
  textMetrics.width = estimate;
  try {
    const view = new vega.View(vega.parse(compileSpec(spec)), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  } finally {
    textMetrics.width = previous;
  }
}

const ROOT = /^<svg\b[^>]*>/;
// Vega's ARIA attributes on its marks' tags (never inside text: text content cannot hold "<").
const MARK_ARIA = /(<[a-z]+\b[^>]*?)\s(?:role|aria-roledescription|aria-hidden|aria-label)="[^"]*"/g;

/** A vega SVG made an accessible inline image labelled by its title and description. */
export function accessibleSvg(rendering: Rendering, a11y: Accessible, className: string): string {
  const id = checkId(a11y.id);
  const { width, height } = rendering;
  const w = Math.round(width);
  const h = Math.round(height);
  if (!ROOT.test(rendering.svg)) throw new Error('vega did not return an SVG document');
  let body = rendering.svg.replace(ROOT, '');
  let previous: string;
  do {
    previous = body;
    body = body.replace(MARK_ARIA, '$1');
  } while (body !== previous);
  const open = `<svg xmlns="http://www.w3.org/2000/svg" class="${escapeHtml(className)}" role="img" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" aria-labelledby="${id}-title ${id}-desc" focusable="false">`;
  return `${open}<title id="${id}-title">${escapeHtml(a11y.title)}</title><desc id="${id}-desc">${escapeHtml(a11y.description)}</desc>${body}`;
}
