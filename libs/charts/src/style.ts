// The look every chart shares: NHS design system colours, 14 px text, labels never shortened
// ("labelLimit: 0") and never silently dropped by vega ("labelOverlap: false": which labels show
// is decided in scale.ts, where the tests can see it).
import type { Config } from 'vega-lite';
import { EDGE } from './frame';
import { FONT_FAMILY, FONT_SIZE, LINE_HEIGHT } from './text';

/** NHS identity colours (service manual, "Colours"). */
export const COLOURS = {
  text: '#212b32',
  secondaryText: '#4c6272',
  axis: '#4c6272',
  grid: '#d8dde0',
  blue: '#005eb8',
  darkBlue: '#003087',
  red: '#d5281b',
  green: '#007f3b',
  purple: '#330072',
  grey: '#768692',
  darkGrey: '#425563',
  paleBlue: '#a6c8e8',
  paleGrey: '#e8edee',
} as const;

/** Lines told apart by dash as well as colour (colour-blind readers, black-and-white print). */
export const SERIES_STYLES: readonly { colour: string; dash: number[] }[] = [
  { colour: COLOURS.blue, dash: [] },
  { colour: COLOURS.green, dash: [8, 4] },
  { colour: COLOURS.purple, dash: [2, 3] },
  { colour: COLOURS.darkGrey, dash: [12, 3, 2, 3] },
];

/** Axis geometry (vega's defaults, named because the layout arithmetic uses them). */
export const TICK_SIZE = 5;
export const LABEL_PADDING = 3;
export const TITLE_PADDING = 6;

export function baseConfig(): Config {
  const text = { font: FONT_FAMILY, fontSize: FONT_SIZE, lineHeight: LINE_HEIGHT, color: COLOURS.text };
  return {
    font: FONT_FAMILY,
    aria: false,
    view: { stroke: null },
    axis: {
      labelFont: FONT_FAMILY,
      labelFontSize: FONT_SIZE,
      labelLineHeight: LINE_HEIGHT,
      labelColor: COLOURS.text,
      labelLimit: 0,
      labelOverlap: false,
      labelFlush: false,
      labelPadding: LABEL_PADDING,
      tickSize: TICK_SIZE,
      tickColor: COLOURS.axis,
      domainColor: COLOURS.axis,
      gridColor: COLOURS.grid,
      titleFont: FONT_FAMILY,
      titleFontSize: FONT_SIZE,
      titleFontWeight: 'bold',
      titleLineHeight: LINE_HEIGHT,
      titleColor: COLOURS.text,
      titlePadding: TITLE_PADDING,
      titleLimit: 0,
    },
    legend: {
      labelFont: FONT_FAMILY,
      labelFontSize: FONT_SIZE,
      labelColor: COLOURS.text,
      labelLimit: 0,
      titleLimit: 0,
      symbolStrokeWidth: 2.5,
      symbolSize: 300,
      rowPadding: 6,
      columnPadding: 16,
      offset: 12,
    },
    text: { ...text, fill: COLOURS.text },
    title: { font: FONT_FAMILY, fontSize: FONT_SIZE, color: COLOURS.text },
  };
}

/** What every spec starts with: fonts, colours, vega adding the axes around the plot. */
export function specBase(height: number) {
  return {
    height,
    padding: EDGE,
    autosize: { type: 'pad' as const, contains: 'content' as const },
    config: baseConfig(),
  };
}
