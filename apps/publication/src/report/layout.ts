// The page shell shared by the report pages: language, viewport, inline CSS (no external asset),
// a skip link, header, main landmark and footer; plus the small building blocks of both pages.
import { html, SafeHtml, trusted } from './html';

// Colours: text #212b32 on #ffffff is 14.7:1, links #005eb8 on white 6.0:1, secondary text
// #4c6272 on white 6.2:1, white on the header blue #005eb8 6.0:1 (WCAG AA asks 4.5:1).
const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;font-size:1rem;line-height:1.5;color:#212b32;background:#ffffff}
a{color:#005eb8}
a:visited{color:#330072}
a:focus,a:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid #212b32;outline-offset:2px;background:#ffeb3b;color:#212b32;text-decoration:none}
.skip-link{position:absolute;left:-9999px;top:0;padding:.5rem 1rem;background:#ffeb3b;color:#212b32;z-index:10}
.skip-link:focus{left:1rem;top:1rem}
header.site{background:#005eb8;color:#ffffff;padding:.75rem 1rem}
header.site a{color:#ffffff}
header.site a:focus{color:#212b32}
header.site p{margin:0;font-weight:600}
main{display:block;max-width:1100px;margin:0 auto;padding:1rem}
footer{max-width:1100px;margin:2rem auto 0;padding:1rem;border-top:1px solid #d8dde0;color:#4c6272;font-size:.9rem}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem;padding-top:.5rem;border-top:1px solid #d8dde0}
h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
.meta{color:#4c6272;margin:.25rem 0}
.meta strong{color:#212b32}
.headline{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:.75rem;margin:1rem 0;padding:0;list-style:none}
.headline li{border:1px solid #d8dde0;border-left:6px solid #005eb8;padding:.75rem 1rem;background:#f0f4f5}
.headline .label{display:block;font-size:.95rem}
.headline .figure{display:block;font-size:2rem;font-weight:700;line-height:1.2}
.table-wrap{overflow-x:auto;margin:.5rem 0 1rem;border:1px solid #d8dde0}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.5rem;caption-side:top;position:sticky;left:0;max-width:calc(100vw - 2rem)}
th,td{padding:.4rem .6rem;border-bottom:1px solid #d8dde0;text-align:left;vertical-align:top}
thead th{background:#f0f4f5;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.chart{display:block;width:100%;max-width:720px;height:auto;margin:.5rem 0}
figure{margin:1rem 0}
figcaption{font-weight:600;margin-bottom:.25rem}
details{margin:.5rem 0 1rem}
summary{cursor:pointer;color:#005eb8;text-decoration:underline}
.warning{border-left:6px solid #ffb81c;background:#fff9e6;padding:.75rem 1rem;margin:1rem 0}
.flag{display:inline-block;border:1px solid #4c6272;border-radius:3px;padding:0 .3rem;margin:0 .2rem .2rem 0;font-size:.85rem;white-space:nowrap}
nav.periods ul,nav.crumbs ol{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
nav.crumbs li+li::before{content:"\\203A";margin-right:.75rem;color:#4c6272}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
@media (max-width:600px){h1{font-size:1.4rem}.headline .figure{font-size:1.5rem}.headline li{padding:.5rem .75rem}main{padding:.75rem}table{font-size:.875rem}thead th,thead th.num{white-space:normal}th,td{padding:.35rem .45rem}}
@media print{.skip-link{display:none}}
`;

export function page(options: { title: string; body: SafeHtml }): string {
  return `<!DOCTYPE html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<style>${trusted(CSS)}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site"><p><a href="/report">NHS trust productivity</a></p></header>
<main id="main" tabindex="-1">
${options.body}
</main>
<footer><p>Published statistics: figures are year to date against the same months a year earlier, rounded only for display. The same figures are available as data from <a href="/v1/estimates">/v1/estimates</a>, <a href="/v1/aggregates">/v1/aggregates</a> and <a href="/v1/benchmarks">/v1/benchmarks</a>.</p></footer>
</body>
</html>`}\n`;
}

export interface Column<T> {
  header: string;
  numeric?: boolean;
  /** Data attribute naming the column, so tests can find a figure. */
  key?: string;
  cell: (row: T) => SafeHtml | string;
  /** This column's cell is the row header (<th scope="row">). */
  rowHeader?: boolean;
}

export function table<T>(options: { id: string; caption: string; columns: Column<T>[]; rows: T[]; rowKey?: (row: T) => string; empty?: string }): SafeHtml {
  if (options.rows.length === 0) return html`<p id="${options.id}">${options.empty ?? 'None.'}</p>`;
  const head = options.columns.map((c) => html`<th scope="col"${c.numeric ? trusted(' class="num"') : ''}>${c.header}</th>`);
  const body = options.rows.map(
    (row) =>
      html`<tr${options.rowKey ? html` data-row="${options.rowKey(row)}"` : ''}>${options.columns.map((c) => {
        const tag = c.rowHeader ? 'th' : 'td';
        return html`<${trusted(tag)}${c.rowHeader ? trusted(' scope="row"') : ''}${c.numeric ? trusted(' class="num"') : ''}${c.key ? html` data-col="${c.key}"` : ''}>${c.cell(row)}</${trusted(tag)}>`;
      })}</tr>`,
  );
  return html`<div class="table-wrap" role="region" aria-labelledby="${options.id}-caption" tabindex="0"><table id="${options.id}"><caption id="${options.id}-caption">${options.caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** A chart with its data as a table right after it (collapsed on screen, read by every reader). */
export function figure(options: { caption: string; chart: SafeHtml; data: SafeHtml }): SafeHtml {
  return html`<figure><figcaption>${options.caption}</figcaption>${options.chart}<details><summary>Show the data in this chart as a table</summary>${options.data}</details></figure>`;
}
