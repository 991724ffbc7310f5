// Reading figures back out of the rendered markup, so the tests hold the page to the golden rows.
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
export const unescapeHtml = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
// A responsive table labels each cell with its column's name for the phone's stacked rows: not the figure.
const stripTags = (markup: string) => unescapeHtml(markup.replace(/<span class="nhsuk-table__heading" aria-hidden="true">.*?<\/span>/g, '').replace(/<[^>]*>/g, ''));
const quote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A figure of a fact list (`data-figure`): its exact value and the text shown. */
export function fact(markup: string, code: string): { value: string | null; text: string } {
  const m = new RegExp(`data-figure="${quote(code)}"(?: data-value="([^"]*)")?><span class="nhsp-fact">(.*?)</span>`).exec(markup);
  if (!m) throw new Error(`no figure "${code}" in the markup`);
  return { value: m[1] === undefined ? null : unescapeHtml(m[1]), text: stripTags(m[2]) };
}

export function hasFact(markup: string, code: string): boolean {
  return markup.includes(`data-figure="${code}"`);
}

/** A cell of a table row (`data-row`, `data-col`): its exact value and the text shown. */
export function cell(markup: string, row: string, col: string): { value: string | null; text: string } {
  const tr = new RegExp(`<tr class="nhsuk-table__row" data-row="${quote(row)}">(.*?)</tr>`).exec(markup);
  if (!tr) throw new Error(`no row "${row}" in the markup`);
  const td = new RegExp(`data-col="${quote(col)}"(?: data-value="([^"]*)")?>(.*?)</t[dh]>`).exec(tr[1]);
  if (!td) throw new Error(`no column "${col}" in row "${row}"`);
  return { value: td[1] === undefined ? null : unescapeHtml(td[1]), text: stripTags(td[2]) };
}

export function count(markup: string, text: string): number {
  return markup.split(text).length - 1;
}

/** The `data-value`s of a chart's table (`id="…-table"`), in order. */
export function chartTableValues(markup: string, tableId: string): string[] {
  const t = new RegExp(`<table (?:role="table" )?class="nhsuk-table (?:nhsuk-table--responsive )?nhsp-chart-table" id="${quote(tableId)}">(.*?)</table>`).exec(markup);
  if (!t) throw new Error(`no chart table "${tableId}"`);
  return [...t[1].matchAll(/data-value="([^"]*)"/g)].map((m) => unescapeHtml(m[1]));
}

/** A chart table's numeric cells row by row: each cell's `data-value`, null where the cell has none ("–"). */
export function chartTableRows(markup: string, tableId: string): (string | null)[][] {
  const t = new RegExp(`<table (?:role="table" )?class="nhsuk-table (?:nhsuk-table--responsive )?nhsp-chart-table" id="${quote(tableId)}">(.*?)</table>`).exec(markup);
  if (!t) throw new Error(`no chart table "${tableId}"`);
  const body = t[1].slice(t[1].indexOf('<tbody'));
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((tr) =>
    [...tr[1].matchAll(/<td class="nhsuk-table__cell nhsuk-table__cell--numeric"(?: data-value="([^"]*)")?>/g)].map((m) => (m[1] === undefined ? null : unescapeHtml(m[1]))),
  );
}

/** Every chart rendering in the markup with the width it is drawn (and shown) at. */
export function svgRenderings(markup: string): { id: string; svg: string; width: number }[] {
  return [...markup.matchAll(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*width="(\d+)"[^>]*aria-labelledby="([^" ]*)-title[\s\S]*?<\/svg>/g)].map((m) => ({ id: m[2], svg: m[0], width: Number(m[1]) }));
}
