export type CsvCell = string | number | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One RFC 4180 field: quoted only when it holds a quote, comma or line break. Text a spreadsheet
 * would run as a formula is neutralised here (neutraliseFormula), so no CSV the platform writes -
 * `nhsp compute`'s files, every API download - can carry one, and all of them write a name alike.
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to a CSV file`);
    return String(value);
  }
  const text = neutraliseFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV file: header then rows, `\n` after every line, null and undefined as empty cells. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  // Appended cell by cell: no array of fields per row and none of lines (a whole history writes millions of cells).
  let text = `${header.map(csvField).join(',')}\n`;
  let line = 1;
  for (const row of rows) {
    line++;
    if (row.length !== header.length) {
      throw new Error(`CSV row ${line} has ${row.length} cells where the header has ${header.length}`);
    }
    for (let i = 0; i < row.length; i++) text += i === 0 ? csvField(row[i]) : `,${csvField(row[i])}`;
    text += '\n';
  }
  return text;
}

/** Formula starts (OWASP's list) and their full-width forms, which some spreadsheets read as the same. */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** FORMULA_START's characters by code: most cells start with a letter or digit and need no regular expression. */
const FORMULA_CODES = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0xff1d, 0xff0b, 0xff0d, 0xff20]);
const startsLikeFormula = (value: string) => FORMULA_CODES.has(value.charCodeAt(0)) && FORMULA_START.test(value);

/**
 * Stops a spreadsheet from running text from a download as a formula (CSV injection): text
 * starting with `=`, `+`, `-`, `@`, tab or CR (or a full-width `＝＋－＠`) gets a leading `'`,
 * unless it is a number such as `-0.05`, which must stay a number. Idempotent. The one function
 * for every CSV (csvField) and XLSX (publication's workbook) the platform writes.
 */
export function neutraliseFormula<T extends CsvCell>(value: T): T | string {
  if (typeof value !== 'string' || !startsLikeFormula(value) || NUMBER.test(value)) return value;
  return `'${value}`;
}
