/**
 * A figure as the pages hold it: an exact decimal string from the API (`"0.0123"`), a number, or
 * null where there is none. Charts draw it as a number; tables keep the exact text.
 */
export type Figure = number | string | null;

/**
 * How a unit is written. Charts take it from the caller (the pages pass the glossary's formatter
 * of the measure's unit, `@nhsp/board-answers`), so a chart's labels, its axis and its table show
 * a figure exactly as every other part of the page does.
 */
export interface UnitFormat {
  /** The unit as an axis title or a column header names it, e.g. "%", "£", "days", "2019/20 = 100". */
  readonly unit: string;
  /** A figure as a value label or a table cell shows it, e.g. "+1.23%", "£1,234", "4.20 days". */
  format(value: number | string): string;
  /** An axis tick: the same unit with the decimals the step between ticks needs, e.g. "+1%". */
  tick(value: number, step: number): string;
}

/** The widths (CSS px) a chart is drawn at; each rendering is shown 1:1, never scaled up. */
export interface ChartSizes {
  /** Drawn for phones (below 641 px): the 390 px page less the NHS design system's 16 px gutters. */
  phone: number;
  /** Drawn for wider screens (641 px and up, the design system's tablet breakpoint) and print. */
  desktop: number;
}

export const DEFAULT_SIZES: ChartSizes = { phone: 358, desktop: 640 };

/** What every chart returns. All three are markup safe to insert as they are. */
export interface ChartOutput {
  /** Both renderings in one `<div class="nhsp-chart">`; CHART_CSS shows the one that fits. */
  svg: string;
  /** The table of the chart's figures (caption, header cells with units, one row per datum). */
  table: string;
  /** Each rendering alone (an `<svg role="img">` with its title and description). */
  renderings: { phone: string; desktop: string };
}

/** What every chart is told about itself. */
export interface ChartText {
  /** Unique on the page; the renderings' titles and descriptions take ids derived from it. */
  id: string;
  /** The chart's title (the SVG's <title> and the table's caption). */
  title: string;
  /** What the chart shows, in words (the SVG's <desc>); a summary of the data when omitted. */
  description?: string;
  sizes?: ChartSizes;
}
