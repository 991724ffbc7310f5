// CORS for a service's public read API: a browser app on any origin may GET and HEAD it and read
// the headers a client needs (ETag, Link, X-Total-Count, ...), without credentials - no cookies
// are used, and a preflight allows no Authorization or X-API-Key header, so a key is never sent
// from another origin. Writes and admin routes get no CORS headers (BootstrapOptions.publicReads
// names the paths; a write method is never allowed).
import type { NextFunction, Request, Response } from 'express';

export const PUBLIC_READ_CORS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Link, X-Total-Count, X-Request-Id, Content-Disposition, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
};

const PREFLIGHT = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Accept, If-None-Match',
  'Access-Control-Max-Age': '600',
};

export function publicReadCors(paths: RegExp) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!paths.test(req.path)) return next();
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      res.set(PREFLIGHT).status(204).end();
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') res.set(PUBLIC_READ_CORS);
    next();
  };
}
