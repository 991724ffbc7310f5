// The publication service alone, role `api`, in its own process, for bench:api: the API under
// load as deployed, without the five other services' queue workers in the same event loop.
// Settings come from the environment (DATABASE_URL, QUEUE_*, PORT 0); prints `LISTENING <url>`.
// BENCH_API_PAUSES=MS: every garbage collection and every event-loop stall of at least MS ms is
// written to stderr, to tell a p99 tail made by the collector from one made by a timer's work.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { bootstrap } from '../../../apps/publication/src/main';

const pausesMs = Number(process.env.BENCH_API_PAUSES ?? 0);
if (pausesMs > 0) reportPauses(pausesMs);

bootstrap('api')
  .then((service) => console.log(`LISTENING ${service.url}`))
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
      if (entry.duration >= thresholdMs) process.stderr.write(`PAUSE gc ${kinds[kind] ?? kind} ${entry.duration.toFixed(1)} ms at ${Date.now()}\n`);
    }
  }).observe({ entryTypes: ['gc'] });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - 1;
    if (late >= thresholdMs) process.stderr.write(`PAUSE loop ${late.toFixed(1)} ms at ${Date.now()}\n`);
    last = now;
  }, 1).unref();
}
