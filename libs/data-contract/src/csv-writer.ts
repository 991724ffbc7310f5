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
  const lines = [header.map(csvField).join(',')];
  let line = 1;
  for (const row of rows) {
    line++;
    if (row.length !== header.length) {
      throw new Error(`CSV row ${line} has ${row.length} cells where the header has ${header.length}`);
    }
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Formula starts (OWASP's list) and their full-width forms, which some spreadsheets read as the same. */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Stops a spreadsheet from running text from a download as a formula (CSV injection): text
 * starting with `=`, `+`, `-`, `@`, tab or CR (or a full-width `＝＋－＠`) gets a leading `'`,
 * unless it is a number such as `-0.05`, which must stay a number. Idempotent. The one function
 * for every CSV (csvField) and XLSX (publication's workbook) the platform writes.
 */
export function neutraliseFormula<T extends CsvCell>(value: T): T | string {
  if (typeof value !== 'string' || !FORMULA_START.test(value) || NUMBER.test(value)) return value;
  return `'${value}`;
}
