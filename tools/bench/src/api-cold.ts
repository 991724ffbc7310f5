// bench:api's cold workload (api-cold-mix.ts): learns what is published, fetches every URL's
// bytes once for the ceiling, then, against a freshly started API process (nothing rendered),
// one shuffled pass per route and one shuffled pass over every route at once (`coldMix`), each
// beside the same pass against the ceiling; then a second mixed pass (what the cache gives).
import type { Canned } from './api-ceiling-server';
import { compareApis } from './api-compare';
import { byRoute, Catalogue, ColdUrl, coldUrls, figures, PassFigures, runPass, shuffled } from './api-cold-mix';

export interface ColdResult {
  api: PassFigures;
  ceiling: PassFigures;
  share: number;
  urls: number;
  met: boolean;
}

/** Latency of one route's requests inside a mixed pass (its rate is the pass's, shared). */
export interface RouteInMix {
  requests: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ColdBench {
  urls: number;
  dropped: number;
  routes: Record<string, ColdResult>;
  coldMix: ColdResult & { secondPass: PassFigures; byRoute: Record<string, RouteInMix>; apiPeakRssMb: number | null };
  /** The mixed pass without the routes the read models do not answer (PAGE_ROUTES), on a fresh process too. */
  coldMixReadModel?: ColdResult & { routes: string[] };
}

/**
 * Routes not answered by the quick path ahead of Express: coldMixReadModel leaves them out. The
 * trust report pages only, since explanations joined the quick path (2026-12-04 evening; before,
 * `explanation` was left out too).
 */
export const PAGE_ROUTES = ['report'];

interface Hooks {
  /** Stops the API process and starts a new one (its cache empty); its base URL. */
  restartApi(): Promise<string>;
  /** The API process's peak resident memory so far (VmHWM), MB; null where /proc does not tell. */
  apiPeakRssMb(): number | null;
  /** Starts the API of another checkout on the same database (BENCH_COLD_COMPARE). */
  startOtherApi(root: string): Promise<{ url: string; stop(): Promise<void> }>;
  /** Starts a ceiling server answering these canned responses; its base URL. */
  startCeiling(canned: Canned[]): Promise<string>;
  connections: number;
  targetShare: number;
  targetP99Ms: number;
  /** Headers node:http adds itself, left out of the canned ones. */
  nodeAdds: string[];
}

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Trusts, groups and metrics as published, so that every URL of the workload names real ones. */
async function catalogue(api: string, periods: string[]): Promise<Catalogue> {
  const latest = periods[periods.length - 1];
  const estimates = await json<{ items: Array<{ org_code: string; sector: string; region: string; peer_group: string }> }>(`${api}/v1/estimates?period=${latest}&limit=5000`);
  const benchmarks = await json<{ items: Array<{ metric: string }> }>(`${api}/v1/benchmarks?period=${latest}&limit=5000`);
  // Packs only where the published data hold them (the sample bundle's pipeline may not make them).
  const opportunities = await json<{ items: Array<{ metric: string }> }>(`${api}/v1/opportunities?period=${latest}&limit=5000`).catch(() => ({ items: [] }));
  const distinct = (values: string[]) => [...new Set(values)].sort();
  return {
    periods,
    orgs: distinct(estimates.items.map((e) => e.org_code)),
    sectors: distinct(estimates.items.map((e) => e.sector)),
    regions: distinct(estimates.items.map((e) => e.region)),
    peerGroups: distinct(estimates.items.map((e) => e.peer_group)),
    metrics: distinct(benchmarks.items.map((b) => b.metric)),
    packMetrics: distinct(opportunities.items.map((o) => o.metric)),
  };
}

/** Each URL's status, headers and body, 8 at a time; URLs that do not answer 200 are left out of the workload. */
async function fetchCanned(api: string, urls: ColdUrl[], nodeAdds: string[]): Promise<{ canned: Canned[]; kept: ColdUrl[] }> {
  const canned: Canned[] = [];
  const kept: ColdUrl[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < urls.length) {
        const url = urls[next++];
        const res = await fetch(api + url.path);
        const body = Buffer.from(await res.arrayBuffer());
        if (res.status !== 200) continue;
        canned.push({ path: url.path, headers: [...res.headers].filter(([name]) => !nodeAdds.includes(name)), body: body.toString('base64') });
        kept.push(url);
      }
    }),
  );
  return { canned, kept };
}

/** URLs outside the workload (a page size it never asks), to compile the routed path before measuring. */
function warmUpUrls(periods: string[]): ColdUrl[] {
  return periods.flatMap((period) => Array.from({ length: 20 }, (_, i) => ({ route: 'warmUp', path: `/v1/estimates?period=${period}&limit=7&offset=${i}` })));
}

function compare(apiRun: { samples: Parameters<typeof figures>[0]; wallMs: number }, ceilingRun: typeof apiRun, urls: number, hooks: Hooks): ColdResult {
  const api = figures(apiRun.samples, apiRun.wallMs);
  const ceiling = figures(ceilingRun.samples, ceilingRun.wallMs);
  const share = +(api.requestsPerSecond / ceiling.requestsPerSecond).toFixed(3);
  return { api, ceiling, share, urls, met: share >= hooks.targetShare && api.p99Ms < hooks.targetP99Ms && api.non2xx === 0 && api.errors === 0 };
}

const counts = (c: Record<string, number>) => ` [${Object.entries(c).map(([what, n]) => `${what}: ${n}`).join(', ')}]`;
const statuses = (f: PassFigures) => (f.non2xx ? counts(f.non2xxByStatus) : '');
const errorCodes = (f: PassFigures) => (f.errors ? counts(f.errorsByCode) : '');

const line = (name: string, r: ColdResult) =>
  `${name.padEnd(20)} ${String(r.urls).padStart(5)} URLs | API ${String(r.api.requestsPerSecond).padStart(6)} req/s p50 ${r.api.p50Ms} ms p99 ${r.api.p99Ms} ms` +
  ` (non-2xx ${r.api.non2xx}${statuses(r.api)}, errors ${r.api.errors}${errorCodes(r.api)}) | ceiling ${r.ceiling.requestsPerSecond} req/s p99 ${r.ceiling.p99Ms} ms | ${(r.share * 100).toFixed(1)}% ${r.met ? 'MET' : 'NOT MET'}`;

export async function coldBench(firstApi: string, periods: string[], hooks: Hooks): Promise<ColdBench> {
  // BENCH_COLD_ROUTES=report,explanation: only these routes' URLs (every pass and mix over them alone).
  const only = process.env.BENCH_COLD_ROUTES ? new Set(process.env.BENCH_COLD_ROUTES.split(',')) : undefined;
  const wanted = coldUrls(await catalogue(firstApi, periods)).filter((u) => !only || only.has(u.route));
  const { canned, kept } = await fetchCanned(firstApi, wanted, hooks.nodeAdds);
  console.log(`cold workload: ${kept.length} distinct URLs (${wanted.length - kept.length} not 200 left out), ${hooks.connections} connections`);
  if (process.env.BENCH_COLD_COMPARE) {
    const other = await hooks.startOtherApi(process.env.BENCH_COLD_COMPARE);
    await compareApis(firstApi, other.url, kept);
    await other.stop();
  }
  const ceiling = await hooks.startCeiling(canned);
  let api = await hooks.restartApi();
  await runPass(api, warmUpUrls(periods), hooks.connections);
  await runPass(ceiling, kept.slice(0, 400), hooks.connections);

  const routes: Record<string, ColdResult> = {};
  for (const [route, urls] of byRoute(kept)) {
    const order = shuffled(urls);
    routes[route] = compare(await runPass(api, order, hooks.connections), await runPass(ceiling, order, hooks.connections), urls.length, hooks);
    console.log(line(route, routes[route]));
  }
  // Every route the read models answer at once, against a fresh process: the route passes rendered these URLs.
  const modelled = kept.filter((u) => !PAGE_ROUTES.includes(u.route));
  let coldMixReadModel: ColdBench['coldMixReadModel'];
  if (modelled.length > 0) {
    api = await hooks.restartApi();
    await runPass(api, warmUpUrls(periods), hooks.connections);
    const modelledOrder = shuffled(modelled, 2026);
    const readModelMix = compare(await runPass(api, modelledOrder, hooks.connections), await runPass(ceiling, modelledOrder, hooks.connections), modelled.length, hooks);
    coldMixReadModel = { ...readModelMix, routes: [...new Set(modelled.map((u) => u.route))] };
    console.log(line('coldMixReadModel', readModelMix));
  }
  // Every route at once, against a fresh process again.
  api = await hooks.restartApi();
  await runPass(api, warmUpUrls(periods), hooks.connections);
  const order = shuffled(kept, 2026);
  const mixRun = await runPass(api, order, hooks.connections);
  const mix = compare(mixRun, await runPass(ceiling, order, hooks.connections), kept.length, hooks);
  const second = await runPass(api, order, hooks.connections);
  const inMix: Record<string, RouteInMix> = {};
  for (const route of new Set(kept.map((u) => u.route))) {
    const { requests, p50Ms, p99Ms } = figures(mixRun.samples.filter((x) => x.route === route), mixRun.wallMs);
    inMix[route] = { requests, p50Ms, p99Ms };
  }
  // Every published release's models loaded (the preload) and every route asked twice: what the process holds.
  const coldMix = { ...mix, secondPass: figures(second.samples, second.wallMs), byRoute: inMix, apiPeakRssMb: hooks.apiPeakRssMb() };
  console.log(line('coldMix', mix));
  console.log(`coldMix latency by route (p50 / p99 ms): ${Object.entries(inMix).map(([r, f]) => `${r} ${f.p50Ms} / ${f.p99Ms}`).join(', ')}`);
  console.log(`API process peak RSS after both passes: ${coldMix.apiPeakRssMb ?? '?'} MB`);
  console.log(`coldMix, second pass over the same URLs: ${coldMix.secondPass.requestsPerSecond} req/s p50 ${coldMix.secondPass.p50Ms} ms p99 ${coldMix.secondPass.p99Ms} ms (non-2xx ${coldMix.secondPass.non2xx}${statuses(coldMix.secondPass)}, errors ${coldMix.secondPass.errors}${errorCodes(coldMix.secondPass)})`);
  return { urls: kept.length, dropped: wanted.length - kept.length, routes, coldMix, coldMixReadModel };
}
