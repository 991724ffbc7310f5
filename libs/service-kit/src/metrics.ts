// Prometheus metrics on one Registry per app (not prom-client's global one), so several apps in
// one process (tests) never clash over metric names. Queue metrics register on the same Registry.
import { Controller, Get, Global, Header, Inject, Module, Res } from '@nestjs/common';
import { ApiExcludeController, ApiProduces } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** prom-client's own record of one histogram series (Histogram.hashMap's values, prom-client 15). */
interface HistogramEntry {
  labels: Record<string, string>;
  bucketValues: Record<number, number>;
  sum: number;
  count: number;
}

/**
 * The quick answers of one method, status and route, counted here between scrapes: a few
 * additions per request instead of prom-client's label hashing and validation, added to the
 * histogram and the counter when they are read, so the scrape shows the same series.
 */
class QuickTally {
  /** Per bucket of LATENCY_BUCKETS (not cumulative); beyond the last only the count grows, as in prom-client. */
  readonly buckets = new Float64Array(LATENCY_BUCKETS.length);
  sum = 0;
  count = 0;
  constructor(
    readonly method: string,
    readonly route: string,
    readonly status: string,
  ) {}
}

export class HttpMetrics {
  private readonly latency: Histogram<'method' | 'route' | 'status'>;
  private readonly quick: Counter<'route'>;
  /**
   * The labelled series already in use: prom-client hashes a label object on every call, which
   * at thousands of quick answers a second cost more than the answer.
   */
  private readonly latencyOf = new Map<string, { observe(seconds: number): void }>();
  /** The quick answers not yet added to the histogram, by `method status route`. */
  private readonly tallies = new Map<string, QuickTally>();
  private readonly quickPending = new Map<string, number>();

  constructor(registry: Registry) {
    this.quick = new Counter({
      name: 'http_quick_answers_total',
      help: 'Requests answered ahead of Express from memory (also counted in http_request_duration_seconds), by route template',
      labelNames: ['route'],
      registers: [registry],
      collect: () => this.flushQuickCounts(),
    });
    this.latency = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
      collect: () => this.flushQuickLatencies(),
    });
  }

  /** Express middleware; labels use the route template (`/runs/:id`) to keep cardinality low. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        this.observe(req.method, req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched', res.statusCode, started);
      });
      next();
    };
  }

  /** One answered request; `started` from process.hrtime.bigint(). */
  observe(method: string, route: string, status: number, started: bigint): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const key = `${method} ${status} ${route}`;
    let series = this.latencyOf.get(key);
    if (!series) {
      series = this.latency.labels({ method, route, status: String(status) });
      this.latencyOf.set(key, series);
    }
    series.observe(seconds);
  }

  /** One request answered ahead of Express (answerAheadOfExpress); `started` from performance.now(). */
  observeQuick(method: string, route: string, status: number, startedMs: number): void {
    const seconds = (performance.now() - startedMs) / 1000;
    const key = `${method} ${status} ${route}`;
    let tally = this.tallies.get(key);
    if (!tally) this.tallies.set(key, (tally = new QuickTally(method, route, String(status))));
    const buckets = tally.buckets;
    for (let i = 0; i < buckets.length; i++) {
      if (seconds <= LATENCY_BUCKETS[i]) {
        buckets[i]++;
        break;
      }
    }
    tally.sum += seconds;
    tally.count++;
    this.quickPending.set(route, (this.quickPending.get(route) ?? 0) + 1);
  }

  private flushQuickCounts(): void {
    for (const [route, n] of this.quickPending) this.quick.labels({ route }).inc(n);
    this.quickPending.clear();
  }

  private flushQuickLatencies(): void {
    for (const tally of this.tallies.values()) {
      if (tally.count === 0) continue;
      const entry = this.entryOf(tally);
      for (let i = 0; i < LATENCY_BUCKETS.length; i++) entry.bucketValues[LATENCY_BUCKETS[i]] += tally.buckets[i];
      entry.sum += tally.sum;
      entry.count += tally.count;
      tally.buckets.fill(0);
      tally.sum = 0;
      tally.count = 0;
    }
  }

  /**
   * prom-client's record of the tally's series, made (zero) if there is none yet. It has no way
   * to add many observations at once, so this reaches its record; the metrics specs read the
   * result through prom-client's own output and fail should that record change shape.
   */
  private entryOf(tally: QuickTally): HistogramEntry {
    const find = () => {
      const entries = Object.values((this.latency as unknown as { hashMap: Record<string, HistogramEntry> }).hashMap);
      return entries.find((e) => e.labels.method === tally.method && e.labels.route === tally.route && e.labels.status === tally.status);
    };
    let entry = find();
    if (!entry) {
      this.latency.zero({ method: tally.method, route: tally.route, status: tally.status });
      entry = find();
    }
    if (!entry || typeof entry.sum !== 'number' || typeof entry.bucketValues[LATENCY_BUCKETS[0]] !== 'number') {
      throw new Error('prom-client histogram records changed shape: HttpMetrics cannot add the quick answers');
    }
    return entry;
  }
}

@ApiExcludeController()
// What it answers, for the Accept check (AcceptableAnswers): a scraper may ask for text alone.
@ApiProduces('text/plain', 'application/openmetrics-text')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(Registry) private readonly registry: Registry) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.type(this.registry.contentType);
    return this.registry.metrics();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
    { provide: HttpMetrics, useFactory: (registry: Registry) => new HttpMetrics(registry), inject: [Registry] },
  ],
  exports: [Registry, HttpMetrics],
})
export class MetricsModule {}
