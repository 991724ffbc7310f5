// answerAheadOfExpress on a real node:http server: an answer is written whole with a request id
// and counted; a decline, a throw or a rejection leaves the request to the listeners behind it,
// which then see it untouched.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { answerAheadOfExpress, HttpMetrics, QuickAnswerer } from '../src';

let server: Server;
let registry: Registry;
const behind: string[] = [];

async function start(answerer: QuickAnswerer): Promise<string> {
  behind.length = 0;
  registry = new Registry();
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    behind.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('full path');
  });
  answerAheadOfExpress(server, answerer, new HttpMetrics(registry));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterEach(() => new Promise((resolve) => server.close(resolve)));

const quickCount = async () => (await (registry.getSingleMetric('http_quick_answers_total') as Counter).get()).values.reduce((n, v) => n + v.value, 0);

it('writes an answer whole with Content-Length and a request id (the proxy\'s when given), and counts it', async () => {
  const url = await start((req) => (req.url === '/quick' ? { route: '/quick', status: 200, headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{"a":1}') } : undefined));
  const res = await fetch(`${url}/quick`, { headers: { 'X-Request-Id': 'from-the-proxy' } });
  expect(await res.text()).toBe('{"a":1}');
  expect(res.headers.get('content-length')).toBe('7');
  expect(res.headers.get('x-request-id')).toBe('from-the-proxy');
  expect((await fetch(`${url}/quick`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(await quickCount()).toBe(2);
  expect(behind).toEqual([]);
  expect(await registry.getSingleMetricAsString('http_request_duration_seconds')).toContain('route="/quick",status="200"');
});

it('counts quick answers into the same histogram series as the full path, across scrapes', async () => {
  const url = await start((req) => (req.url === '/quick' ? { route: '/quick', status: 200, headers: {}, body: Buffer.from('x') } : undefined));
  const series = 'method="GET",route="/quick",status="200"';
  const count = async () => Number(new RegExp(`http_request_duration_seconds_count\\{${series}\\} (\\d+)`).exec(await registry.metrics())?.[1]);
  const inf = async () => Number(new RegExp(`http_request_duration_seconds_bucket\\{le="\\+Inf",${series}\\} (\\d+)`).exec(await registry.metrics())?.[1]);
  for (let i = 0; i < 3; i++) await (await fetch(`${url}/quick`)).text();
  expect(await count()).toBe(3);
  // A second scrape adds nothing that was already added; later answers add to it.
  expect(await count()).toBe(3);
  for (let i = 0; i < 2; i++) await (await fetch(`${url}/quick`)).text();
  expect(await count()).toBe(5);
  expect(await inf()).toBe(5);
  expect(await quickCount()).toBe(5);
  // Each answer lies in some finite bucket (well under 10 s) and the buckets are cumulative.
  const buckets = [...(await registry.metrics()).matchAll(new RegExp(`http_request_duration_seconds_bucket\\{le="([0-9.]+)",${series}\\} (\\d+)`, 'g'))].map((m) => Number(m[2]));
  expect(buckets).toHaveLength(11);
  expect(buckets[10]).toBe(5);
  expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
});

it.each([
  ['declines', () => undefined],
  ['declines later', () => Promise.resolve(undefined)],
  ['throws', () => { throw new Error('broken answerer'); }],
  ['rejects', () => Promise.reject(new Error('broken answerer'))],
] as Array<[string, QuickAnswerer]>)('leaves the request to the full path when the answerer %s', async (_, answerer) => {
  const url = await start(answerer);
  const res = await fetch(`${url}/anything?x=1`, { method: 'POST', body: 'payload' });
  expect(await res.text()).toBe('full path');
  expect(behind).toEqual(['/anything?x=1']);
  expect(await quickCount()).toBe(0);
});
