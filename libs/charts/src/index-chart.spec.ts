import { Exact } from '@nhsp/domain';
import { indexChart, IndexChartOptions } from './index-chart';
import { index, readability, readTable } from './spec-helpers';
import { svgTexts } from './svg-text';

const YEARS = ['2019/20', '2020/21', '2021/22', '2022/23', '2023/24', '2024/25', '2025/26'];
const chart = (over: Partial<IndexChartOptions> = {}) =>
  indexChart({
    id: 'trust-index',
    title: 'Leeds Teaching Hospitals NHS Trust: productivity since 2019/20',
    years: YEARS,
    lastInProgress: true,
    target: '0.02',
    format: index,
    axisTitle: 'Productivity index',
    index: { name: 'Leeds Teaching Hospitals NHS Trust', values: ['100', '76.31', '88.12', '91.2', '94.04', '96.51', '97.93'] },
    peer: { name: 'Acute - Teaching (peer group)', values: ['100', '78.02', '87.5', '90.2', '93.1', '95.9', '97.04'] },
    ...over,
  });

describe('index chart since 2019/20', () => {
  const out = chart();

  it('is readable on a phone and on a desktop, long names wrapped in the legend', () => {
    expect(readability(out)).toEqual({ phone: [], desktop: [] });
  });

  it('titles the axis with the base, names the 2% path and the peer group, and marks the year so far', () => {
    for (const svg of Object.values(out.renderings)) {
      const text = svgTexts(svg).map((t) => t.lines.join(' ')).join('|');
      expect(text).toMatch(/Productivity index \(2019\/20 = 100\)/);
      expect(text).toContain('2% a year from 2019/20');
      expect(text).toContain('Acute - Teaching (peer group)');
      expect(text).toContain('2025/26 so far');
    }
  });

  it('tables the index, the peer group and the path, which compounds the target exactly from 100', () => {
    const table = readTable(out.table);
    expect(table.headers).toEqual(['Financial year', 'Leeds Teaching Hospitals NHS Trust (2019/20 = 100)', 'Acute - Teaching (peer group) (2019/20 = 100)', '2% a year from 2019/20 (2019/20 = 100)']);
    expect(table.rows.map((r) => r[0].text)).toEqual([...YEARS.slice(0, 6), '2025/26 (so far)']);
    expect(table.rows.map((r) => r[1].value)).toEqual(['100', '76.31', '88.12', '91.2', '94.04', '96.51', '97.93']);
    expect(table.rows.map((r) => r[3].value)).toEqual(YEARS.map((_, k) => new Exact('1.02').pow(k).times(100).toString()));
    expect(table.rows[6][3].value).toBe('112.6162419264');
    expect(table.rows[6][3].text).toBe('112.6');
  });

  it('starts the path where a trust’s chain starts, and leaves a broken chain’s later years empty', () => {
    const later = chart({ index: { name: 'A trust formed in 2021', values: [null, null, '100', '101.5', null, null, null] }, peer: undefined, lastInProgress: false });
    const table = readTable(later.table);
    expect(table.headers[2]).toBe('2% a year from 2021/22 (2019/20 = 100)');
    expect(table.rows.map((r) => r[2].value)).toEqual([null, null, '100', '102', '104.04', '106.1208', '108.243216']);
    expect(table.rows.map((r) => r[1].text)).toEqual(['–', '–', '100.0', '101.5', '–', '–', '–']);
    expect(readability(later)).toEqual({ phone: [], desktop: [] });
  });

  it('refuses years that are not consecutive financial years', () => {
    expect(() => chart({ years: ['2019/20', '2021/22'], index: { name: 'X', values: ['100', '99'] }, peer: undefined })).toThrow('index chart "trust-index": 2021/22 does not follow 2019/20 (years must be consecutive)');
    expect(() => chart({ years: ['2019/21'], index: { name: 'X', values: ['100'] }, peer: undefined })).toThrow('index chart "trust-index", year 1: "2019/21" is not a financial year (expected e.g. 2025/26)');
  });
});
