// What the demo and the flow test do over HTTP: upload a bundle to ingestion, follow runs and
// releases, fetch published CSV from publication. Publication's JSON is read with the typed
// client (tools/openapi/publication-client.ts), checked against the API's document.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { dataOf, publicationClient } from '../openapi/publication-client';

/** The admin key startStack put into the environment (sent as a bearer token; ignored where no key is needed). */
function auth(): Record<string, string> {
  return process.env.ADMIN_API_KEY ? { Authorization: `Bearer ${process.env.ADMIN_API_KEY}` } : {};
}

/**
 * THE list of files the demo and the tests upload to ingestion, in upload order: the trust list
 * first (everything else is checked against it), then reference files, then the optional returns
 * (methodology §11-§12) before activity and finance, so that the runs activity and finance set
 * off find the returns their packs and indicators read. Files of a bundle not listed here are not
 * uploaded.
 */
export const UPLOADED_FILES = [
  'trusts.csv',
  'cost_weights.csv',
  'deflators.csv',
  'unit_costs.csv',
  'trust_costs.csv',
  'workforce.csv',
  'operations.csv',
  'medicines.csv',
  'activity.csv',
  'activity_records.csv',
  'finance.csv',
];

export async function uploadBundle(ingestionUrl: string, dir: string, log: (line: string) => void = () => {}): Promise<void> {
  for (const name of UPLOADED_FILES) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    const form = new FormData();
    form.append(name, new Blob([await readFile(path)], { type: 'text/csv' }), basename(path));
    const res = await fetch(`${ingestionUrl}/bundles`, { method: 'POST', body: form, headers: auth() });
    const text = await res.text();
    if (!res.ok) throw new Error(`Upload of ${name} failed: HTTP ${res.status} ${text.slice(0, 2000)}`);
    log(`uploaded ${name} (HTTP ${res.status})`);
  }
}

export async function getJson<T = unknown>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { Accept: 'application/json', ...auth() } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

export async function getCsv(url: string): Promise<string> {
  const res = await fetch(url, { headers: { Accept: 'text/csv', ...auth() } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${text.slice(0, 500)}`);
  if (!(res.headers.get('content-type') ?? '').startsWith('text/csv')) throw new Error(`GET ${url}: expected text/csv, got ${res.headers.get('content-type')}`);
  return text;
}

export interface Progress {
  runs: number;
  runPeriods: Set<string>;
  publishedPeriods: Set<string>;
}

export async function progress(productivityUrl: string, publicationUrl: string): Promise<Progress> {
  const { runs } = await getJson<{ runs: Array<{ period: string }> }>(`${productivityUrl}/runs`);
  const published = dataOf(await publicationClient(publicationUrl).GET('/v1/releases', { params: { query: { status: 'published', limit: '1000' } } }));
  return {
    runs: runs.length,
    runPeriods: new Set(runs.map((r) => r.period)),
    publishedPeriods: new Set(published.items.map((r) => r.period)),
  };
}

export async function requestRun(productivityUrl: string, period: string): Promise<void> {
  const res = await fetch(`${productivityUrl}/runs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth() },
    body: JSON.stringify({ period }),
  });
  if (!res.ok) throw new Error(`POST /runs ${period}: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
}

/** `YYYY-MM` months from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Any published artefact (XLSX, HTML, JSON) as bytes; fails on a non-2xx answer or another content type. */
export async function getBytes(url: string, expectedType: string, headers: Record<string, string> = auth()): Promise<Buffer> {
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${body.toString('utf8').slice(0, 500)}`);
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith(expectedType)) throw new Error(`GET ${url}: expected ${expectedType}, got ${type}`);
  return body;
}

/** Runs `task` over `items`, at most `limit` at a time, in order of completion. */
export async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}
