// The publication service alone, role `api`, in its own process, for bench:api: the API under
// load as deployed, without the five other services' queue workers in the same event loop.
// Settings come from the environment (DATABASE_URL, QUEUE_*, PORT 0); prints `LISTENING <url>`.
// BENCH_API_PAUSES=MS: every garbage collection and every event-loop stall of at least MS ms is
// written to stderr, to tell a p99 tail made by the collector from one made by a timer's work.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Counter, Histogram, Registry } from 'prom-client';
import { bootstrap } from '../../../apps/publication/src/main';

const pausesMs = Number(process.env.BENCH_API_PAUSES ?? 0);
if (pausesMs > 0) reportPauses(pausesMs);
/** Pauses before the service listens (module loading, the models' preload) delay no request. */
let phase = 'starting';

bootstrap('api')
  .then((service) => {
    phase = 'listening';
    if (pausesMs > 0) reportRouted(service.app.get(Registry), service.app.getHttpServer() as Server);
    console.log(`LISTENING ${service.url}`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

function reportPauses(thresholdMs: number): void {
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind: number } }).detail?.kind ?? 0;
      if (entry.duration >= thresholdMs) process.stderr.write(`PAUSE ${phase} gc ${kinds[kind] ?? kind} ${entry.duration.toFixed(1)} ms at ${Date.now()}\n`);
    }
  }).observe({ entryTypes: ['gc'] });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - 1;
    if (late >= thresholdMs) process.stderr.write(`PAUSE ${phase} loop ${late.toFixed(1)} ms at ${Date.now()}\n`);
    last = now;
  }, 1).unref();
}

/**
 * Requests the quick path declined (answered by Express, most by SQL), and the server's own
 * latency of all answers (request event to the end written, by bucket): beside the client's
 * p99 this tells a tail made in this process from one made outside it.
 */
function reportRouted(registry: Registry, server: Server): void {
  let reported = '';
  const listeningCpu = process.cpuUsage();
  // From a connection's accept to its first request's event: what a new connection waits here.
  const acceptedAt = new WeakMap<Socket, number>();
  const firstWaits: number[] = [];
  server.on('connection', (socket: Socket) => acceptedAt.set(socket, performance.now()));
  server.prependListener('request', (req) => {
    const at = acceptedAt.get(req.socket);
    if (at === undefined) return;
    firstWaits.push(performance.now() - at);
    acceptedAt.delete(req.socket);
  });
  setInterval(async () => {
    const values = (await (registry.getSingleMetric('http_request_duration_seconds') as Histogram).get()).values;
    const quick = (await (registry.getSingleMetric('http_quick_answers_total') as Counter).get()).values.reduce((n, v) => n + v.value, 0);
    const count = values.filter((v) => v.metricName?.endsWith('_count')).reduce((n, v) => n + v.value, 0);
    const le = new Map<string, number>();
    for (const v of values) if (v.metricName?.endsWith('_bucket')) le.set(String(v.labels.le), (le.get(String(v.labels.le)) ?? 0) + v.value);
    const waits = firstWaits.sort((a, b) => b - a).slice(0, 5).map((ms) => ms.toFixed(0)).join('/');
    const line = `SERVER accepted-to-first-request longest ${waits} ms of ${firstWaits.length}; answers ${count} (routed ${count - quick}), at most: ${[...le].map(([bound, n]) => `${bound}s ${n}`).join(', ')}`;
    // The process's CPU time (user + system) since it listened: per answer, a figure that a busy machine's scheduling does not move as it moves req/s and latency.
    const used = process.cpuUsage(listeningCpu);
    if (line !== reported) process.stderr.write(`${line}; cpu since listening ${((used.user + used.system) / 1000).toFixed(0)} ms\n`);
    reported = line;
  }, 500).unref();
}
