// The long run (methodology §9): a trust's or England's chained productivity index since 2019/20,
// against its base (100, the darker rule) and against the path of the target growth every year
// (100 × (1 + target)^k), optionally beside its peer group's index. The year in progress is its
// position so far, drawn hollow and labelled "so far".
import { Exact, FinancialYear } from '@nhsp/domain';
import { drawChart } from './frame';
import { lineSpec } from './line-chart';
import { toNumber } from './scale';
import { COLOURS, SERIES_STYLES } from './style';
import { dataTable } from './table';
import { ChartOutput, ChartText, Figure, UnitFormat } from './types';

export interface IndexSeries {
  /** e.g. "England", "Leeds Teaching Hospitals", "Acute - Teaching (peer group)". */
  name: string;
  /** One index value per year; null before the chain starts or after it breaks. */
  values: readonly Figure[];
}

export interface IndexChartOptions extends ChartText {
  /** Financial years, consecutive and oldest first (`2019/20`, `2020/21`, …). */
  years: readonly string[];
  index: IndexSeries;
  peer?: IndexSeries;
  /** The last year is the year in progress (its position so far). */
  lastInProgress?: boolean;
  /** The yearly target as a fraction (0.02); its path starts at 100 in the index's first year. */
  target: Figure;
  format: UnitFormat;
  /** The y axis's title without its unit, e.g. "Productivity index". */
  axisTitle: string;
}

const BASE = 100;

/** `0.02` → `2%`, `0.025` → `2.5%`: the target as the legend names it. */
function targetText(target: Exact): string {
  return `${target.times(100).toDecimalPlaces(2).toString()}%`;
}

export function indexChart(o: IndexChartOptions): ChartOutput {
  const where = `index chart "${o.id}"`;
  if (o.years.length === 0) throw new Error(`${where}: no years`);
  const years = o.years.map((y, i) => {
    try {
      return FinancialYear.parse(y);
    } catch (error) {
      throw new Error(`${where}, year ${i + 1}: ${(error as Error).message}`);
    }
  });
  years.forEach((y, i) => {
    if (i > 0 && y.startYear !== years[i - 1].startYear + 1) throw new Error(`${where}: ${y} does not follow ${years[i - 1]} (years must be consecutive)`);
  });
  const series = [o.index, ...(o.peer ? [o.peer] : [])];
  for (const s of series) if (s.values.length !== o.years.length) throw new Error(`${where}: series "${s.name}" has ${s.values.length} values for ${o.years.length} years`);
  const numbers = series.map((s) => s.values.map((v, i) => toNumber(v, `${where}, series "${s.name}", ${o.years[i]}`)));
  if (o.target === null || toNumber(o.target, `${where}, target`) === null) throw new Error(`${where}: no target`);
  const target = new Exact(o.target);

  const start = o.index.values.findIndex((v) => v !== null);
  const path: (string | null)[] = o.years.map((_, i) => (start < 0 || i < start ? null : new Exact(1).plus(target).pow(i - start).times(BASE).toString()));
  const pathName = start < 0 ? `${targetText(target)} a year` : `${targetText(target)} a year from ${o.years[start]}`;
  const last = o.years.length - 1;
  const yearLabel = (i: number) => (o.lastInProgress && i === last ? `${o.years[i]} (so far)` : o.years[i]);

  const latest = [...o.index.values].reverse().find((v) => v !== null);
  const latestAt = latest === undefined ? -1 : o.index.values.lastIndexOf(latest);
  const description =
    o.description ??
    (latest === undefined
      ? `${o.index.name}: no index yet.`
      : `${o.axisTitle} of ${o.index.name} (${o.format.unit}): ${o.format.format(latest)} in ${yearLabel(latestAt)}, against ${o.format.format(path[latestAt]!)} on the path of ${pathName}` +
        (o.peer ? `; ${o.peer.name}: ${o.peer.values[latestAt] === null ? 'no index' : o.format.format(o.peer.values[latestAt]!)}.` : '.'));

  const cell = (values: readonly Figure[]) => ({
    text: (i: number) => (values[i] === null ? '–' : o.format.format(values[i]!)),
    figure: (i: number) => values[i],
  });
  const table = dataTable({
    id: `${o.id}-table`,
    caption: o.title,
    rows: o.years.map((_, i) => i),
    columns: [
      { header: 'Financial year', rowHeader: true, text: yearLabel },
      ...series.map((s) => ({ header: s.name, unit: o.format.unit, ...cell(s.values) })),
      { header: pathName, unit: o.format.unit, ...cell(path) },
    ],
  });

  const styles = [SERIES_STYLES[0], SERIES_STYLES[1]];
  return drawChart({ ...o, description }, table, (plotWidth, size) =>
    lineSpec(
      {
        xLabels: o.years.map((y, i) => (o.lastInProgress && i === last ? [y, 'so far'] : y)),
        series: [
          ...series.map((s, k) => ({ name: s.name, values: numbers[k], colour: styles[k].colour, dash: styles[k].dash, points: true, lastInProgress: o.lastInProgress })),
          { name: pathName, values: path.map((v) => (v === null ? null : Number(v))), colour: COLOURS.red, dash: [6, 4], points: false },
        ],
        yTitle: `${o.axisTitle} (${o.format.unit})`,
        format: o.format,
        withZero: false,
        baseline: BASE,
        plotHeight: { phone: 220, desktop: 260 },
      },
      plotWidth,
      size,
    ),
  );
}
