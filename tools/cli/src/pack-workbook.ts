// One trust's opportunity pack as a workbook a finance director would circulate: a cover (trust,
// period, sector, the overlap warning, what data was missing), the categories grouped as the
// board paper's Table 2 groups them for the sector, the cost index drill-down for an acute trust,
// and notes defining each category. Numbers are numbers with formats; every text cell is
// neutralised so that none can be taken for a formula.
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { dimensionLabel, METRIC_LABELS, periodLabel, SECTOR_LABELS, UNIT_LABELS, ValueKind } from '@nhsp/board-answers';
import { fitColumns, nameEveryFont, neutraliseFormula } from '@nhsp/data-contract';
import { formatMissing, Trust } from '@nhsp/domain';
import { MethodSettings, METRIC_SECTORS, OpportunityRow, OVERLAP_WARNING, PACK_SECTIONS, PackMetric } from '@nhsp/methodology';

export const FONT = 'Arial';
export const TITLE_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 16, bold: true, color: { argb: 'FF005EB8' } };
export const HEADER_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 11, bold: true, color: { argb: 'FFFFFFFF' } };
export const BODY_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 10 };
const SECTION_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 11, bold: true };
const LABEL_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 11, bold: true };
const WARNING_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 11, bold: true, color: { argb: 'FFC00000' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF005EB8' } };
const SECTION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDEE' } };

/** Excel number formats: values by kind, units and pounds to 2 dp as in opportunities.csv. */
export const VALUE_FORMATS: Record<ValueKind, string> = { index: '0.000', share: '0.00%', gbp: '"£"#,##0.00', number: '#,##0.0' };
export const UNITS_FORMAT = '#,##0.00';
export const POUNDS_FORMAT = '"£"#,##0.00';

/** The Opportunities sheet's columns, in order. */
export const OPPORTUNITY_COLUMNS = [
  { header: 'Category', width: 44 },
  { header: 'Dimension', width: 30 },
  { header: 'Value', width: 14 },
  { header: 'Benchmark', width: 14 },
  { header: 'Benchmark group', width: 22 },
  { header: 'Opportunity', width: 16 },
  { header: 'Unit', width: 14 },
  { header: 'Opportunity (£)', width: 18 },
  { header: 'Data missing', width: 60 },
] as const;

export const DETAIL_COLUMNS = [
  { header: 'POD: HRG subchapter', width: 22 },
  { header: 'Cost index', width: 14 },
  { header: 'Benchmark', width: 14 },
  { header: 'Peer group', width: 24 },
  { header: 'Expected cost (£)', width: 20 },
  { header: 'Opportunity (£)', width: 18 },
] as const;

/** Text for a cell: never a formula, whatever a trust list or return holds. */
const text = (value: string): string => neutraliseFormula(value) as string;
/** Two places, halves away from zero, as the CSV writes them. */
const twoPlaces = (d: Decimal | null | undefined): number | null => (d ? d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber() : null);
const number = (d: Decimal | null | undefined): number | null => (d ? d.toNumber() : null);

function headerRow(sheet: ExcelJS.Worksheet, columns: readonly { header: string; width: number }[]): void {
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const row = sheet.getRow(1);
  row.font = HEADER_FONT;
  row.fill = HEADER_FILL;
  row.alignment = { vertical: 'middle', wrapText: true };
  row.height = 20;
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** A landscape page, one page wide, the header row repeated: it prints as a board paper annex. */
function printable(sheet: ExcelJS.Worksheet, repeatHeader: boolean): void {
  sheet.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: repeatHeader ? '1:1' : undefined };
}

function categoryName(metric: PackMetric): string {
  const label = METRIC_LABELS[metric];
  return label.per ? `${label.label} (${label.per})` : label.label;
}

export interface PackWorkbookInput {
  trust: Trust;
  period: string;
  rows: readonly OpportunityRow[];
  settings: MethodSettings;
  /** When the pack was made (the workbook's created date). */
  created?: Date;
}

function cover(book: ExcelJS.Workbook, { trust, period, rows, settings }: PackWorkbookInput): void {
  const sheet = book.addWorksheet('Cover');
  sheet.columns = [{ width: 26 }, { width: 110 }];
  sheet.addRow(['Opportunity pack']).font = TITLE_FONT;
  sheet.addRow([text(trust.name)]).font = { name: FONT, size: 14, bold: true };
  sheet.addRow([]);
  const facts: [string, string][] = [
    ['Organisation code', trust.orgCode],
    ['Sector', SECTOR_LABELS[trust.sector]],
    ['Peer group', trust.peerGroup],
    ['Region', trust.region],
    ['Period', periodLabel(period)],
    ['Benchmarks', 'The 75th percentile of performance (the bottom of the top quartile, Excel PERCENTILE.INC): the 25th percentile value where lower is better, the 75th where higher is better; energy against the median.'],
    ['Clinical supplies saving', `${new Decimal(settings.clinicalSuppliesSaving).times(100).toString()}% of spend`],
  ];
  for (const [label, value] of facts) {
    const row = sheet.addRow([label, text(value)]);
    row.getCell(1).font = LABEL_FONT;
    row.getCell(2).font = BODY_FONT;
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  sheet.addRow([]);
  const warning = sheet.addRow(['Read before use', OVERLAP_WARNING]);
  warning.getCell(1).font = WARNING_FONT;
  warning.getCell(2).font = WARNING_FONT;
  warning.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  sheet.addRow([]);
  const lacking = rows.filter((r) => r.missing.length > 0 && r.metric !== 'cost_index_detail');
  const title = sheet.addRow(['Data missing', lacking.length ? `${lacking.length} of the pack’s rows lack data:` : 'None: every category had the data it needs.']);
  title.getCell(1).font = LABEL_FONT;
  title.getCell(2).font = BODY_FONT;
  for (const row of lacking) {
    const name = row.dimension ? `${METRIC_LABELS[row.metric].label}, ${dimensionLabel(row.dimension)}` : METRIC_LABELS[row.metric].label;
    const line = sheet.addRow([null, text(`${name}: ${formatMissing(row.missing)}`)]);
    line.getCell(2).font = BODY_FONT;
    line.getCell(2).alignment = { wrapText: true };
  }
  nameEveryFont(sheet, 0);
  printable(sheet, false);
}

/**
 * Named fonts on every cell (blanks too) and columns at least their designed width, wider when a
 * value is longer (a long peer group, a dimension): `ignored` rows (section headings, the closing
 * warning) run across the sheet and do not count.
 */
function finish(sheet: ExcelJS.Worksheet, columns: readonly { width: number }[], ignored: ReadonlySet<number> = new Set()): void {
  nameEveryFont(sheet, 1);
  fitColumns(sheet, { bounds: { min: 8, max: 80 }, minimums: columns.map((c) => c.width), ignoreRow: (r) => ignored.has(r) });
}

function opportunities(book: ExcelJS.Workbook, { trust, rows }: PackWorkbookInput): void {
  const sheet = book.addWorksheet('Opportunities');
  headerRow(sheet, OPPORTUNITY_COLUMNS);
  const acrossSheet = new Set<number>();
  for (const section of PACK_SECTIONS) {
    const metrics = section.metrics.filter((m) => m !== 'cost_index_detail' && METRIC_SECTORS[m].includes(trust.sector));
    if (!metrics.length) continue;
    const heading = sheet.addRow([text(section.title)]);
    acrossSheet.add(heading.number);
    heading.font = SECTION_FONT;
    for (let c = 1; c <= OPPORTUNITY_COLUMNS.length; c++) heading.getCell(c).fill = SECTION_FILL;
    for (const metric of metrics) {
      const format = VALUE_FORMATS[METRIC_LABELS[metric].kind];
      for (const r of rows.filter((row) => row.metric === metric)) {
        const row = sheet.addRow([
          text(categoryName(metric)),
          r.dimension === null ? null : text(dimensionLabel(r.dimension)),
          number(r.value),
          number(r.benchmark),
          r.benchmarkGroup === null ? null : text(r.benchmarkGroup),
          twoPlaces(r.opportunityUnits),
          r.unit === null ? null : UNIT_LABELS[r.unit],
          twoPlaces(r.opportunityGbp),
          r.missing.length ? text(formatMissing(r.missing)) : null,
        ]);
        row.font = BODY_FONT;
        row.getCell(3).numFmt = format;
        row.getCell(4).numFmt = format;
        row.getCell(6).numFmt = UNITS_FORMAT;
        row.getCell(8).numFmt = POUNDS_FORMAT;
        row.getCell(9).alignment = { wrapText: true };
      }
    }
  }
  sheet.addRow([]);
  const warning = sheet.addRow([OVERLAP_WARNING]);
  warning.font = WARNING_FONT;
  acrossSheet.add(warning.number);
  finish(sheet, OPPORTUNITY_COLUMNS, acrossSheet);
  printable(sheet, true);
}

function costIndexDetail(book: ExcelJS.Workbook, { rows }: PackWorkbookInput): void {
  const sheet = book.addWorksheet('Cost index detail');
  headerRow(sheet, DETAIL_COLUMNS);
  // Largest opportunity first: where to look.
  const detail = rows.filter((row) => row.metric === 'cost_index_detail');
  const byOpportunity = (r: OpportunityRow) => r.opportunityGbp ?? new Decimal(-1);
  for (const r of [...detail].sort((a, b) => byOpportunity(b).comparedTo(byOpportunity(a)) || (a.dimension ?? '').localeCompare(b.dimension ?? ''))) {
    const row = sheet.addRow([
      r.dimension === null ? null : text(r.dimension),
      number(r.value),
      number(r.benchmark),
      r.benchmarkGroup === null ? null : text(r.benchmarkGroup),
      twoPlaces(r.expectedCostGbp),
      twoPlaces(r.opportunityGbp),
    ]);
    row.font = BODY_FONT;
    row.getCell(2).numFmt = VALUE_FORMATS.index;
    row.getCell(3).numFmt = VALUE_FORMATS.index;
    row.getCell(5).numFmt = POUNDS_FORMAT;
    row.getCell(6).numFmt = POUNDS_FORMAT;
  }
  finish(sheet, DETAIL_COLUMNS);
  printable(sheet, true);
}

const NOTES_COLUMNS = [
  { header: 'Category', width: 44 },
  { header: 'How it is worked out (methodology §11)', width: 120 },
] as const;

function notes(book: ExcelJS.Workbook, { trust }: PackWorkbookInput): void {
  const sheet = book.addWorksheet('Notes');
  headerRow(sheet, NOTES_COLUMNS);
  for (const section of PACK_SECTIONS) {
    for (const metric of section.metrics.filter((m) => METRIC_SECTORS[m].includes(trust.sector))) {
      const row = sheet.addRow([categoryName(metric), METRIC_LABELS[metric].definition]);
      row.font = BODY_FONT;
      row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  printable(sheet, true);
}

/** The workbook's bytes. */
export async function packWorkbook(input: PackWorkbookInput): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'nhsp pack';
  book.title = `Opportunity pack ${input.trust.orgCode} ${input.period}`;
  book.created = input.created ?? new Date();
  book.modified = book.created;
  cover(book, input);
  opportunities(book, input);
  if (METRIC_SECTORS.cost_index_detail.includes(input.trust.sector)) costIndexDetail(book, input);
  notes(book, input);
  return Buffer.from(await book.xlsx.writeBuffer());
}
