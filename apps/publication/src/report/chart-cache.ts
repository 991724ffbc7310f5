// Drawing a chart costs tens of ms (vega lays it out two to four times per size, for a phone and
// a desktop; libs/charts compiles and parses each shape of spec once), more than the rest of a
// page. A release's figures never change once it exists, so each chart is
// drawn once and kept: the key is everything the drawing depends on (which chart, the unit it is
// written in, its text and data), so a request for the same release's page reuses the drawing and
// a new release (other figures) draws anew. Bounded, least recently used first out.
import { bandFigure, barList, ChartOutput, gapBars, histogram, indexChart, monthChart, waterfall } from '@nhsp/charts';
import type { BandFigureOptions, BarListOptions, GapBarsOptions, HistogramOptions, IndexChartOptions, MonthChartOptions, WaterfallOptions } from '@nhsp/charts';
import { UNIT_DISPLAYS } from '@nhsp/board-answers';
import type { DisplayUnitCode } from '@nhsp/board-answers';

// indexChart, bandFigure and gapBars are here for the plan view (targets, index, band, packs) to use.
const DRAWERS = { monthChart, histogram, waterfall, barList, gapBars, indexChart, bandFigure } as const;
interface Options {
  monthChart: MonthChartOptions;
  histogram: HistogramOptions;
  waterfall: WaterfallOptions;
  barList: BarListOptions;
  gapBars: GapBarsOptions;
  indexChart: IndexChartOptions;
  bandFigure: BandFigureOptions;
}
type Kind = keyof typeof DRAWERS;

/**
 * About 30 KB a chart, so about 36 MB at most: a trust page draws up to five (months, two
 * waterfalls, band, index), so 1,200 charts are every trust page of a full release (194 trusts)
 * and its England pages, with room for a second release.
 */
const LIMIT = 1200;
const cache = new Map<string, ChartOutput>();
let drawn = 0;

/** Draws (or reuses) a chart whose figures are written in `unit` (the glossary's formatter). */
export function chart<K extends Kind>(kind: K, unit: DisplayUnitCode, options: Omit<Options[K], 'format'>): ChartOutput {
  const key = `${kind}|${unit}|${JSON.stringify(options)}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const draw = DRAWERS[kind] as (o: Options[K]) => ChartOutput;
  const output = draw({ ...options, format: UNIT_DISPLAYS[unit] } as unknown as Options[K]);
  drawn++;
  cache.set(key, output);
  if (cache.size > LIMIT) cache.delete(cache.keys().next().value as string);
  return output;
}

/**
 * The first of several ways to draw a chart that succeeds (e.g. a histogram with both its
 * markers, else with fewer where the library finds no room for a label), kept under the key of
 * the first, so that a request for the same release does not try the failing ways again.
 */
export function firstChart<K extends Kind>(kind: K, unit: DisplayUnitCode, attempts: Omit<Options[K], 'format'>[]): { output: ChartOutput; used: number } {
  const key = `first|${kind}|${unit}|${JSON.stringify(attempts[0])}`;
  const known = chosen.get(key);
  if (known !== undefined) return { output: chart(kind, unit, attempts[known]), used: known };
  let failure: unknown;
  for (let i = 0; i < attempts.length; i++) {
    try {
      const output = chart(kind, unit, attempts[i]);
      chosen.set(key, i);
      if (chosen.size > LIMIT) chosen.delete(chosen.keys().next().value as string);
      return { output, used: i };
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}
const chosen = new Map<string, number>();

/** How many charts were drawn (not reused) since the process started: for tests of the cache. */
export function chartsDrawn(): number {
  return drawn;
}
