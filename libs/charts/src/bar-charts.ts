// Two bar charts for the packs (issue 14): a bar list (one bar from zero per category, e.g. each
// category's opportunity in £) and gap bars (each row's value against its benchmark, the gap
// between them as the bar, red where the trust is on the worse side, green where better).
import { drawChart } from './frame';
import { RowBar, rowsSpec } from './rows-chart';
import { toNumber } from './scale';
import { COLOURS } from './style';
import { dataTable } from './table';
import { ChartOutput, ChartText, Figure, UnitFormat } from './types';

export interface NamedFigure {
  label: string;
  value: Figure;
}

export interface BarListOptions extends ChartText {
  bars: readonly NamedFigure[];
  format: UnitFormat;
  /** The value axis's title without its unit, e.g. "Opportunity". */
  axisTitle: string;
  /** The table's first column header, e.g. "Category". */
  nameHeader: string;
}

export function barList(o: BarListOptions): ChartOutput {
  const where = `bar list "${o.id}"`;
  if (o.bars.length === 0) throw new Error(`${where}: no bars`);
  const values = o.bars.map((b, i) => {
    const v = toNumber(b.value, `${where}, bar ${i + 1} ("${b.label}")`);
    if (v === null) throw new Error(`${where}: bar ${i + 1} ("${b.label}") has no value`);
    return v;
  });
  const description = o.description ?? `${o.axisTitle} (${o.format.unit}): ${o.bars.map((b) => `${b.label} ${o.format.format(b.value!)}`).join(', ')}.`;
  const table = dataTable({
    id: `${o.id}-table`,
    caption: o.title,
    rows: o.bars,
    columns: [
      { header: o.nameHeader, rowHeader: true, text: (b) => b.label },
      { header: o.axisTitle, unit: o.format.unit, text: (b) => o.format.format(b.value!), figure: (b) => b.value },
    ],
  });
  const rows: RowBar[] = o.bars.map((b, i) => ({ label: b.label, from: 0, to: values[i], colour: values[i] < 0 ? COLOURS.red : COLOURS.blue, valueText: o.format.format(b.value!), labelSide: 'outward' }));
  return drawChart({ ...o, description }, table, (plotWidth, size) => rowsSpec({ rows, axisTitle: `${o.axisTitle} (${o.format.unit})`, format: o.format, withZero: true }, plotWidth, size));
}

export interface GapRow {
  /** e.g. "Adult acute" (a ward type), "Non-elective long stay", or the category itself. */
  label: string;
  value: Figure;
  /** Null where the category has no benchmark (the row shows the value alone). */
  benchmark: Figure;
}

export interface GapBarsOptions extends ChartText {
  rows: readonly GapRow[];
  direction: 'lower_is_better' | 'higher_is_better';
  format: UnitFormat;
  /** The value axis's title without its unit, e.g. "Length of stay". */
  axisTitle: string;
  nameHeader: string;
  /** What the benchmark is called on the chart and in the table (default "Benchmark"). */
  benchmarkName?: string;
}

export function gapBars(o: GapBarsOptions): ChartOutput {
  const where = `gap bars "${o.id}"`;
  if (o.rows.length === 0) throw new Error(`${where}: no rows`);
  const benchmarkName = o.benchmarkName ?? 'Benchmark';
  const rows = o.rows.map((r, i) => {
    const value = toNumber(r.value, `${where}, row ${i + 1} ("${r.label}") value`);
    const benchmark = toNumber(r.benchmark, `${where}, row ${i + 1} ("${r.label}") benchmark`);
    if (value === null) throw new Error(`${where}: row ${i + 1} ("${r.label}") has no value`);
    return { ...r, v: value, b: benchmark };
  });
  const worse = (v: number, b: number) => (o.direction === 'lower_is_better' ? v > b : v < b);
  const gapText = (r: (typeof rows)[number]) => {
    if (r.b === null) return 'no benchmark';
    if (r.v === r.b) return 'at the benchmark';
    return worse(r.v, r.b) ? 'worse than the benchmark' : 'better than the benchmark';
  };
  const description =
    o.description ??
    `${o.axisTitle} (${o.format.unit}), ${o.direction === 'lower_is_better' ? 'lower' : 'higher'} is better: ` +
      rows.map((r) => `${r.label} ${o.format.format(r.value!)}${r.b === null ? ', no benchmark' : ` against ${benchmarkName.toLowerCase()} ${o.format.format(r.benchmark!)}, ${gapText(r)}`}`).join('; ') +
      '.';
  const table = dataTable({
    id: `${o.id}-table`,
    caption: `${o.title} (${o.direction === 'lower_is_better' ? 'lower' : 'higher'} is better)`,
    rows,
    columns: [
      { header: o.nameHeader, rowHeader: true, text: (r) => r.label },
      { header: o.axisTitle, unit: o.format.unit, text: (r) => o.format.format(r.value!), figure: (r) => r.value },
      { header: benchmarkName, unit: o.format.unit, text: (r) => (r.benchmark === null ? '–' : o.format.format(r.benchmark)), figure: (r) => r.benchmark },
      { header: 'Against the benchmark', text: gapText },
    ],
  });
  const bars: RowBar[] = rows.map((r) => ({
    label: r.label,
    from: r.b ?? r.v,
    to: r.v,
    colour: r.b === null ? COLOURS.grey : worse(r.v, r.b) ? COLOURS.red : COLOURS.green,
    valueText: o.format.format(r.value!),
    markAt: r.b ?? undefined,
    note: r.b === null ? `No ${benchmarkName.toLowerCase()}` : `${benchmarkName} ${o.format.format(r.benchmark!)}`,
    labelSide: 'to',
  }));
  return drawChart({ ...o, description }, table, (plotWidth, size) => rowsSpec({ rows: bars, axisTitle: `${o.axisTitle} (${o.format.unit})`, format: o.format, withZero: false }, plotWidth, size));
}
