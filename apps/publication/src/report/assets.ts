// The NHS design system's compiled CSS and JS (nhsuk-frontend, pinned in package.json), its
// images, and the report's own stylesheet, served by publication itself: no CDN, nothing fetched
// from another origin (the Content-Security-Policy says so). Loaded and prepared once per process.
//
// The CSS and scripts are served under names that carry a hash of their content and are cached for
// a year as immutable: a new nhsuk-frontend or a change to the report's CSS gets a new name. The
// images keep nhsuk-frontend's names (its CSS refers to them by name) and are cached for a day.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { CHART_CSS } from '@nhsp/charts';
import { PLAN_CSS } from './plan-html';

export interface Asset {
  body: Buffer;
  contentType: string;
  cacheControl: string;
  etag: string;
}

export const ASSET_PREFIX = '/report/assets';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const DAY = 'public, max-age=86400';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * The report's own CSS on top of the design system: the charts' (which rendering shows at which
 * width), figures and their tables side by side on a wide screen, tables that never clip.
 */
const REPORT_CSS = `${CHART_CSS}
${PLAN_CSS}
.nhsp-figure{margin:0 0 32px}
.nhsp-figure__chart{min-width:0}
.nhsp-figure__table{min-width:0}
@media (min-width:61.875em){.nhsp-figure--beside{display:grid;grid-template-columns:minmax(0,640px) minmax(0,1fr);gap:32px;align-items:start}}
.nhsp-table-wrap{max-width:100%;overflow-x:auto;margin-bottom:32px}
.nhsp-table-wrap:focus{outline:3px solid #ffeb3b;box-shadow:0 0 0 7px #212b32}
.nhsp-table-wrap .nhsuk-table,.nhsp-table-wrap .nhsuk-table-responsive{width:100%;margin-bottom:0}
.nhsuk-table__cell--numeric,.nhsuk-table__header--numeric{font-variant-numeric:tabular-nums}
.nhsp-headline{margin-bottom:24px}
.nhsp-headline .nhsuk-card{margin-bottom:16px}
.nhsp-headline__figure{font-size:2rem;font-weight:600;line-height:1.2;margin:0}
.nhsp-unit{color:#4c6272;font-weight:400}
.nhsp-tags{display:flex;flex-wrap:wrap;gap:4px 8px}
.nhsp-tags .nhsuk-tag{margin:0}
.nhsp-periods{list-style:none;padding:0;margin:0 0 24px;display:flex;flex-wrap:wrap;gap:4px 16px}
.nhsp-glossary dt{margin-top:16px}
@media (max-width:48.0525em){.nhsuk-table--responsive .nhsuk-table__body .nhsuk-table__cell,.nhsuk-table--responsive .nhsuk-table__body .nhsuk-table__header{gap:16px;overflow-wrap:anywhere}}
`;

/** Resolves nhsuk-frontend's dist folder through its package.json (the package exports it). */
function nhsukDist(): string {
  return join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');
}

function hashed(name: string, body: Buffer): string {
  const ext = extname(name);
  return `${name.slice(0, -ext.length)}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}${ext}`;
}

function asset(name: string, body: Buffer, cacheControl: string): Asset {
  return { body, contentType: TYPES[extname(name)] ?? 'application/octet-stream', cacheControl, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

/**
 * The design system's CSS for this origin: its @font-face rules point at another origin's
 * Frutiger (the policy forbids fetching it; the design system's own fallback, Arial, is used), its
 * images are served here under ASSET_PREFIX.
 */
export function localiseCss(css: string): string {
  return css
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/url\(\/assets\/images\//g, `url(${ASSET_PREFIX}/images/`)
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
}

export interface ReportAssets {
  /** By path under ASSET_PREFIX, e.g. "nhsuk-frontend.3f2a….css", "images/favicon.ico". */
  files: Map<string, Asset>;
  /** The hashed paths (under ASSET_PREFIX) the pages link to. */
  links: { nhsukCss: string; reportCss: string; nhsukJs: string; initJs: string; favicon: string; faviconSvg: string; touchIcon: string };
}

let loaded: ReportAssets | undefined;

export function reportAssets(): ReportAssets {
  if (loaded) return loaded;
  const dist = nhsukDist();
  const files = new Map<string, Asset>();
  const add = (name: string, body: Buffer, cache: string) => {
    files.set(name, asset(name, body, cache));
    return `${ASSET_PREFIX}/${name}`;
  };
  const css = Buffer.from(localiseCss(readFileSync(join(dist, 'nhsuk-frontend.min.css'), 'utf8')));
  const js = Buffer.from(readFileSync(join(dist, 'nhsuk-frontend.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, ''));
  const report = Buffer.from(REPORT_CSS);
  const jsName = hashed('nhsuk-frontend.js', js);
  // The design system's page template marks the body before initialising its components.
  const init = Buffer.from(`import { initAll } from './${jsName}';\ndocument.body.classList.add('js-enabled', 'nhsuk-frontend-supported');\ninitAll();\n`);
  const links = {
    nhsukCss: add(hashed('nhsuk-frontend.css', css), css, IMMUTABLE),
    reportCss: add(hashed('report.css', report), report, IMMUTABLE),
    nhsukJs: add(jsName, js, IMMUTABLE),
    initJs: add(hashed('init.js', init), init, IMMUTABLE),
    favicon: `${ASSET_PREFIX}/images/favicon.ico`,
    faviconSvg: `${ASSET_PREFIX}/images/favicon.svg`,
    touchIcon: `${ASSET_PREFIX}/images/nhsuk-icon-180.png`,
  };
  const images = join(dist, 'assets', 'images');
  for (const name of readdirSync(images)) if (TYPES[extname(name)]) add(`images/${name}`, readFileSync(join(images, name)), DAY);
  loaded = { files, links };
  return loaded;
}
