// A trust's or England's year-to-date growth month by month (productivity, output, input): the
// y axis in the unit's ticks with a titled unit, month labels that never collide, a legend.
import { drawChart } from './frame';
import { lineSpec } from './line-chart';
import { longMonth, shortMonth } from './months';
import { toNumber } from './scale';
import { SERIES_STYLES } from './style';
import { dataTable } from './table';
import { ChartOutput, ChartText, Figure, UnitFormat } from './types';

export interface MonthSeries {
  /** e.g. "Productivity growth". */
  name: string;
  /** One figure per month, in the order of `months`; null where there is none (a gap in the line). */
  values: readonly Figure[];
}

export interface MonthChartOptions extends ChartText {
  /** `YYYY-MM`, oldest first. */
  months: readonly string[];
  /** Up to four series; each is drawn in its own colour and dash. */
  series: readonly MonthSeries[];
  format: UnitFormat;
  /** The y axis's title without its unit, e.g. "Growth on the same months a year earlier". */
  axisTitle: string;
}

export function monthChart(o: MonthChartOptions): ChartOutput {
  const where = `month chart "${o.id}"`;
  if (o.months.length === 0) throw new Error(`${where}: no months`);
  if (o.series.length === 0 || o.series.length > SERIES_STYLES.length) throw new Error(`${where}: between 1 and ${SERIES_STYLES.length} series (got ${o.series.length})`);
  const labels = o.months.map((m, i) => shortMonth(m, `${where}, month ${i + 1}`));
  const series = o.series.map((s, k) => {
    if (s.values.length !== o.months.length) throw new Error(`${where}: series "${s.name}" has ${s.values.length} values for ${o.months.length} months`);
    return { ...s, numbers: s.values.map((v, i) => toNumber(v, `${where}, series "${s.name}", ${o.months[i]}`)), style: SERIES_STYLES[k] };
  });
  const first = longMonth(o.months[0]);
  const last = longMonth(o.months[o.months.length - 1]);
  const description =
    o.description ??
    `${o.axisTitle} (${o.format.unit}), ${first === last ? first : `${first} to ${last}`}. ` +
      series
        .map((s) => {
          const latest = [...s.values].reverse().find((v) => v !== null);
          return latest === undefined ? `${s.name}: no figures.` : `${s.name}: ${o.format.format(latest)} in ${longMonth(o.months[s.values.lastIndexOf(latest)])}.`;
        })
        .join(' ');
  const table = dataTable({
    id: `${o.id}-table`,
    caption: o.title,
    rows: o.months.map((month, i) => ({ month, i })),
    columns: [
      { header: 'Month', rowHeader: true, text: (r) => longMonth(r.month) },
      ...o.series.map((s) => ({
        header: s.name,
        unit: o.format.unit,
        text: (r: { i: number }) => (s.values[r.i] === null ? '–' : o.format.format(s.values[r.i]!)),
        figure: (r: { i: number }) => s.values[r.i],
      })),
    ],
  });
  return drawChart({ ...o, description }, table, (plotWidth, size) =>
    lineSpec(
      {
        xLabels: labels,
        series: series.map((s) => ({ name: s.name, values: s.numbers, colour: s.style.colour, dash: s.style.dash, points: true })),
        yTitle: `${o.axisTitle} (${o.format.unit})`,
        format: o.format,
        withZero: true,
        baseline: 0,
        plotHeight: { phone: 220, desktop: 260 },
      },
      plotWidth,
      size,
    ),
  );
}
