// What moved a trust's growth (methodology §4, contributions that add up exactly): each point of
// delivery's or cost category's contribution as a floating step from where the previous one
// ended, and the total from zero. The total is the exact sum of the steps (decimal), so the
// chart and its table end where the published growth does.
import { Exact } from '@nhsp/domain';
import { drawChart } from './frame';
import { RowBar, rowsSpec } from './rows-chart';
import { toNumber } from './scale';
import { COLOURS } from './style';
import { dataTable } from './table';
import { ChartOutput, ChartText, Figure, UnitFormat } from './types';

export interface Step {
  /** The full name (the glossary's), e.g. "Non-pay: clinical supplies and services". */
  label: string;
  value: Figure;
}

export interface WaterfallOptions extends ChartText {
  steps: readonly Step[];
  /** e.g. "Output growth". */
  totalLabel: string;
  format: UnitFormat;
  /** The value axis's title without its unit, e.g. "Contribution to output growth". */
  axisTitle: string;
  /** The first column's header in the table, e.g. "Point of delivery". */
  stepHeader: string;
}

export interface WaterfallStep {
  label: string;
  value: string;
  start: string;
  end: string;
}

/** Each step starts where the previous one ended (exact decimals); the total is where the last ends. */
export function waterfallSteps(steps: readonly Step[], where = 'waterfall'): { steps: WaterfallStep[]; total: string } {
  let running = new Exact(0);
  const out = steps.map((s, i) => {
    if (toNumber(s.value, `${where}, step ${i + 1} ("${s.label}")`) === null) throw new Error(`${where}: step ${i + 1} ("${s.label}") has no value`);
    const start = running;
    running = running.plus(new Exact(s.value!));
    return { label: s.label, value: new Exact(s.value!).toString(), start: start.toString(), end: running.toString() };
  });
  return { steps: out, total: running.toString() };
}

export function waterfall(o: WaterfallOptions): ChartOutput {
  const where = `waterfall "${o.id}"`;
  if (o.steps.length === 0) throw new Error(`${where}: no steps`);
  const { steps, total } = waterfallSteps(o.steps, where);
  const f = (v: string) => o.format.format(v);
  const description =
    o.description ??
    `${o.axisTitle} (${o.format.unit}): ${steps.map((s) => `${s.label} ${f(s.value)}`).join(', ')}; together ${o.totalLabel.toLowerCase()} ${f(total)}.`;
  const tableRows = [...steps.map((s) => ({ ...s, total: false })), { label: o.totalLabel, value: total, start: '0', end: total, total: true }];
  const table = dataTable({
    id: `${o.id}-table`,
    caption: `${o.title} (the steps add up to ${f(total)})`,
    rows: tableRows,
    columns: [
      { header: o.stepHeader, rowHeader: true, text: (r) => r.label },
      { header: o.axisTitle, unit: o.format.unit, text: (r) => f(r.value), figure: (r) => r.value },
      { header: 'Running total', unit: o.format.unit, text: (r) => f(r.end), figure: (r) => r.end },
    ],
  });
  const bars: RowBar[] = tableRows.map((r) => ({
    label: r.label,
    bold: r.total,
    from: Number(r.start),
    to: Number(r.end),
    colour: r.total ? COLOURS.text : Number(r.value) < 0 ? COLOURS.red : COLOURS.blue,
    valueText: f(r.value),
    labelSide: 'outward',
  }));
  return drawChart({ ...o, description }, table, (plotWidth, size) => rowsSpec({ rows: bars, axisTitle: `${o.axisTitle} (${o.format.unit})`, format: o.format, withZero: true }, plotWidth, size));
}
