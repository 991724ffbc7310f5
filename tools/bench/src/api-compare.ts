// BENCH_COLD_COMPARE=<another checkout>: every cold URL asked of this checkout's API and of the
// other checkout's (started on the same database), plain and with `Accept-Encoding: gzip`, and
// their answers compared byte for byte - status, headers (but those of the moment: Date, the
// request id, the connection's) and body, as sent (not decoded). Prints the count of differences
// and the first few; a change to the read side must leave it at 0.
import { request } from 'node:http';
import type { ColdUrl } from './api-cold-mix';

const OF_THE_MOMENT = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);

interface Raw {
  status: number;
  headers: string;
  body: Buffer;
}

function get(base: string, path: string, headers: Record<string, string>): Promise<Raw> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ host: hostname, port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const kept: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) if (!OF_THE_MOMENT.has(res.rawHeaders[i].toLowerCase())) kept.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        done({ status: res.statusCode ?? 0, headers: kept.join('\n'), body: Buffer.concat(chunks) });
      });
    });
    req.on('error', fail);
    req.end();
  });
}

/** Differences between the two APIs' answers to every URL (plain and gzip), 8 URLs at a time. */
export async function compareApis(mine: string, other: string, urls: readonly ColdUrl[]): Promise<number> {
  const codings: Array<Record<string, string>> = [{}, { 'Accept-Encoding': 'gzip' }];
  const differences: string[] = [];
  let compared = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < urls.length) {
        const { path } = urls[next++];
        for (const headers of codings) {
          const [a, b] = await Promise.all([get(mine, path, headers), get(other, path, headers)]);
          compared++;
          const what = a.status !== b.status ? `status ${a.status} / ${b.status}` : a.headers !== b.headers ? `headers\n${a.headers}\n---\n${b.headers}` : !a.body.equals(b.body) ? `body (${a.body.length} / ${b.body.length} bytes)` : '';
          if (what) differences.push(`${path} ${headers['Accept-Encoding'] ?? 'plain'}: ${what}`);
        }
      }
    }),
  );
  console.log(`compared with the other checkout: ${compared} answers (${urls.length} URLs, plain and gzip), ${differences.length} different`);
  for (const d of differences.slice(0, 5)) console.log(`  differs: ${d.slice(0, 1500)}`);
  return differences.length;
}
