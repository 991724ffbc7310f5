// Some answers are ready before Express would have finished reading the request: a published
// release's figures, rendered once and kept. For those, the router, guards, pipes, interceptors
// and per-request logging cost many times the answer itself (docs/benchmarks.md, API). A
// service may therefore put one answerer in front of Express on the node:http server: it either
// answers completely or declines, and whatever it declines reaches Express untouched, so every
// rule of the full path (validation, access, problem details, logging) stays the rule for
// anything out of the ordinary. What the answerer does serve is measured as the full path is
// (http_request_duration_seconds with its route template, and http_quick_answers_total) and
// carries a request id, but it is not access-logged line by line: at thousands of identical
// reads a second the log would cost more than the answers.
import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { requestIdOf } from './logging';
import type { HttpMetrics } from './metrics';

/** A complete answer; the request id and (with a body) Content-Length are added when it is written. */
export interface QuickReply {
  /** Route template for metrics, as Express would label it (`/v1/estimates`). */
  route: string;
  status: number;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
}

/** Answers a request completely, or returns undefined to leave it to Express. Must not read the body. */
export type QuickAnswerer = (req: IncomingMessage) => QuickReply | undefined | Promise<QuickReply | undefined>;

const logger = new Logger('AheadOfExpress');

/**
 * Puts `answerer` in front of the server's request listeners (Express). Call once, before the
 * server listens (OnApplicationBootstrap is early enough).
 */
export function answerAheadOfExpress(server: Server, answerer: QuickAnswerer, metrics: HttpMetrics): void {
  const fullPath = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const passOn = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of fullPath) listener.call(server, req, res);
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    let reply: QuickReply | undefined | Promise<QuickReply | undefined>;
    try {
      reply = answerer(req);
    } catch (error) {
      return declineAfterError(error, req, res, passOn);
    }
    if (reply instanceof Promise) {
      reply.then(
        (settled) => (settled ? write(settled, req, res, started, metrics) : passOn(req, res)),
        (error) => declineAfterError(error, req, res, passOn),
      );
    } else if (reply) {
      write(reply, req, res, started, metrics);
    } else {
      passOn(req, res);
    }
  });
}

function write(reply: QuickReply, req: IncomingMessage, res: ServerResponse, started: number, metrics: HttpMetrics): void {
  // Object.assign, not a spread: it measured cheaper per request here (bench:api).
  const headers: OutgoingHttpHeaders = Object.assign({}, reply.headers);
  headers['X-Request-Id'] = requestIdOf(req);
  // No length without a body: on a 304 it would have to be the 200's (RFC 9110, 8.6).
  if (reply.body) headers['Content-Length'] = reply.body.length;
  res.writeHead(reply.status, headers);
  res.end(reply.body);
  metrics.observeQuick(req.method ?? 'GET', reply.route, reply.status, started);
}

/** An answerer that fails has answered nothing: the full path takes the request. */
function declineAfterError(error: unknown, req: IncomingMessage, res: ServerResponse, passOn: RequestListener): void {
  logger.warn(`quick answer of ${req.method} ${req.url} failed, passed on: ${(error as Error)?.message ?? error}`);
  passOn(req, res);
}
