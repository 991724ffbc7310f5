// The web report in headless Chromium (npm run test:browser, started by run.mjs): a generated
// 12-trust bundle goes through the whole in-process stack (as tools/demo/flow.spec.ts does), a
// trust raises a notification so the last month gets a revised vintage, then the England page
// and one trust page are opened at phone (390 px) and desktop (1366 px) widths. They must show the
// numbers /v1 answers, pass basic WCAG checks, be readable (no text under 12 px, no overlapping
// chart labels, no clipped table column, every metric by its name with its unit), work by
// keyboard, fetch nothing but the page and its own assets, and be screenshotted.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Decimal from 'decimal.js';
import { chromium, Browser, Page } from 'playwright-core';
import { createTestDatabase, TestDatabase, testEnv } from '@nhsp/testing';
import { dataOf, publicationClient } from '../openapi/publication-client';
import { runPipeline } from '../demo/pipeline';
import { startStack, Stack } from '../demo/stack';
import { Audit, AUDIT_SCRIPT, Focused, FOCUSED_SCRIPT } from './audit';
import { Checks } from './checks';
import { englandPlanChecks, packPages, PageKit, trustPlanChecks } from './plan.browser';
import { glossaryLinkChecks, layoutChecks, metricChecks } from './readability';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'tools/cli/bin/nhsp.js');
const SCREENSHOTS = join(ROOT, 'tmp', 'screenshots');
const PERIODS = ['2025-04', '2025-05', '2025-06'];
const LATEST = '2025-06';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 900 } },
} as const;
const GROWTHS = ['output_growth', 'input_growth', 'productivity_growth'] as const;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Cells = Record<string, Record<string, string>>;

/** Growth as the report must display it: percent, 2 dp, half up, its sign (a true minus) (written independently of the report's code). */
function shown(value: string | null): string {
  if (value === null) return '–';
  const d = new Decimal(value).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return `${d.isZero() ? '' : d.isNegative() ? '\u2212' : '+'}${d.abs().toFixed(2)}%`;
}

function expectedCells(rows: Json[], key: (r: Json) => string): Cells {
  return Object.fromEntries(rows.map((r) => [key(r), Object.fromEntries(GROWTHS.map((g) => [g, shown(r[g])]))]));
}

/** The growth cells of a table on the page, by data-row. */
async function cellsOf(page: Page, tableId: string): Promise<Cells> {
  return page.evaluate(`(() => {
    const out = {};
    for (const tr of document.querySelectorAll('#${tableId} tbody tr[data-row]')) {
      const row = {};
      for (const g of ${JSON.stringify(GROWTHS)}) { const td = tr.querySelector('[data-col="' + g + '"]'); if (td) row[g] = (td.querySelector('.nhsp-cell') || td).textContent.trim(); }
      out[tr.getAttribute('data-row')] = row;
    }
    return out;
  })()`);
}

async function headline(page: Page): Promise<Record<string, string>> {
  return page.evaluate(`Object.fromEntries([...document.querySelectorAll('[data-measure]')].map((e) => [e.getAttribute('data-measure'), e.textContent.trim()]))`);
}

async function wcag(checks: Checks, page: Page, label: string): Promise<void> {
  const audit = (await page.evaluate(AUDIT_SCRIPT)) as Audit;
  checks.equal(`${label}: <html lang="en">`, audit.lang, 'en');
  checks.ok(`${label}: has a title and one <main>`, audit.title.length > 0 && audit.mains === 1, JSON.stringify({ title: audit.title, mains: audit.mains }));
  checks.equal(`${label}: every svg/img has an accessible name`, audit.unnamedGraphics, []);
  checks.ok(`${label}: every table (${audit.tables}) has a caption`, audit.tables > 0 && audit.tablesWithoutCaption.length === 0, audit.tablesWithoutCaption.join(', '));
  checks.equal(`${label}: every <th> has a scope`, audit.headersWithoutScope, 0);
  const skipped = audit.headings.filter((level, i) => (i === 0 ? level !== 1 : level > audit.headings[i - 1] + 1));
  checks.ok(`${label}: one h1 first, headings never skip a level`, skipped.length === 0 && audit.headings.filter((l) => l === 1).length === 1, audit.headings.join(' '));
  checks.ok(`${label}: the first focusable element is a skip link to main`, audit.firstFocusable?.href === '#main' && /skip/i.test(audit.firstFocusable.text), JSON.stringify(audit.firstFocusable));
  const low = audit.contrast.filter((c) => c.ratio < 4.5);
  checks.ok(`${label}: text contrast >= 4.5:1 (${audit.contrast.length} samples, lowest ${Math.min(...audit.contrast.map((c) => c.ratio))})`, audit.contrast.length > 10 && low.length === 0, JSON.stringify(low.slice(0, 5)));
  checks.ok(`${label}: no page-wide horizontal scrolling (${audit.pageWidth}px in ${audit.viewportWidth}px)`, audit.pageWidth <= audit.viewportWidth, '');
}

async function keyboard(checks: Checks, page: Page, label: string): Promise<void> {
  await page.keyboard.press('Tab');
  const skip = (await page.evaluate(FOCUSED_SCRIPT)) as Focused;
  checks.ok(`${label}: Tab focuses the visible skip link first`, skip.className.includes('skip-link') && skip.visible && skip.indicator, JSON.stringify(skip));
  await page.keyboard.press('Enter');
  const main = (await page.evaluate(FOCUSED_SCRIPT)) as Focused;
  checks.equal(`${label}: Enter on the skip link moves focus to main`, main.id, 'main');
  const stops: Focused[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const stop = (await page.evaluate(FOCUSED_SCRIPT)) as Focused;
    // Past the last focusable element the focus leaves the document: the walk is over.
    if (stop.tag === 'BODY') break;
    stops.push(stop);
  }
  const links = stops.filter((s) => s.tag === 'A' && s.href);
  checks.ok(`${label}: Tab moves focus through links (${links.length} of ${stops.length} stops)`, links.length >= 4, JSON.stringify(stops.map((s) => `${s.tag} ${s.href || s.className}`)));
  const bad = stops.filter((s) => !s.visible || !s.indicator);
  checks.ok(`${label}: every focus stop is on screen with a visible focus indicator`, bad.length === 0, JSON.stringify(stops.map((s) => `${s.tag} ${s.href || s.className} visible=${s.visible} indicator=${s.indicator}`)));
}

async function open(browser: Browser, kind: keyof typeof VIEWPORTS, url: string, origin: string) {
  const context = await browser.newContext({ ...VIEWPORTS[kind], deviceScaleFactor: 1, javaScriptEnabled: true });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  // Console errors and uncaught exceptions (a missing favicon was one; the design system's script must start cleanly).
  const errors: string[] = [];
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  // The page and its own assets (the design system's CSS, script and icons, served here).
  const foreign = requests.filter((r) => r !== url && !r.startsWith(`${origin}/report/assets/`));
  return { context, page, status: response?.status() ?? 0, foreign, errors };
}

async function englandPage(checks: Checks, browser: Browser, kind: keyof typeof VIEWPORTS, base: string, api: { aggregates: Json[]; estimates: Json[] }) {
  const label = `England ${kind}`;
  const { context, page, status, foreign, errors } = await open(browser, kind, `${base}/report`, base);
  try {
    checks.equal(`${label}: loads (HTTP 200)`, status, 200);
    checks.equal(`${label}: fetches nothing but the page and its own assets`, foreign, []);
    checks.equal(`${label}: no console error`, errors, []);
    const national = api.aggregates.find((a) => a.level === 'national')!;
    const head = await headline(page);
    checks.equal(`${label}: headline equals /v1/aggregates national`, GROWTHS.map((g) => head[g]), GROWTHS.map((g) => shown(national[g])));
    for (const level of ['sector', 'region', 'peer_group']) {
      const rows = api.aggregates.filter((a) => a.level === level);
      checks.equal(`${label}: ${level} table equals /v1/aggregates (${rows.length} rows)`, await cellsOf(page, `${level}-table`), expectedCells(rows, (r) => `${level}|${r.group}`));
    }
    checks.equal(`${label}: trust list equals /v1/estimates (${api.estimates.length} trusts)`, await cellsOf(page, 'trusts-table'), expectedCells(api.estimates, (r) => r.org_code));
    await englandPlanChecks(checks, page, base, LATEST, label);
    await wcag(checks, page, label);
    await layoutChecks(checks, page, label);
    await metricChecks(checks, page, label, []);
    await glossaryLinkChecks(checks, page, base, label);
    await page.screenshot({ path: join(SCREENSHOTS, `england-${kind}.png`), fullPage: true });
    await keyboard(checks, page, label);
  } finally {
    await context.close();
  }
}

async function trustPage(checks: Checks, browser: Browser, kind: keyof typeof VIEWPORTS, base: string, org: string, notification: string) {
  const label = `Trust ${org} ${kind}`;
  const { context, page, status, foreign, errors } = await open(browser, kind, `${base}/report/trusts/${org}`, base);
  try {
    checks.equal(`${label}: loads (HTTP 200)`, status, 200);
    checks.equal(`${label}: fetches nothing but the page and its own assets`, foreign, []);
    checks.equal(`${label}: no console error`, errors, []);
    const api = publicationClient(base);
    const { items: [estimate] } = dataOf(await api.GET('/v1/estimates', { params: { query: { org, period: LATEST } } }));
    const head = await headline(page);
    checks.equal(`${label}: headline equals /v1/estimates`, GROWTHS.map((g) => head[g]), GROWTHS.map((g) => shown(estimate[g])));
    const series = dataOf(await api.GET('/v1/trusts/{org}/series', { params: { path: { org } } }));
    checks.equal(`${label}: months table equals /v1/trusts/${org}/series`, await cellsOf(page, 'series-table'), expectedCells(series.items, (r) => r.period));
    const benchmarks = dataOf(await api.GET('/v1/benchmarks', { params: { query: { org, period: LATEST } } })).items;
    const ranks = await page.evaluate(`Object.fromEntries([...document.querySelectorAll('#peers-table tbody tr')].map((tr) => [tr.getAttribute('data-row'), tr.querySelector('[data-col="rank"] .nhsp-cell').textContent.trim()]))`);
    checks.equal(`${label}: peer ranks equal /v1/benchmarks (${benchmarks.length} rows)`, ranks, Object.fromEntries(benchmarks.map((b) => [`${b.peer_group}|${b.metric}`, b.rank === null ? '–' : `${b.rank} of ${b.group_size}`])));
    await trustPlanChecks(checks, page, base, LATEST, org, label);
    const text = (await page.textContent('main')) ?? '';
    checks.ok(`${label}: shows the trust's notification`, text.includes(notification));
    checks.ok(`${label}: explains the trust notification flag`, text.includes('The trust told us about something affecting its data'));
    const vintages = await page.locator('#revisions-table tbody tr').count();
    checks.ok(`${label}: revisions list both calculations of ${LATEST} (${vintages})`, vintages >= 2);
    checks.ok(`${label}: draws the waterfalls of contributions, one drawing for this width`, (await page.locator('#output-waterfall svg:visible').count()) === 1 && (await page.locator('#input-waterfall svg:visible').count()) === 1);
    await wcag(checks, page, label);
    await layoutChecks(checks, page, label);
    await metricChecks(checks, page, label, benchmarks.map((b) => b.metric));
    await glossaryLinkChecks(checks, page, base, label);
    await page.screenshot({ path: join(SCREENSHOTS, `trust-${kind}.png`), fullPage: true });
    await keyboard(checks, page, label);
    await page.goto(`${base}/report/trusts/${org}`);
    // The breadcrumb on a desktop, its back link on a phone: whichever is shown.
    await page.locator('.nhsuk-breadcrumb a:visible').first().click();
    checks.ok(`${label}: the breadcrumb leads back to the England page`, /England/.test((await page.textContent('h1')) ?? ''));
    await page.getByRole('link', { name: estimate.name, exact: true }).first().click();
    checks.equal(`${label}: the England trust list links to the trust page`, new URL(page.url()).pathname, `/report/trusts/${org}`);
  } finally {
    await context.close();
  }
}

const KIT: PageKit = { open, wcag, keyboard, screenshots: SCREENSHOTS };

/** A notification about an earlier month: productivity re-runs the period, publication publishes the new vintage. */
async function raiseNotification(stack: Stack, org: string, text: string): Promise<void> {
  const base = stack.urls.publication;
  const api = publicationClient(base);
  const latestRun = async () => dataOf(await api.GET('/v1/releases/latest')).run_id;
  const before = await latestRun();
  const res = await fetch(`${stack.urls.ingestion}/notifications`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${process.env.ADMIN_API_KEY}` },
    body: JSON.stringify({ orgCode: org, period: '2025-05', category: 'coding_change', text }),
  });
  if (!res.ok) throw new Error(`POST /notifications: HTTP ${res.status} ${await res.text()}`);
  const deadline = Date.now() + 120_000;
  while ((await latestRun()) === before) {
    if (Date.now() > deadline) throw new Error(`no new release of ${LATEST} within 120 s of the notification`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function main(): Promise<number> {
  const checks = new Checks();
  const work = mkdtempSync(join(tmpdir(), 'nhsp-browser-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  let database: TestDatabase | undefined;
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const say = (line: string) => console.log(`[browser] ${line}`);
  try {
    const bundle = join(work, 'bundle');
    execFileSync(process.execPath, [CLI, 'generate', '--out', bundle, '--trusts', '12', '--from', '2024-04', '--to', LATEST], { cwd: ROOT, stdio: 'pipe' });
    database = await createTestDatabase('nhsp_browser');
    say('starting the stack and publishing 3 months of a 12-trust bundle');
    stack = await startStack({ env: testEnv(database.url, { AUTO_PUBLISH: 'true', SWAGGER: 'false', DB_POOL_SIZE: '3', WORKER_CONCURRENCY: '2' }) });
    await runPipeline(stack, { bundleDir: bundle, periods: PERIODS, timeoutMs: 180_000, onProgress: say, log: say });
    const base = stack.urls.publication;
    // The API's reads go through the typed client: a drift between the document and the server fails them.
    const api = publicationClient(base);
    const firstEstimates = dataOf(await api.GET('/v1/estimates', { params: { query: { period: LATEST, limit: '1000' } } })).items;
    const trust = firstEstimates.find((e) => e.productivity_growth !== null);
    if (!trust) throw new Error(`no trust has an estimate in ${LATEST}`);
    const notification = `Coding of same-day emergency care changed in May (browser test ${Date.now().toString(36)})`;
    say(`raising a notification for ${trust.org_code} and waiting for the revised release`);
    await raiseNotification(stack, trust.org_code, notification);
    const aggregates = dataOf(await api.GET('/v1/aggregates', { params: { query: { period: LATEST, limit: '1000' } } })).items;
    const estimates = dataOf(await api.GET('/v1/estimates', { params: { query: { period: LATEST, limit: '1000' } } })).items;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    for (const kind of ['phone', 'desktop'] as const) {
      await checks.run(`England ${kind}`, () => englandPage(checks, browser!, kind, base, { aggregates, estimates }));
      await checks.run(`Trust ${kind}`, () => trustPage(checks, browser!, kind, base, trust.org_code, notification));
      await checks.run(`Packs ${kind}`, () => packPages(checks, browser!, KIT, kind, base, LATEST, estimates));
    }
    say(`screenshots in ${SCREENSHOTS}`);
  } catch (error) {
    checks.ok('set-up', false, (error as Error).stack ?? String(error));
  } finally {
    await browser?.close().catch(() => undefined);
    await stack?.stop().catch((error: Error) => say(`stopping the stack: ${error.message}`));
    await database?.drop().catch((error: Error) => say(`dropping the database: ${error.message}`));
    rmSync(work, { recursive: true, force: true });
  }
  console.log(checks.summary());
  return checks.failed.length ? 1 : 0;
}
