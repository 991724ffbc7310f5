// A request without supertest's body parsing: the bytes and headers exactly as the server sent
// them (the read-model and quick-read specs compare answers byte for byte), one connection each.
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequest {
  /** The local address to send from (a client address of its own, e.g. for the rate limit). */
  from?: string;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
}

/** `path` on the service at `baseUrl`. */
export function rawRequest(baseUrl: string, path: string, options: RawRequest = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: Number(new URL(baseUrl).port), path, method: options.method ?? 'GET', headers: options.headers, localAddress: options.from, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
