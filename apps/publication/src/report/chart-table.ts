// A chart's own table made responsive like the report's other tables, in a module of its own so
// that both the page layout (layout.ts) and the plan and pack parts (plan-html.ts, whose CSS the
// layout's stylesheet includes) use it without importing each other.

/**
 * A chart's own table (from @nhsp/charts) made responsive like the page's: each cell gets its
 * column's label for the stacked phone layout. The markup is the charts library's dataTable.
 */
export function responsiveChartTable(markup: string): string {
  const headers = [...(markup.match(/<thead[^>]*>(.*?)<\/thead>/)?.[1] ?? '').matchAll(/<th scope="col"[^>]*>(.*?)<\/th>/g)].map((m) => m[1]);
  const body = markup.replace(/<tbody([^>]*)>(.*?)<\/tbody>/, (_, attrs: string, rows: string) => {
    const labelled = rows.replace(/<tr([^>]*)>(.*?)<\/tr>/g, (__, trAttrs: string, cells: string) => {
      let i = 0;
      const out = cells.replace(/<(th|td)([^>]*)>(.*?)<\/\1>/g, (___, tag: string, cellAttrs: string, content: string) => {
        const header = headers[i++];
        return header === undefined || /colspan/.test(cellAttrs)
          ? `<${tag}${cellAttrs}>${content}</${tag}>`
          : `<${tag}${cellAttrs}><span class="nhsuk-table__heading" aria-hidden="true">${header} </span><span class="nhsp-cell">${content}</span></${tag}>`;
      });
      return `<tr${trAttrs}>${out}</tr>`;
    });
    return `<tbody${attrs}>${labelled}</tbody>`;
  });
  return body.replace(/<table class="nhsuk-table /, '<table role="table" class="nhsuk-table nhsuk-table--responsive ');
}
