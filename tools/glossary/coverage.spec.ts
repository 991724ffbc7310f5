// Every figure the output files publish has a glossary entry: the data contract's headers (the
// columns compute writes and the API serves) against @nhsp/board-answers' glossary; and the
// glossary's units draw @nhsp/charts' charts as the pages will. Here, in a tool, because neither
// library may import the other or the data contract (layers).
import { FINANCE_CATEGORIES } from '@nhsp/domain';
import { glossaryEntry, termName, UNIT_DISPLAYS } from '@nhsp/board-answers';
import { gapBars, monthChart, readabilityProblems, waterfall } from '@nhsp/charts';
import {
  AGGREGATES_HEADER,
  BENCHMARKS_HEADER,
  CONTRIBUTIONS_HEADER,
  ESTIMATES_HEADER,
  INDEX_HEADER,
  INDICATORS_HEADER,
  OPPORTUNITIES_HEADER,
  STABILITY_HEADER,
  TARGETS_HEADER,
} from '@nhsp/data-contract';

/** Columns that say which row it is (or hold codes the glossary lists under their own kind), not a figure. */
const KEYS = ['org_code', 'name', 'sector', 'peer_group', 'period', 'level', 'group', 'year', 'vintage', 'flags', 'side', 'component', 'metric', 'dimension', 'benchmark_group', 'unit', 'missing', 'indicator', 'window', 'change_kind'];

describe('glossary coverage of the published files', () => {
  it('has a published-figure entry for every figure column of every output file', () => {
    const headers = { ESTIMATES_HEADER, AGGREGATES_HEADER, CONTRIBUTIONS_HEADER, BENCHMARKS_HEADER, TARGETS_HEADER, INDEX_HEADER, STABILITY_HEADER, OPPORTUNITIES_HEADER, INDICATORS_HEADER };
    const figures = Object.entries(headers).flatMap(([file, columns]) => columns.filter((c) => !KEYS.includes(c)).map((column) => ({ file, column })));
    expect(figures.length).toBeGreaterThan(30);
    expect(figures.filter((f) => !glossaryEntry('measure', f.column))).toEqual([]);
  });
});

describe('the glossary’s units in the charts', () => {
  it('draws a chart whose labels, ticks and table are written by the glossary’s formatter', () => {
    const months = ['2025-04', '2025-05', '2025-06'];
    const values = ['-0.0123', '0.0045', '0.0211'];
    const chart = monthChart({ id: 'm', title: 'Growth', months, series: [{ name: 'Productivity growth', values }], format: UNIT_DISPLAYS.growth, axisTitle: 'Growth on a year earlier' });
    expect(chart.table).toContain('<td class="nhsuk-table__cell nhsuk-table__cell--numeric" data-value="-0.0123">\u22121.23%</td>');
    expect(chart.renderings.phone).toContain('>+2%</text>');
    expect(readabilityProblems(chart.renderings.phone, 358)).toEqual([]);
  });

  it('names every cost category in full in a waterfall, and writes length of stay in days', () => {
    const steps = FINANCE_CATEGORIES.slice(0, 6).map((c, i) => ({ label: termName('finance_category', c), value: String((i - 2) / 1000) }));
    const chart = waterfall({ id: 'w', title: 'Input', steps, totalLabel: termName('measure', 'input_growth'), format: UNIT_DISPLAYS.growth, axisTitle: 'Contribution to input growth', stepHeader: 'Cost category' });
    expect(chart.table).toContain('Non-pay: clinical supplies and services');
    expect(readabilityProblems(chart.renderings.phone, 358)).toEqual([]);
    const los = gapBars({ id: 'g', title: 'LOS', rows: [{ label: 'Adult acute', value: '31.2', benchmark: '28.4' }], direction: 'lower_is_better', format: UNIT_DISPLAYS.days, axisTitle: 'Length of stay', nameHeader: 'Ward type' });
    expect(los.table).toContain('>31.20 days</td>');
    expect(los.table).toContain('Length of stay (days)');
  });
});
