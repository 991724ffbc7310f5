// gzip and Brotli for JSON, CSV and other text answers, chosen by Accept-Encoding (RFC 9110
// 12.5.3): br before gzip when both are acceptable. Every compressible answer says
// `Vary: Accept-Encoding`, compressed or not; a compressed one has a weak ETag (the same
// representation in other bytes), so If-None-Match with either form still matches.
import type { NextFunction, Request, Response } from 'express';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type ContentCoding = 'br' | 'gzip';

/** Smaller answers gain nothing worth the work. */
export const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = /^(application\/([\w.-]+\+)?json|text\/[\w.-]+)\s*(;|$)/i;

/** The coding to send for an Accept-Encoding header, or undefined for the bytes as they are. */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): ContentCoding | undefined {
  if (!acceptEncoding) return undefined;
  const q = new Map<string, number>();
  for (const part of String(acceptEncoding).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = weight ? Number(weight.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weightOf = (coding: string) => q.get(coding) ?? q.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((c) => weightOf(c) > 0).sort((a, b) => weightOf(b) - weightOf(a));
  return best[0];
}

export function isCompressible(contentType: unknown, bytes: number): boolean {
  return typeof contentType === 'string' && COMPRESSIBLE.test(contentType) && bytes >= COMPRESS_MIN_BYTES;
}

const BROTLI_QUALITY = 4;

export function encode(body: Buffer, coding: ContentCoding): Buffer {
  // Quality 4, on the request path: on this platform's JSON and CSV it takes half of quality 5's
  // CPU for at most 7% more bytes (smaller than quality 5 on a run's hex digests), and it is what
  // a whole-history recompute's 84 POST /runs answers (about 0.8 MB each) cost the productivity
  // service's thread.
  return coding === 'br' ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }) : gzipSync(body);
}

/** `"abc"` → `W/"abc"`: the ETag of a compressed variant. */
export function weakened(etag: string): string {
  return etag.startsWith('W/') ? etag : `W/${etag}`;
}

/** Vary with `Accept-Encoding` added (once). */
export function varyWithEncoding(vary: unknown): string {
  const current = vary === undefined ? '' : String(vary);
  if (/(^|,)\s*accept-encoding\s*(,|$)/i.test(current)) return current;
  return current ? `${current}, Accept-Encoding` : 'Accept-Encoding';
}

/**
 * Express middleware for answers sent whole (res.send/res.json, which is everything the
 * services answer but files streamed): compresses them when the client accepts it. An answer
 * that already carries a Content-Encoding (one compressed and cached by its route) is left alone.
 */
export function compressAnswers() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if ((typeof body !== 'string' && !Buffer.isBuffer(body)) || res.getHeader('Content-Encoding') !== undefined || res.statusCode === 204 || res.statusCode === 304) {
        return send(body);
      }
      const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
      if (!isCompressible(res.getHeader('Content-Type'), bytes)) return send(body);
      res.setHeader('Vary', varyWithEncoding(res.getHeader('Vary')));
      const coding = chooseEncoding(req.headers['accept-encoding']);
      if (!coding) return send(body);
      const etag = res.getHeader('ETag');
      if (typeof etag === 'string') res.setHeader('ETag', weakened(etag));
      res.setHeader('Content-Encoding', coding);
      return send(encode(typeof body === 'string' ? Buffer.from(body) : body, coding));
    };
    next();
  };
}
