// Every chart is drawn twice, for a phone and for a wider screen, each at the width it is shown
// at, so that its 14 px text stays 14 px (scaling one drawing to both widths is what made the old
// charts' text 9.9 px on a phone). CSS shows one of the two; `display: none` also hides the other
// from screen readers, so each reader meets one image.
import type { TopLevelSpec } from 'vega-lite';
import { checkId } from './html';
import { accessibleSvg, Rendering, vegaDrawing, vegaSvg } from './render';
import { ChartOutput, ChartSizes, ChartText, DEFAULT_SIZES } from './types';

/** The CSS the pages include once: which rendering shows at which width (NHS tablet breakpoint). */
export const CHART_CSS = [
  '.nhsp-chart{margin:0 0 16px}',
  '.nhsp-chart__svg{display:block;max-width:100%;height:auto}',
  '.nhsp-chart__desktop{display:none}',
  '@media (min-width:40.0625em){.nhsp-chart__phone{display:none}.nhsp-chart__desktop{display:block}}',
  '@media print{.nhsp-chart__phone{display:none}.nhsp-chart__desktop{display:block}}',
].join('\n');

export type Size = keyof ChartSizes;

/** The blank edge around every chart, px. */
export const EDGE = 2;

/**
 * Builds a chart's Vega-Lite spec for a plot area `plotWidth` px wide, at one of the two sizes.
 * The spec uses autosize "pad": vega adds the axes and legends around the plot, measuring text
 * with our estimate.
 */
export type SpecBuilder = (plotWidth: number, size: Size) => TopLevelSpec;

/**
 * Draws a spec whose whole width (plot, axes, legends, edge) is exactly `width` px: a first
 * drawing finds how much the axes add around the plot, and the plot is narrowed by that. The
 * axes' extent seldom depends on the plot's width; where it does (a thinner plot shows fewer end
 * labels), the widest plot that fitted is drawn with the spare px as right padding.
 */
function drawAtWidth(id: string, width: number, size: Size, build: SpecBuilder): Rendering {
  let plotWidth = width - 2 * EDGE;
  let best: { plotWidth: number; total: number } | null = null;
  const fits = (total: number) => Math.abs(total - width) < 0.5;
  for (let attempt = 0; attempt < 4 && plotWidth >= 100; attempt++) {
    // Drawn as SVG only where it fits: the other trials are thrown away.
    const rendering = vegaDrawing(build(plotWidth, size), fits);
    const excess = rendering.width - width;
    if ('svg' in rendering) return { ...rendering, width, height: Math.ceil(rendering.height) };
    if (excess < 0 && (best === null || plotWidth > best.plotWidth)) best = { plotWidth, total: rendering.width };
    plotWidth -= excess;
  }
  // The extent flipped between drawings (a narrower plot changed the ticks, so an end label
  // stuck out further): step the plot down until a drawing fits, then pad it out.
  for (let step = 8; best === null && plotWidth > MIN_PLOT_WIDTH; step *= 2) {
    plotWidth = Math.max(MIN_PLOT_WIDTH, Math.floor(plotWidth - step));
    const total = vegaDrawing(build(plotWidth, size), () => false).width;
    if (total <= width + 0.25) best = { plotWidth, total };
  }
  if (best) {
    const spec = build(best.plotWidth, size);
    const slack = width - best.total;
    const padded = vegaSvg({ ...spec, padding: { left: EDGE, top: EDGE, bottom: EDGE, right: EDGE + Math.max(0, slack) } });
    if (Math.abs(padded.width - width) < 0.5) return { ...padded, width, height: Math.ceil(padded.height) };
  }
  throw new Error(`chart "${id}": cannot fit its axes and labels in a ${width} px ${size} box`);
}

/** The narrowest plot tried before a chart gives up on a box (its text would not fit anyway). */
const MIN_PLOT_WIDTH = 60;

/** Draws one spec per size and assembles the output with the table. */
export function drawChart(text: ChartText & { description: string }, table: string, build: SpecBuilder): ChartOutput {
  const id = checkId(text.id);
  const sizes = text.sizes ?? DEFAULT_SIZES;
  const draw = (size: Size): string => {
    const width = sizes[size];
    if (!Number.isInteger(width) || width < 280) throw new Error(`chart "${id}": ${size} width must be a whole number of px, at least 280 (got ${width})`);
    const rendering = drawAtWidth(id, width, size, build);
    return accessibleSvg(rendering, { id: `${id}-${size}`, title: text.title, description: text.description }, 'nhsp-chart__svg');
  };
  const phone = draw('phone');
  const desktop = draw('desktop');
  const svg = `<div class="nhsp-chart" id="${id}"><div class="nhsp-chart__phone">${phone}</div><div class="nhsp-chart__desktop">${desktop}</div></div>`;
  return { svg, table, renderings: { phone, desktop } };
}
