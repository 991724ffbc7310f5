// Basic WCAG checks run inside the page. Plain JavaScript in a string on purpose: a function
// compiled by SWC could reference helpers that do not exist in the browser.

export interface Audit {
  lang: string;
  title: string;
  mains: number;
  unnamedGraphics: string[];
  tables: number;
  tablesWithoutCaption: string[];
  headersWithoutScope: number;
  headings: number[];
  firstFocusable: { className: string; href: string; text: string } | null;
  contrast: Array<{ what: string; text: string; ratio: number; fg: string; bg: string }>;
  pageWidth: number;
  viewportWidth: number;
  requests?: string[];
}

export const AUDIT_SCRIPT = `(() => {
  const nameOf = (el) => {
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const labelled = ids.map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    const title = el.querySelector(':scope > title');
    return (el.getAttribute('aria-label') || labelled || el.getAttribute('alt') || (title && title.textContent) || '').trim();
  };
  const graphics = [...document.querySelectorAll('svg, img, [role="img"]')];
  const unnamedGraphics = graphics.filter((el) => el.getAttribute('aria-hidden') !== 'true' && !nameOf(el)).map((el) => el.outerHTML.slice(0, 120));
  const tables = [...document.querySelectorAll('table')];
  const tablesWithoutCaption = tables.filter((t) => !(t.caption && t.caption.textContent.trim())).map((t) => t.id || t.outerHTML.slice(0, 80));
  const headersWithoutScope = [...document.querySelectorAll('th')].filter((th) => !th.getAttribute('scope')).length;
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1]));
  const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')];
  const first = focusable[0];
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null; const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
  const SAMPLES = ['body', 'main p', 'h1', 'h2', 'h3', 'main a', '.nhsuk-header a', '.nhsuk-breadcrumb a', '.nhsuk-footer p', '.nhsuk-footer a', 'caption', 'th', 'td', '.nhsp-unit', '.nhsuk-tag', '.nhsuk-card__heading', '.nhsp-headline__figure', '.nhsuk-warning-callout p', 'dt', 'dd'];
  const contrast = [];
  for (const what of SAMPLES) {
    for (const el of [...document.querySelectorAll(what)].slice(0, 5)) {
      const fg = parse(getComputedStyle(el).color); const bg = background(el);
      if (!fg) continue;
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      contrast.push({ what, text: (el.textContent || '').trim().slice(0, 40), ratio: Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100, fg: getComputedStyle(el).color, bg: 'rgb(' + bg.r + ', ' + bg.g + ', ' + bg.b + ')' });
    }
  }
  return {
    lang: document.documentElement.getAttribute('lang') || '',
    title: document.title,
    mains: document.querySelectorAll('main').length,
    unnamedGraphics, tables: tables.length, tablesWithoutCaption, headersWithoutScope, headings,
    firstFocusable: first ? { className: first.className, href: first.getAttribute('href') || '', text: first.textContent.trim() } : null,
    contrast,
    pageWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
  };
})()`;

export interface Focused {
  tag: string;
  href: string;
  id: string;
  className: string;
  text: string;
  visible: boolean;
  indicator: boolean;
}

/** What has the keyboard focus, whether it is on screen and shows a focus indicator. */
export const FOCUSED_SCRIPT = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { tag: 'BODY', href: '', id: '', className: '', text: '', visible: false, indicator: false };
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const indicator = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  return { tag: el.tagName, href: el.getAttribute('href') || '', id: el.id, className: String(el.className), text: (el.textContent || '').trim().slice(0, 60),
    visible: r.width > 0 && r.height > 0 && r.right > 0 && r.left < window.innerWidth, indicator };
})()`;
