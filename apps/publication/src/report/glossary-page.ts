// /report/glossary: every code a reader meets on the pages (figures, benchmarks, pack categories,
// indicators, flags, points of delivery, cost categories, groups, vintages, units) with its plain
// name, its unit and a one-line explanation, from the glossary of @nhsp/board-answers. Each entry
// has the id the pages link to (glossaryAnchor), so "Elective length of stay" on a trust page
// leads straight to what it is and how it is measured.
import { GLOSSARY, GLOSSARY_SECTIONS, glossaryAnchor, GlossaryEntry, GlossaryKind, UNIT_DISPLAYS } from '@nhsp/board-answers';
import { html, SafeHtml } from './html';
import { page } from './layout';

/** The id of a kind's section on the page (the pages link to "#flags", "#pods"…). */
export const SECTION_IDS: Record<GlossaryKind, string> = {
  measure: 'figures',
  benchmark_metric: 'benchmarks',
  pack_metric: 'pack-categories',
  indicator: 'indicators',
  flag: 'flags',
  pod: 'pods',
  finance_category: 'finance-categories',
  dimension: 'dimensions',
  sector: 'sectors',
  level: 'groups',
  vintage: 'vintages',
  unit: 'units',
};

function unitLine(e: GlossaryEntry): SafeHtml {
  if (e.kind === 'unit' || !e.unit) return html``;
  return html`<br><span class="nhsuk-body-s">Unit: ${UNIT_DISPLAYS[e.unit].unit}; for example <span data-example>${example(e)}</span>.</span>`;
}

function example(e: GlossaryEntry): string {
  const samples: Partial<Record<string, string>> = { growth: '0.0123', percent: '0.02', share: '0.123', points: '0.017', growth_points: '0.0045', spread: '0.008', gbp_pence: '0.914', days: '4.2', index: '102.34', relative_index: '1.04', score: '2.125', correlation: '0.87', yes_no: 'true', months: '3', trusts: '14', count: '1234' };
  return UNIT_DISPLAYS[e.unit!].format(samples[e.unit!] ?? '1234.5');
}

function extras(e: GlossaryEntry): SafeHtml {
  const lines: string[] = [];
  if (e.nccService) lines.push(`National Cost Collection service: ${e.nccService}.`);
  if (e.counts) lines.push(`Counts: ${e.counts}.`);
  if (e.section) lines.push(`Shown under: ${e.section}.`);
  if (e.definition) lines.push(e.definition);
  if (e.window) lines.push(`${e.window}.`);
  return html`${lines.map((l) => html`<br><span class="nhsuk-body-s">${l}</span>`)}`;
}

function entryRow(e: GlossaryEntry): SafeHtml {
  return html`<div class="nhsuk-summary-list__row" id="${glossaryAnchor(e.kind, e.code)}"><dt class="nhsuk-summary-list__key">${e.name}<br><code class="nhsuk-body-s">${e.code}</code></dt><dd class="nhsuk-summary-list__value">${e.explanation}${unitLine(e)}${extras(e)}</dd></div>`;
}

export function renderGlossary(): string {
  const sections = GLOSSARY_SECTIONS.map((s) => ({ ...s, id: SECTION_IDS[s.kind], entries: GLOSSARY.filter((e) => e.kind === s.kind) })).filter((s) => s.entries.length);
  const contents = html`<nav class="nhsuk-contents-list" aria-label="Sections of the glossary"><ol class="nhsuk-contents-list__list">${sections.map(
    (s) => html`<li class="nhsuk-contents-list__item"><a class="nhsuk-contents-list__link" href="#${s.id}">${s.title}</a></li>`,
  )}</ol></nav>`;
  const body = html`<h1>Glossary</h1>
<p class="nhsuk-lede-text">What each figure, code and flag on these pages means, and the unit it is written in.</p>
${contents}
${sections.map((s) => html`<section aria-labelledby="${s.id}"><h2 id="${s.id}">${s.title}</h2><dl class="nhsuk-summary-list nhsp-glossary">${s.entries.map(entryRow)}</dl></section>`)}`;
  return page({ title: 'Glossary: NHS trust productivity', body, breadcrumbs: [{ href: '/report', text: 'England' }] });
}
