// Words and units on the pages come from the glossary of @nhsp/board-answers (one place for every
// code's plain name, unit and explanation, shared with the workbook and the API): a metric, POD,
// cost category or flag is shown by its name, linked to its glossary entry, and every figure is
// written by its unit's formatter ("+1.23%", "£0.91", "4.20 days").
import { formatFigure, glossaryAnchor, glossaryEntry, GlossaryKind, termName, UNIT_DISPLAYS } from '@nhsp/board-answers';
import type { DisplayUnitCode } from '@nhsp/board-answers';
import { html, SafeHtml } from './html';

export const GLOSSARY_PATH = '/report/glossary';

export function glossaryHref(kind: GlossaryKind, code: string): string {
  return `${GLOSSARY_PATH}#${glossaryAnchor(kind, code)}`;
}

/** A code's plain name as a link to its glossary entry; the code itself (unlinked) if the glossary has no such entry. */
export function term(kind: GlossaryKind, code: string, text?: string): SafeHtml {
  const name = text ?? termName(kind, code);
  return glossaryEntry(kind, code) ? html`<a href="${glossaryHref(kind, code)}">${name}</a>` : html`${name}`;
}

/** The unit a figure of this code is written in, as an axis or column names it ("%", "£", "days"); null for none. */
export function unitOf(kind: GlossaryKind, code: string): DisplayUnitCode | null {
  return glossaryEntry(kind, code)?.unit ?? null;
}

/** Growth as every page writes it: "+5.01%", "−2.86%", "0.00%", "–" for none. */
export function growth(value: string | number | null | undefined): string {
  return UNIT_DISPLAYS.growth.format(value);
}

/** A figure of a code in the code's own unit; a code the glossary lacks is written as a plain number. */
export function figureOf(kind: GlossaryKind, code: string, value: string | number | null | undefined): string {
  if (!unitOf(kind, code)) return UNIT_DISPLAYS.count.format(value);
  return formatFigure(kind, code, value);
}

/** A figure in a unit: pounds to the pound for totals, etc. */
export function inUnit(unit: DisplayUnitCode, value: string | number | null | undefined): string {
  return UNIT_DISPLAYS[unit].format(value);
}

/** "1 trust", "14 trusts" (the glossary's count unit writes "1 trusts"). */
export function trustCount(n: number): string {
  return `${UNIT_DISPLAYS.count.format(n)} ${n === 1 ? 'trust' : 'trusts'}`;
}

export { termName, UNIT_DISPLAYS };
