// How a published workbook's cells look, shared by the release workbook (publication) and the
// opportunity pack (nhsp pack): every cell's font named and sized (a font with no name is drawn
// in whatever the reader's spreadsheet picks: LibreOffice chose Cambria), and columns as wide as
// their longest value, within bounds. Only types from exceljs, so loading this library does not
// load exceljs.
import type { Cell, Font, Worksheet } from 'exceljs';

export const SHEET_FONT_NAME = 'Arial';
export const SHEET_BODY_FONT: Partial<Font> = { name: SHEET_FONT_NAME, size: 10 };
export const SHEET_HEADER_FONT: Partial<Font> = { ...SHEET_BODY_FONT, bold: true };

/** Column widths in characters: never narrower than `min`, never wider than `max` (longer text wraps). */
export interface WidthBounds {
  min: number;
  max: number;
}

const EXCELJS_DEFAULT_WIDTH = 9;

export const DEFAULT_WIDTH_BOUNDS: WidthBounds = { min: 8, max: 80 };

/** Gives every cell of the sheet (blanks too) the body font, and the first `headerRows` rows the bold one. */
export function nameEveryFont(sheet: Worksheet, headerRows: number): void {
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.font = r <= headerRows ? { ...SHEET_HEADER_FONT, ...definedOnly(cell.font) } : { ...SHEET_BODY_FONT, ...definedOnly(cell.font) };
    });
  });
}

/** Keeps a cell's own settings (bold, colour) but never lets an unnamed, unsized font through. */
function definedOnly(font: Partial<Font> | undefined): Partial<Font> {
  const out: Partial<Font> = {};
  for (const [k, v] of Object.entries(font ?? {})) if (v !== undefined && v !== null) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Characters a cell shows: its text, or its number as its format displays it (near enough for a width). */
export function shownLength(cell: Pick<Cell, 'value' | 'numFmt'>): number {
  const value = cell.value;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') {
    const format = cell.numFmt ?? '';
    const places = /0\.(0+)/.exec(format)?.[1].length ?? 0;
    if (format.includes('%')) return (value * 100).toFixed(places).length + 1;
    if (format.includes('0')) {
      const shown = value.toLocaleString('en-GB', { minimumFractionDigits: places, maximumFractionDigits: places, useGrouping: format.includes(',') });
      return shown.length + (format.includes('£') ? 1 : 0);
    }
    // Excel's General format shows a number in at most 11 characters.
    return Math.min(String(value).length, 11);
  }
  return String(value).length;
}

/** How to fit: the bounds, a minimum per column (a designed width), rows that do not count (a heading or a note across the sheet). */
export interface FitOptions {
  bounds?: WidthBounds;
  minimums?: readonly number[];
  ignoreRow?: (rowNumber: number) => boolean;
}

/**
 * Sets each column's width from its longest value (header included) plus a margin, within the
 * bounds; a column held to its maximum wraps its text so nothing is cut off.
 */
export function fitColumns(sheet: Worksheet, { bounds = DEFAULT_WIDTH_BOUNDS, minimums = [], ignoreRow = () => false }: FitOptions = {}): void {
  const longest: number[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (ignoreRow(r)) return;
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      longest[c - 1] = Math.max(longest[c - 1] ?? 0, shownLength(cell));
    });
  });
  for (let c = 0; c < Math.max(longest.length, minimums.length); c++) {
    const column = sheet.getColumn(c + 1);
    const wanted = (longest[c] ?? 0) + 2;
    const width = Math.min(bounds.max, Math.max(bounds.min, minimums[c] ?? 0, wanted));
    // exceljs leaves out a width equal to its default (9), and a reader then draws the column at
    // its own default (8.43 in Excel): one more character keeps the width in the file.
    column.width = width === EXCELJS_DEFAULT_WIDTH ? width + 1 : width;
    if (wanted > bounds.max) {
      column.eachCell({ includeEmpty: false }, (cell, r) => {
        if (!ignoreRow(r)) cell.alignment = { ...cell.alignment, wrapText: true, vertical: 'top' };
      });
    }
  }
}
