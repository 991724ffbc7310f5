// The release workbook: Trusts (NHS England's layout), Sectors (every aggregate: England, sectors,
// regions, peer groups), the plan view and packs (Target, Index, Opportunities, Indicators: the
// data contract's files), Notes (method, settings, caveats) and Manifest (the run's inputs, every
// submission hash). Growth rates are numbers with a percentage format; text is neutralised so no
// cell can become a formula; an empty cell is a blank, never an empty string; every font is named
// and sized and every column as wide as its content (data-contract's sheet-style).
import ExcelJS from 'exceljs';
import { fitColumns, nameEveryFont } from '@nhsp/data-contract';
import type { ReleaseEntity } from '@nhsp/persistence';
import { CAVEAT_NOTES, Cell, GROWTH_COLUMNS, KeyValue, manifestInputs, METHOD_NOTES, releaseNotes, SECTOR_COLUMNS, TRUST_COLUMNS } from './nhse-layout';
import { withEntryTimes } from './zip-times';

const PERCENT = '0.00%';
const POUNDS = '#,##0.00';

/**
 * Display formats of the data contract sheets' columns: growth rates and the target as
 * percentages, pounds with thousands separators. Only the display: each cell holds the number
 * of the CSV. (Values, benchmarks and indicator figures keep the general format: their units
 * differ from row to row.)
 */
const CONTRACT_FORMATS: Record<string, string> = {
  productivity_growth: PERCENT, target: PERCENT, required_output_growth_rest: PERCENT, required_productivity_growth_rest: PERCENT,
  projected_full_year_growth: PERCENT, output_growth: PERCENT, input_growth: PERCENT, savings_needed_gbp: POUNDS, opportunity_gbp: POUNDS,
};

function addTable(book: ExcelJS.Workbook, name: string, header: readonly string[], rows: Cell[][], formats: Record<string, string> = {}): void {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const formatOf = (h: string) => (GROWTH_COLUMNS.has(h) ? PERCENT : Object.hasOwn(formats, h) ? formats[h] : undefined);
  sheet.columns = header.map((h) => ({ header: h, key: h, style: formatOf(h) ? { numFmt: formatOf(h) } : {} }));
  for (const row of rows) {
    // Plain strings and numbers only: exceljs writes a formula only for { formula } values. An
    // empty text is a blank like a missing value.
    sheet.addRow(row.map((cell) => (cell === null ? null : 'text' in cell ? cell.text || null : Number(cell.number))));
  }
  nameEveryFont(sheet, 1);
  fitColumns(sheet);
}

/** Label / value lines (no header row); labels bold, empty values blank. */
function addLines(book: ExcelJS.Workbook, name: string, sections: ReadonlyArray<readonly KeyValue[]>): void {
  const sheet = book.addWorksheet(name);
  sections.forEach((lines, i) => {
    if (i > 0) sheet.addRow([]);
    for (const [k, v] of lines) sheet.addRow([k || null, v || null]);
  });
  nameEveryFont(sheet, 0);
  sheet.getColumn(1).eachCell((cell) => (cell.font = { ...cell.font, bold: true }));
  fitColumns(sheet, { bounds: { min: 8, max: 110 } });
}

/** A sheet laid out as a data contract file: its name, the file's header, its rows (contractRows). */
export interface ContractSheet {
  name: string;
  header: readonly string[];
  rows: Cell[][];
}

export async function releaseWorkbook(release: ReleaseEntity, trusts: Cell[][], sectors: Cell[][], contractSheets: readonly ContractSheet[] = []): Promise<Buffer> {
  // Every time in the file is the release's, never the request's, so the same release gives the
  // same bytes (and ETag): the workbook's own dates here, the zip entries' below.
  const releasedAt = new Date(release.publishedAt ?? release.createdAt);
  const book = new ExcelJS.Workbook();
  book.creator = 'NHS productivity publication service';
  book.created = releasedAt;
  book.modified = releasedAt;
  addTable(book, 'Trusts', TRUST_COLUMNS, trusts);
  addTable(book, 'Sectors', SECTOR_COLUMNS, sectors);
  for (const sheet of contractSheets) addTable(book, sheet.name, sheet.header, sheet.rows, CONTRACT_FORMATS);
  const method: KeyValue[] = METHOD_NOTES.map((line, i) => [i === 0 ? 'Method' : '', line]);
  const caveats: KeyValue[] = CAVEAT_NOTES.map((line, i) => [i === 0 ? 'Caveats' : '', line]);
  addLines(book, 'Notes', [method, releaseNotes(release), caveats]);
  // A table with a header (frozen, like the others), so 7,000 submission hashes can be filtered.
  addTable(book, 'Manifest', ['Input', 'Value'], manifestInputs(release).map(([k, v]) => [{ text: k }, { text: v }]));
  return withEntryTimes(Buffer.from(await book.xlsx.writeBuffer()), releasedAt);
}
