// Prometheus metrics on one Registry per app (not prom-client's global one), so several apps in
// one process (tests) never clash over metric names. Queue metrics register on the same Registry.
import { Controller, Get, Global, Header, Inject, Module, Res } from '@nestjs/common';
import { ApiExcludeController, ApiProduces } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export class HttpMetrics {
  private readonly latency: Histogram<'method' | 'route' | 'status'>;
  private readonly quick: Counter<'route'>;
  /**
   * The labelled series already in use: prom-client hashes a label object on every call, which
   * at thousands of quick answers a second cost more than the answer.
   */
  private readonly latencyOf = new Map<string, { observe(seconds: number): void }>();
  private readonly quickOf = new Map<string, { inc(): void }>();

  constructor(registry: Registry) {
    this.quick = new Counter({
      name: 'http_quick_answers_total',
      help: 'Requests answered ahead of Express from memory (also counted in http_request_duration_seconds), by route template',
      labelNames: ['route'],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
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
    this.record(method, route, status, Number(process.hrtime.bigint() - started) / 1e9);
  }

  /** One request answered ahead of Express (answerAheadOfExpress); `startedMs` from performance.now(). */
  observeQuick(method: string, route: string, status: number, startedMs: number): void {
    this.record(method, route, status, (performance.now() - startedMs) / 1000);
    let series = this.quickOf.get(route);
    if (!series) {
      series = this.quick.labels({ route });
      this.quickOf.set(route, series);
    }
    series.inc();
  }

  private record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.latencyOf.get(key);
    if (!series) {
      series = this.latency.labels({ method, route, status: String(status) });
      this.latencyOf.set(key, series);
    }
    series.observe(seconds);
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
