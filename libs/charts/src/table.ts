// The table beside every chart: the same figures, for every reader (screen readers, people who
// cannot tell the colours apart, anyone who wants the number). The NHS design system's table
// classes; a caption; header cells with scope and units; row headers; numeric cells right-aligned
// and carrying the exact figure in `data-value`, so a test can hold the table to the data.
import { escapeHtml } from './html';
import { Figure } from './types';

export interface Column<R> {
  header: string;
  /** Written after the header in brackets, e.g. "(%)"; omit for a column without a unit. */
  unit?: string;
  /** The row's name: a <th scope="row">. */
  rowHeader?: boolean;
  /** The cell's text (escaped here). */
  text: (row: R) => string;
  /** The exact figure behind a numeric cell; the cell is right-aligned and carries it in data-value. */
  figure?: (row: R) => Figure;
}

export interface TableOptions<R> {
  id: string;
  caption: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  /** Said under the caption when there are no rows. */
  empty?: string;
}

export function dataTable<R>(options: TableOptions<R>): string {
  const head = options.columns
    .map((c) => {
      const numeric = c.figure ? ' nhsuk-table__header--numeric' : '';
      const unit = c.unit ? ` (${escapeHtml(c.unit)})` : '';
      return `<th scope="col" class="nhsuk-table__header${numeric}">${escapeHtml(c.header)}${unit}</th>`;
    })
    .join('');
  const body = options.rows
    .map((row) => {
      const cells = options.columns
        .map((c) => {
          const text = escapeHtml(c.text(row));
          if (c.rowHeader) return `<th scope="row" class="nhsuk-table__header">${text}</th>`;
          if (c.figure) {
            const value = c.figure(row);
            const data = value === null ? '' : ` data-value="${escapeHtml(String(value))}"`;
            return `<td class="nhsuk-table__cell nhsuk-table__cell--numeric"${data}>${text}</td>`;
          }
          return `<td class="nhsuk-table__cell">${text}</td>`;
        })
        .join('');
      return `<tr class="nhsuk-table__row">${cells}</tr>`;
    })
    .join('');
  const empty = options.rows.length === 0 && options.empty ? `<tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="${options.columns.length}">${escapeHtml(options.empty)}</td></tr>` : '';
  return `<table class="nhsuk-table nhsp-chart-table" id="${escapeHtml(options.id)}"><caption class="nhsuk-table__caption">${escapeHtml(options.caption)}</caption><thead class="nhsuk-table__head"><tr class="nhsuk-table__row">${head}</tr></thead><tbody class="nhsuk-table__body">${body}${empty}</tbody></table>`;
}
